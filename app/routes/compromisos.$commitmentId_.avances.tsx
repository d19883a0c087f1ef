import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge } from "~/components/badges.tsx";
import { useLiveRevalidation } from "~/components/live.tsx";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
import { CompletionBadge, ReportCard, usePeriodLabel } from "~/monitoring/components/report-view.tsx";
import { isOverdue, isSilent } from "~/monitoring/monitoring.server.ts";
import { getReportableCommitment, listReports, pairByPeriod, reportSourcesFor } from "~/monitoring/progress.server.ts";
import { formatDate } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? [{ title: `Avances del compromiso ${data.commitment.number} · Minka` }]
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const commitment = await getReportableCommitment(params.commitmentId ?? "");
  if (!commitment) throw textResponse(request, 404, "responses.commitmentNotFound");
  const reports = await listReports(commitment.id);
  const now = new Date();
  const { teamUserIds: _team, ...publicCommitment } = commitment;
  return {
    commitment: publicCommitment,
    periods: pairByPeriod(reports),
    overdue: commitment.milestones.filter((m) => isOverdue(m, now)).map((m) => m.id),
    silent: isSilent(
      { ...commitment, reportPeriods: reports.filter((r) => r.source === "INSTITUTION").map((r) => r.period) },
      now,
    ),
    canReport: (await reportSourcesFor(context.user, commitment)).length > 0,
  };
}

export default function CommitmentProgressPage() {
  const { t, i18n } = useTranslation();
  const { commitment: c, periods, overdue, silent, canReport } = useLoaderData<typeof loader>();
  const periodLabel = usePeriodLabel();
  const [searchParams] = useSearchParams();
  useLiveRevalidation([`commitment:${c.id}`]);
  return (
    <div className="container">
      <CommitmentBreadcrumb commitment={c} fromPlans />
      <p className="eyebrow">{t("commitment.numberOf", { number: c.number })}</p>
      <h1>{t("monitoring.reports.title", { number: c.number })}</h1>
      <p className="lead" lang={c.title ? undefined : "en"}>
        {c.title ?? c.titleEn}
      </p>
      <p>
        {c.plan.isDemo ? <DemoBadge /> : null} <CompletionBadge completion={c.completion} />
      </p>
      {searchParams.get("registrado") ? (
        <p className="form-message success" role="status">
          {t("monitoring.reports.filed")}
        </p>
      ) : null}
      <p className="inline-list">
        {canReport ? (
          <Link to={`/compromisos/${c.id}/avances/nuevo`} className="button primary">
            {t("monitoring.reports.fileReport")}
          </Link>
        ) : null}{" "}
        <Link to={`/compromisos/${c.id}/trazabilidad`} className="button">
          {t("monitoring.lineage.link")}
        </Link>
      </p>

      <dl className="facts">
        <dt>{t("monitoring.reports.completion")}</dt>
        <dd>{t(`monitoring.completion.${c.completion ?? "UNKNOWN"}`)}</dd>
        <dt>{t("commitment.leadInstitution")}</dt>
        <dd>
          {c.leadInstitution ? (
            <Link to={`/organizaciones/${c.leadInstitution.slug}`}>{c.leadInstitution.name}</Link>
          ) : (
            t("commitment.notProvided")
          )}
        </dd>
      </dl>

      {overdue.length > 0 || silent ? (
        <section aria-labelledby="flags" className="flags">
          <h2 id="flags">{t("monitoring.flags.title")}</h2>
          <ul>
            {silent ? <li>{t("monitoring.flags.silentCommitment")}</li> : null}
            {c.milestones
              .filter((m) => overdue.includes(m.id))
              .map((m) => (
                <li key={m.id}>
                  {t("monitoring.flags.overdueMilestone", {
                    milestone: `${m.position}. ${m.description}`,
                    date: m.endDate ? formatDate(m.endDate, i18n.language) : "—",
                  })}
                </li>
              ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="milestones">
        <h2 id="milestones">{t("monitoring.reports.milestonesNow")}</h2>
        {c.milestones.length === 0 ? (
          <p>{t("monitoring.reports.noMilestones")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t("monitoring.reports.milestonesNow")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("monitoring.reports.milestone")}</th>
                  <th scope="col">{t("monitoring.reports.due")}</th>
                  <th scope="col">{t("monitoring.reports.completion")}</th>
                </tr>
              </thead>
              <tbody>
                {c.milestones.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      {m.position}. {m.description}
                    </th>
                    <td>
                      {m.endDate ? formatDate(m.endDate, i18n.language) : "—"}
                      {overdue.includes(m.id) ? (
                        <>
                          {" "}
                          <span className="badge overdue">{t("monitoring.flags.overdue")}</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <CompletionBadge completion={m.completion} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="reports">
        <h2 id="reports">{t("monitoring.reports.byPeriod")}</h2>
        <p className="muted">{t("monitoring.reports.sideBySide")}</p>
        {periods.length === 0 ? <p>{t("monitoring.reports.none")}</p> : null}
        {periods.map((p) => (
          <section key={p.period} aria-labelledby={`period-${p.period}`} className="period">
            <h3 id={`period-${p.period}`}>{periodLabel(p.period)}</h3>
            <div className="side-by-side">
              <div>
                {p.institution ? (
                  <ReportCard
                    report={p.institution}
                    milestones={c.milestones}
                    indicators={c.indicators}
                    headingLevel={4}
                  />
                ) : (
                  <p className="card muted">{t("monitoring.reports.noInstitutionReport")}</p>
                )}
              </div>
              <div>
                {p.civilSociety.length > 0 ? (
                  p.civilSociety.map((r) => (
                    <ReportCard
                      key={r.id}
                      report={r}
                      milestones={c.milestones}
                      indicators={c.indicators}
                      headingLevel={4}
                    />
                  ))
                ) : (
                  <p className="card muted">{t("monitoring.reports.noCivilSocietyReport")}</p>
                )}
              </div>
            </div>
          </section>
        ))}
      </section>
    </div>
  );
}
