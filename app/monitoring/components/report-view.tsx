import { useTranslation } from "react-i18next";
import type { SerializeFrom } from "@remix-run/node";
import type { ReportView } from "~/monitoring/progress.server.ts";
import { formatDate } from "~/utils/format.ts";

type Milestone = { id: string; position: number; description: string };
type Indicator = {
  id: string;
  kind: string;
  name: string;
  unit: string | null;
  baseline: string | null;
  target: string | null;
};

/** The completion scale, in order (the same as the database enum, for the forms' options). */
export const COMPLETION_OPTIONS = ["NOT_STARTED", "LIMITED", "SUBSTANTIAL", "COMPLETE"] as const;

/** "2027-S1" as "1.er semestre de 2027". */
export function usePeriodLabel() {
  const { t } = useTranslation();
  return (period: string) => {
    const [year, half] = period.split("-S");
    return t(half === "1" ? "monitoring.period.first" : "monitoring.period.second", { year });
  };
}

export function CompletionBadge({ completion }: { completion: string | null }) {
  const { t } = useTranslation();
  const key = completion ?? "UNKNOWN";
  return (
    <span className={`badge completion-${key.toLowerCase().replace(/_/g, "-")}`}>
      {t(`monitoring.completion.${key}`)}
    </span>
  );
}

function fileSize(bytes: number, language: string) {
  const kib = bytes / 1024;
  return kib < 1024
    ? `${new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(Math.max(1, kib))} KB`
    : `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(kib / 1024)} MB`;
}

/** One report: completion, narrative, milestones, indicators against baseline and target, evidence. */
export function ReportCard({
  report,
  milestones,
  indicators,
  headingLevel = 3,
}: {
  report: SerializeFrom<ReportView>;
  milestones: Milestone[];
  indicators: Indicator[];
  headingLevel?: 3 | 4;
}) {
  const { t, i18n } = useTranslation();
  const H = headingLevel === 3 ? "h3" : "h4";
  const sub = headingLevel === 3 ? "h4" : "h5";
  const Sub = sub;
  const milestoneById = new Map(milestones.map((m) => [m.id, m]));
  const indicatorById = new Map(indicators.map((i) => [i.id, i]));
  return (
    <article className="card report" id={report.id} aria-labelledby={`${report.id}-title`}>
      <H id={`${report.id}-title`}>
        {report.source === "INSTITUTION"
          ? t("monitoring.reports.institutionReport")
          : t("monitoring.reports.civilSocietyReport", { organization: report.organization?.name ?? "—" })}
      </H>
      <p>
        <CompletionBadge completion={report.completion} />{" "}
        <span className="muted">
          {t("monitoring.reports.filedBy", {
            name: report.author?.name ?? t("monitoring.deletedParticipant"),
            date: formatDate(report.createdAt, i18n.language),
          })}
          {report.source === "INSTITUTION" && report.organization ? ` · ${report.organization.name}` : ""}
        </span>
      </p>
      <p className="narrative">{report.narrative}</p>
      {report.milestones.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption>{t("monitoring.reports.milestones")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("monitoring.reports.milestone")}</th>
                <th scope="col">{t("monitoring.reports.completion")}</th>
                <th scope="col">{t("monitoring.reports.note")}</th>
              </tr>
            </thead>
            <tbody>
              {report.milestones.map((m) => {
                const milestone = milestoneById.get(m.milestoneId);
                return (
                  <tr key={m.milestoneId}>
                    <th scope="row">{milestone ? `${milestone.position}. ${milestone.description}` : m.milestoneId}</th>
                    <td>
                      <CompletionBadge completion={m.completion} />
                    </td>
                    <td>{m.note ?? "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {report.indicators.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption>{t("monitoring.reports.indicators")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("monitoring.reports.indicator")}</th>
                <th scope="col">{t("monitoring.reports.kind")}</th>
                <th scope="col">{t("monitoring.reports.baseline")}</th>
                <th scope="col">{t("monitoring.reports.target")}</th>
                <th scope="col">{t("monitoring.reports.value")}</th>
              </tr>
            </thead>
            <tbody>
              {report.indicators.map((v) => {
                const indicator = indicatorById.get(v.indicatorId);
                return (
                  <tr key={v.indicatorId}>
                    <th scope="row">
                      {indicator?.name ?? v.indicatorId}
                      {indicator?.unit ? <span className="muted"> ({indicator.unit})</span> : null}
                    </th>
                    <td>{indicator ? t(`monitoring.indicatorKind.${indicator.kind}`) : "—"}</td>
                    <td>{indicator?.baseline ?? "—"}</td>
                    <td>{indicator?.target ?? "—"}</td>
                    <td>
                      <strong>{v.value}</strong>
                      {v.note ? <span className="muted"> · {v.note}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {report.evidence.length > 0 ? (
        <>
          <Sub>{t("monitoring.reports.evidence")}</Sub>
          <ul>
            {report.evidence.map((e) => (
              <li key={e.id}>
                {e.url ? (
                  <a href={e.url} rel="noopener noreferrer nofollow">
                    {e.url}
                  </a>
                ) : (
                  <>
                    <a href={`/evidencias/${e.id}`} download>
                      {e.fileName}
                    </a>{" "}
                    <span className="muted">
                      ({e.mediaType ? (e.fileName?.split(".").pop()?.toUpperCase() ?? "") : ""}
                      {e.size ? `, ${fileSize(e.size, i18n.language)}` : ""})
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
