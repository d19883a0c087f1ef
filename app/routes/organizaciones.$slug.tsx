import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/badges.tsx";
import { getOrganization } from "~/accounts/organizations.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.organization.name} · Minka` }] : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organization = await getOrganization(params.slug ?? "");
  if (!organization) throw textResponse(request, 404, "responses.organizationNotFound");
  return { organization };
}

export default function OrganizationPage() {
  const { t } = useTranslation();
  const { organization: org } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/organizaciones">{t("organizations.title")}</Link>
      </nav>
      <h1>
        {org.name}
        {org.acronym ? ` (${org.acronym})` : ""}
      </h1>
      <p>
        <SectorBadge sector={org.sector} /> {t(`organizationKinds.${org.kind}`)}
        {org.territory ? ` · ${org.territory.name}` : ""}
      </p>
      {org.description ? <p className="lead">{org.description}</p> : null}
      <section aria-labelledby="org-members">
        <h2 id="org-members">{t("organizations.members")}</h2>
        {org.memberships.length === 0 ? (
          <p className="muted">{t("organizations.noMembers")}</p>
        ) : (
          <ul>
            {org.memberships.map((m, index) => (
              <li key={index}>
                {m.user.name} — {t(`membershipRoles.${m.role}`)}
                {m.title ? `, ${m.title}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="org-commitments">
        <h2 id="org-commitments">{t("organizations.ledCommitments")}</h2>
        {org.ledCommitments.length === 0 ? (
          <p className="muted">{t("organizations.noCommitments")}</p>
        ) : (
          <ul>
            {org.ledCommitments.map((c) => (
              <li key={c.id}>
                <Link to={`/compromisos/${c.id}`} lang={c.title ? undefined : "en"}>
                  {c.title ?? c.titleEn}
                </Link>{" "}
                <span className="muted">
                  ({c.plan.name}, {t("commitment.numberOf", { number: c.number })})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
