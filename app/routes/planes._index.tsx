import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge, PhaseBadge } from "~/components/badges.tsx";
import { FiltersForm } from "~/components/filters-form.tsx";
import { listTerritories, territoryParam } from "~/monitoring/monitoring.server.ts";
import { listPlans } from "~/plans/plans.server.ts";
import { formatPercent } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plans.title");

const SCOPES = ["NATIONAL", "REGIONAL", "LOCAL"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const requested = params.get("ambito");
  const scope = SCOPES.find((s) => s === requested);
  const territoryId = await territoryParam(params.get("territorio"));
  const [plans, territories] = await Promise.all([listPlans({ scope, territoryId }), listTerritories()]);
  return { plans, scope: scope ?? null, territoryId, territories };
}

export default function PlansPage() {
  const { t, i18n } = useTranslation();
  const { plans, scope, territoryId, territories } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>{t("plans.title")}</h1>
      <p className="lead">{t("plans.intro")}</p>
      <FiltersForm
        label={t("plans.filterLabel")}
        selects={[
          {
            name: "ambito",
            label: t("plans.scope"),
            allLabel: t("plans.allScopes"),
            options: SCOPES.map((s) => ({ value: s, label: t(`scopes.${s}`) })),
            value: scope,
          },
          {
            name: "territorio",
            label: t("monitoring.territory"),
            allLabel: t("monitoring.allTerritories"),
            options: territories.map((x) => ({ value: x.id, label: x.name })),
            value: territoryId,
          },
        ]}
      />
      {plans.length === 0 ? <p>{t("plans.none")}</p> : null}
      <ul className="card-list">
        {plans.map((plan) => (
          <li key={plan.id} className="card">
            <h2>
              <Link to={`/planes/${plan.id}`}>{plan.name}</Link>
            </h2>
            <p>
              <PhaseBadge phase={plan.phase} /> {plan.isDemo ? <DemoBadge /> : null}
            </p>
            <dl className="facts compact">
              <dt>{t("plans.period")}</dt>
              <dd>
                {plan.periodStart}–{plan.periodEnd}
              </dd>
              <dt>{t("plans.scope")}</dt>
              <dd>
                {t(`scopes.${plan.scope}`)} · {plan.territory.name}
              </dd>
              <dt>{t("plans.commitments")}</dt>
              <dd>{plan.declaredCommitmentCount ?? plan._count.commitments}</dd>
              {plan.declaredCompliance !== null ? (
                <>
                  <dt>{t("plans.compliance")}</dt>
                  <dd>{formatPercent(plan.declaredCompliance, i18n.language)}</dd>
                </>
              ) : null}
              {plan.themes.length > 0 ? (
                <>
                  <dt>{t("plans.themes")}</dt>
                  <dd>{plan.themes.map((theme) => theme.name).join(" · ")}</dd>
                </>
              ) : null}
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}
