import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireSecretariat } from "~/administration/actions.server.ts";
import { administrationLinks } from "~/administration/components/styles.ts";
import { WorkspaceNav } from "~/administration/components/workspace-nav.tsx";
import { listWorkspaceOrganizations } from "~/administration/organizations.server.ts";
import { listWorkspacePlans } from "~/administration/plans.server.ts";
import { DemoBadge, PhaseBadge } from "~/components/badges.tsx";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";

// /administracion — the secretariat's workspace: every plan with where it stands on the cycle and
// its participation window, the organisations, and the steps of running a plan.

export const links = administrationLinks;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "administration.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSecretariat(context, request);
  const [plans, organizations] = await Promise.all([listWorkspacePlans(), listWorkspaceOrganizations()]);
  return {
    plans: plans.map((plan) => ({
      ...plan,
      participationOpensAt: plan.participationOpensAt?.toISOString() ?? null,
      participationClosesAt: plan.participationClosesAt?.toISOString() ?? null,
    })),
    organizationCount: organizations.length,
    unverifiedCount: organizations.filter((o) => o.verifiedAt === null).length,
  };
}

export default function WorkspacePage() {
  const { t, i18n } = useTranslation();
  const { plans, organizationCount, unverifiedCount } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>{t("administration.title")}</h1>
      <p className="lead">{t("administration.intro")}</p>
      <WorkspaceNav />

      <section aria-labelledby="workspace-steps">
        <h2 id="workspace-steps">{t("administration.steps.title")}</h2>
        <ol className="steps">
          <li>{t("administration.steps.plan")}</li>
          <li>{t("administration.steps.window")}</li>
          <li>{t("administration.steps.organizations")}</li>
          <li>{t("administration.steps.commitments")}</li>
          <li>{t("administration.steps.team")}</li>
        </ol>
      </section>

      <section aria-labelledby="workspace-plans">
        <h2 id="workspace-plans">{t("administration.plans.title")}</h2>
        <p>
          <Link to="/administracion/planes/nuevo" className="button primary">
            {t("administration.plans.create")}
          </Link>
        </p>
        {plans.length === 0 ? (
          <p>{t("administration.plans.none")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption>{t("administration.plans.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("administration.fields.name")}</th>
                  <th scope="col">{t("administration.plans.period")}</th>
                  <th scope="col">{t("administration.plans.stage")}</th>
                  <th scope="col">{t("administration.plans.window")}</th>
                  <th scope="col">{t("administration.plans.commitments")}</th>
                </tr>
              </thead>
              <tbody>
                {plans.map((plan) => (
                  <tr key={plan.id}>
                    <th scope="row">
                      <Link to={`/administracion/planes/${plan.id}`}>{plan.name}</Link>{" "}
                      {plan.isDemo ? <DemoBadge /> : null}
                      <br />
                      <span className="muted">
                        {t(`scopes.${plan.scope}`)} · {plan.territory.name}
                      </span>
                    </th>
                    <td>
                      {plan.periodStart}–{plan.periodEnd}
                    </td>
                    <td>
                      <PhaseBadge phase={plan.phase} />
                      {plan.stage ? (
                        <>
                          <br />
                          {t(`administration.stages.${plan.stage}`)}
                        </>
                      ) : null}
                    </td>
                    <td>
                      {plan.participationOpensAt && plan.participationClosesAt
                        ? t("administration.plans.windowRange", {
                            opensAt: formatDateTime(plan.participationOpensAt, i18n.language),
                            closesAt: formatDateTime(plan.participationClosesAt, i18n.language),
                          })
                        : t("administration.plans.noWindow")}
                    </td>
                    <td>
                      <Link to={`/administracion/planes/${plan.id}/compromisos`}>
                        {t("administration.plans.commitmentCount", { count: plan._count.commitments })}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="workspace-organizations">
        <h2 id="workspace-organizations">{t("administration.organizations.title")}</h2>
        <p>
          {t("administration.organizations.summary", { count: organizationCount })}{" "}
          {unverifiedCount > 0 ? t("administration.organizations.unverified", { count: unverifiedCount }) : null}
        </p>
        <p>
          <Link to="/administracion/organizaciones">{t("administration.organizations.manage")}</Link>
        </p>
      </section>
    </div>
  );
}
