import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireSecretariat } from "~/administration/actions.server.ts";
import { administrationLinks } from "~/administration/components/styles.ts";
import { WorkspaceNav } from "~/administration/components/workspace-nav.tsx";
import { listWorkspaceOrganizations } from "~/administration/organizations.server.ts";
import { SectorBadge } from "~/components/badges.tsx";
import { pageTitle } from "~/utils/meta.ts";

// /administracion/organizaciones — every organisation and institution, with its sector,
// territory and whether the secretariat verified it.

export const links = administrationLinks;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "administration.organizations.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSecretariat(context, request);
  return { organizations: await listWorkspaceOrganizations() };
}

export default function WorkspaceOrganizationsPage() {
  const { t } = useTranslation();
  const { organizations } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/administracion">{t("administration.title")}</Link>
      </nav>
      <h1>{t("administration.organizations.title")}</h1>
      <p className="lead">{t("administration.organizations.intro")}</p>
      <WorkspaceNav />
      <p>
        <Link to="/administracion/organizaciones/nueva" className="button primary">
          {t("administration.organizations.create")}
        </Link>
      </p>
      {organizations.length === 0 ? (
        <p>{t("administration.organizations.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t("administration.organizations.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("administration.fields.organizationName")}</th>
                <th scope="col">{t("administration.fields.sector")}</th>
                <th scope="col">{t("administration.fields.territoryId")}</th>
                <th scope="col">{t("administration.fields.verified")}</th>
              </tr>
            </thead>
            <tbody>
              {organizations.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link to={`/administracion/organizaciones/${o.id}`}>
                      {o.acronym ? `${o.name} (${o.acronym})` : o.name}
                    </Link>
                    <br />
                    <span className="muted">{t(`organizationKinds.${o.kind}`)}</span>
                  </th>
                  <td>
                    <SectorBadge sector={o.sector} />
                  </td>
                  <td>{o.territory?.name ?? "—"}</td>
                  <td>
                    {o.verifiedAt
                      ? t("administration.organizations.isVerified")
                      : t("administration.organizations.notVerified")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
