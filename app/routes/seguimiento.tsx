import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChartFigure, type Series } from "~/monitoring/components/bar-chart.tsx";
import { usePeriodLabel } from "~/monitoring/components/report-view.tsx";
import { TerritoryFilter } from "~/monitoring/components/territory-filter.tsx";
import {
  attentionFlags,
  listTerritories,
  participation,
  planCompliance,
  progressBreakdown,
  territoryParam,
} from "~/monitoring/monitoring.server.ts";
import { formatDate, formatPercent } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "monitoring.dashboard.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const territoryId = await territoryParam(new URL(request.url).searchParams.get("territorio"));
  const filter = { territoryId };
  const [plans, breakdown, people, flags, territories] = await Promise.all([
    planCompliance(filter),
    progressBreakdown(filter),
    participation(filter),
    attentionFlags(filter),
    listTerritories(),
  ]);
  return { territoryId, plans, breakdown, people, flags, territories };
}

const COMPLETION_COLORS: Record<string, string> = {
  NOT_STARTED: "#9aa5b1",
  LIMITED: "#e0a030",
  SUBSTANTIAL: "#3f8fd2",
  COMPLETE: "#2e7d32",
  UNKNOWN: "#d9dde2",
};
const SECTOR_COLORS: Record<string, string> = {
  CIVIL_SOCIETY: "#b5475d",
  PUBLIC_SECTOR: "#1f5f99",
  PRIVATE_SECTOR: "#8a6d1d",
  ACADEMIA: "#5b4b9a",
  NONE: "#9aa5b1",
};

export default function MonitoringDashboard() {
  const { t, i18n } = useTranslation();
  const { territoryId, plans, breakdown, people, flags, territories } = useLoaderData<typeof loader>();
  const periodLabel = usePeriodLabel();
  const pct = (v: number | null) => (v === null ? "—" : formatPercent(v, i18n.language));
  const completionSeries: Series[] = ["COMPLETE", "SUBSTANTIAL", "LIMITED", "NOT_STARTED", "UNKNOWN"].map((k) => ({
    key: k,
    label: t(`monitoring.completion.${k}`),
    color: COMPLETION_COLORS[k]!,
  }));
  const sectorSeries: Series[] = ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA", "NONE"].map((k) => ({
    key: k,
    label: k === "NONE" ? t("monitoring.dashboard.noSector") : t(`sectors.${k}`),
    color: SECTOR_COLORS[k]!,
  }));
  const withCompliance = plans.filter((p) => p.declaredCompliance !== null || p.computedCompliance !== null);
  const territoryName = territories.find((x) => x.id === territoryId)?.name;
  const sectorsTotal = Object.entries(people.bySector)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s === "NONE" ? t("monitoring.dashboard.noSector") : t(`sectors.${s}`)}: ${n}`)
    .join(", ");
  return (
    <div className="container">
      <h1>{t("monitoring.dashboard.title")}</h1>
      <p className="lead">{t("monitoring.dashboard.intro")}</p>
      <TerritoryFilter territories={territories} value={territoryId} label={t("monitoring.dashboard.filterLabel")} />
      {territoryName ? <p role="status">{t("monitoring.dashboard.filtered", { territory: territoryName })}</p> : null}

      <section aria-labelledby="attention">
        <h2 id="attention">{t("monitoring.flags.title")}</h2>
        {flags.overdue.length === 0 && flags.silent.length === 0 ? (
          <p>{t("monitoring.flags.none", { period: periodLabel(flags.lastPeriod) })}</p>
        ) : (
          <ul>
            {flags.silent.map((s) => (
              <li key={s.commitmentId}>
                <Link to={`/compromisos/${s.commitmentId}/avances`}>
                  {t("monitoring.flags.silentItem", {
                    number: s.number,
                    plan: s.planName,
                    period: periodLabel(flags.lastPeriod),
                  })}
                </Link>
              </li>
            ))}
            {flags.overdue.map((o, i) => (
              <li key={`${o.commitmentId}-${i}`}>
                <Link to={`/compromisos/${o.commitmentId}/avances`}>
                  {t("monitoring.flags.overdueItem", {
                    number: o.commitmentNumber,
                    plan: o.planName,
                    milestone: o.milestone,
                    date: formatDate(o.endDate, i18n.language),
                  })}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="compliance">
        <h2 id="compliance">{t("monitoring.dashboard.complianceTitle")}</h2>
        <p className="muted">{t("monitoring.dashboard.complianceHow")}</p>
        <BarChartFigure
          id="chart-compliance"
          title={t("monitoring.dashboard.complianceChart")}
          summary={
            withCompliance.length === 0
              ? t("monitoring.dashboard.noData")
              : withCompliance
                  .map((p) =>
                    t("monitoring.dashboard.complianceSummaryItem", {
                      plan: p.ordinal ? `${p.ordinal} PAGA` : p.name,
                      declared: pct(p.declaredCompliance),
                      computed: pct(p.computedCompliance),
                    }),
                  )
                  .join("; ")
          }
          categoryLabel={t("monitoring.dashboard.plan")}
          rows={withCompliance.map((p) => ({
            label: p.ordinal ? `${p.ordinal} · ${p.periodStart}-${p.periodEnd}` : p.name,
            declared: p.declaredCompliance,
            computed: p.computedCompliance,
          }))}
          series={[
            { key: "declared", label: t("monitoring.dashboard.declared"), color: "#1f5f99" },
            { key: "computed", label: t("monitoring.dashboard.computed"), color: "#2e7d32" },
          ]}
          format={pct}
          tableLabel={t("monitoring.dashboard.showTable")}
          emptyLabel={t("monitoring.dashboard.noData")}
        />
      </section>

      <section aria-labelledby="progress">
        <h2 id="progress">{t("monitoring.dashboard.progressTitle")}</h2>
        {(["byTheme", "byInstitution", "byTerritory"] as const).map((key) => (
          <BarChartFigure
            key={key}
            id={`chart-${key}`}
            title={t(`monitoring.dashboard.${key}`)}
            summary={t("monitoring.dashboard.progressSummary", { count: breakdown[key].length })}
            categoryLabel={t(`monitoring.dashboard.${key}Column`)}
            rows={breakdown[key]}
            series={completionSeries}
            stacked
            tableLabel={t("monitoring.dashboard.showTable")}
            emptyLabel={t("monitoring.dashboard.noData")}
          />
        ))}
      </section>

      <section aria-labelledby="participation">
        <h2 id="participation">{t("monitoring.dashboard.participationTitle")}</h2>
        <p>{t("monitoring.dashboard.participationIntro", { count: people.total })}</p>
        <BarChartFigure
          id="chart-over-time"
          title={t("monitoring.dashboard.overTime")}
          summary={people.total === 0 ? t("monitoring.dashboard.noData") : sectorsTotal}
          categoryLabel={t("monitoring.dashboard.month")}
          rows={people.overTime.map(({ month, ...counts }) => ({ label: month, ...counts }))}
          series={sectorSeries}
          stacked
          tableLabel={t("monitoring.dashboard.showTable")}
          emptyLabel={t("monitoring.dashboard.noData")}
        />
        <BarChartFigure
          id="chart-regions"
          title={t("monitoring.dashboard.byRegion")}
          summary={t("monitoring.dashboard.byRegionSummary", {
            regions: people.byRegion.length,
            unknown: people.unknownRegion,
          })}
          categoryLabel={t("monitoring.territory")}
          rows={people.byRegion.map((r) => ({ label: r.name, count: r.count }))}
          series={[{ key: "count", label: t("monitoring.dashboard.acts"), color: "#1f5f99" }]}
          tableLabel={t("monitoring.dashboard.showTable")}
          emptyLabel={t("monitoring.dashboard.noData")}
        />
        <h3>{t("monitoring.dashboard.missingTitle")}</h3>
        <p>
          {people.missingSectors.length === 0
            ? t("monitoring.dashboard.allSectors")
            : t("monitoring.dashboard.missingSectors", {
                sectors: people.missingSectors.map((s) => t(`sectors.${s}`)).join(", "),
              })}
        </p>
        <p>
          {people.missingRegions.length === 0
            ? t("monitoring.dashboard.allRegions")
            : t("monitoring.dashboard.missingRegions", {
                count: people.missingRegions.length,
                regions: people.missingRegions.join(", "),
              })}
        </p>
      </section>

      <p>
        <Link to="/datos">{t("monitoring.data.title")}</Link> ·{" "}
        <Link to="/buenas-practicas">{t("monitoring.practices.title")}</Link>
      </p>
    </div>
  );
}
