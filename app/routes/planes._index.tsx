import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge, PhaseBadge } from "~/components/badges.tsx";
import { SelectFilter } from "~/components/select-filter.tsx";
import { listPlans } from "~/models/plan.server.ts";
import { formatPercent } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plans.title");

const SCOPES = ["NATIONAL", "REGIONAL", "LOCAL"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const requested = new URL(request.url).searchParams.get("ambito");
  const scope = SCOPES.find((s) => s === requested);
  return { plans: await listPlans({ scope }), scope: scope ?? null };
}

export default function PlansPage() {
  const { t, i18n } = useTranslation();
  const { plans, scope } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>{t("plans.title")}</h1>
      <p className="lead">{t("plans.intro")}</p>
      <SelectFilter
        name="ambito"
        label={t("plans.scope")}
        formLabel={t("plans.filterLabel")}
        allLabel={t("plans.allScopes")}
        options={SCOPES.map((s) => ({ value: s, label: t(`scopes.${s}`) }))}
        value={scope}
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
