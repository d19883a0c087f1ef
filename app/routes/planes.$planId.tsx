import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge, PhaseBadge, StatusBadge } from "~/components/badges.tsx";
import { PlanPhase } from "~/generated/prisma/enums.ts";
import { getPlan, nextPhases, setPlanPhase } from "~/plans/plans.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDate, formatDateTime, formatPercent } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";
import { useLiveRevalidation } from "~/components/live.tsx";
import { textResponse } from "~/utils/responses.server.ts";
import { FormErrors } from "~/components/ui/field.tsx";
import { PlanHistory } from "~/administration/components/plan-history.tsx";
import { planHistory } from "~/administration/plans.server.ts";
import { listTerritories } from "~/administration/territories.server.ts";
import { calendarDays } from "~/plans/cycle.ts";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.plan.name} · Minka` }] : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const plan = await getPlan(params.planId ?? "");
  if (!plan) throw textResponse(request, 404, "responses.planNotFound");
  const canManage = can.managePlans(context.user);
  const { stageDates, participationOpensAt, participationClosesAt, ...rest } = plan;
  const [history, territories] = await Promise.all([planHistory(plan.id), listTerritories()]);
  return {
    plan: {
      ...rest,
      calendar: calendarDays(stageDates),
      participationWindow:
        participationOpensAt && participationClosesAt
          ? { opensAt: participationOpensAt.toISOString(), closesAt: participationClosesAt.toISOString() }
          : null,
    },
    history,
    territoryNames: Object.fromEntries(territories.map((territory) => [territory.id, territory.name])),
    phaseOptions: canManage ? nextPhases(plan.phase) : [],
    canManage,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.managePlans(user), request);
  const formData = await request.formData();
  const phase = formData.get("phase");
  if (typeof phase !== "string" || !(phase in PlanPhase)) {
    return json({ error: "errors.invalidPhase" }, { status: 400 });
  }
  const result = await setPlanPhase(params.planId ?? "", phase as PlanPhase, user.id);
  if (result === "not-found") throw textResponse(request, 404, "responses.planNotFound");
  if (result === "invalid") return json({ error: "errors.invalidPhase" }, { status: 400 });
  return redirect(`/planes/${params.planId}`);
}

export default function PlanPage() {
  const { t, i18n } = useTranslation();
  const { plan, phaseOptions, history, territoryNames, canManage } = useLoaderData<typeof loader>();
  useLiveRevalidation([`plan:${plan.id}`]);
  const actionData = useActionData<typeof action>();
  const themeNames = plan.themes.map((theme) => theme.name);
  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/planes">{t("plans.title")}</Link>
      </nav>
      <h1>{plan.name}</h1>
      <p>
        <PhaseBadge phase={plan.phase} /> {plan.isDemo ? <DemoBadge /> : null}
      </p>
      {plan.summary ? <p className="lead">{plan.summary}</p> : null}
      <dl className="facts">
        <dt>{t("plans.period")}</dt>
        <dd>
          {plan.periodStart}–{plan.periodEnd}
        </dd>
        <dt>{t("plans.scope")}</dt>
        <dd>{t(`scopes.${plan.scope}`)}</dd>
        <dt>{t("plans.territory")}</dt>
        <dd>{plan.territory.name}</dd>
        <dt>{t("plans.phase")}</dt>
        <dd>{t(`phases.${plan.phase}`)}</dd>
        {plan.stage ? (
          <>
            <dt>{t("plans.stage")}</dt>
            <dd>{t(`administration.stages.${plan.stage}`)}</dd>
          </>
        ) : null}
        {plan.participationWindow ? (
          <>
            <dt>{t("plans.participationWindow")}</dt>
            <dd>
              {t("administration.plans.windowRange", {
                opensAt: formatDateTime(plan.participationWindow.opensAt, i18n.language),
                closesAt: formatDateTime(plan.participationWindow.closesAt, i18n.language),
              })}
            </dd>
          </>
        ) : null}
        {plan.approvedBy ? (
          <>
            <dt>{t("plans.approvedBy")}</dt>
            <dd>{plan.approvedBy}</dd>
          </>
        ) : null}
        <dt>{t("plans.declaredCommitments")}</dt>
        <dd>{plan.declaredCommitmentCount ?? t("common.notAvailable")}</dd>
        <dt>{t("plans.declaredCompliance")}</dt>
        <dd>
          {plan.declaredCompliance !== null
            ? formatPercent(plan.declaredCompliance, i18n.language)
            : t("common.notAvailable")}
        </dd>
      </dl>
      {plan.sourceNote ? <p className="source-note">{plan.sourceNote}</p> : null}

      {themeNames.length > 0 ? (
        <section aria-labelledby="plan-themes">
          <h2 id="plan-themes">{t("plans.themes")}</h2>
          <ul className="inline-list tags">
            {themeNames.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="plan-commitments">
        <h2 id="plan-commitments">{t("plans.commitments")}</h2>
        {plan.commitments.length === 0 ? (
          <p>{t("plans.noCommitments")}</p>
        ) : (
          <>
            {plan.declaredCommitmentCount !== null && plan.declaredCommitmentCount > plan.commitments.length ? (
              <p className="muted">
                {t("plans.partialCommitments", {
                  shown: plan.commitments.length,
                  declared: plan.declaredCommitmentCount,
                })}
              </p>
            ) : null}
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("plans.commitmentsCaption", { plan: plan.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("commitment.number")}</th>
                    <th scope="col">{t("commitment.title")}</th>
                    <th scope="col">{t("commitment.theme")}</th>
                    <th scope="col">{t("commitment.leadInstitution")}</th>
                    <th scope="col">{t("commitment.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.commitments.map((c) => (
                    <tr key={c.id}>
                      <td>
                        {c.number}
                        {c.ogpId ? <span className="muted"> ({c.ogpId})</span> : null}
                      </td>
                      <td>
                        <Link to={`/compromisos/${c.id}`} lang={c.title ? undefined : "en"}>
                          {c.title ?? c.titleEn ?? t("commitment.untitled")}
                        </Link>
                      </td>
                      <td lang={c.theme ? undefined : c.policyArea ? "en" : undefined}>
                        {c.theme?.name ?? c.policyArea ?? "—"}
                      </td>
                      <td>{c.leadInstitution?.name ?? "—"}</td>
                      <td>
                        <StatusBadge status={c.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      {plan.calendar.length > 0 ? (
        <section aria-labelledby="plan-calendar">
          <h2 id="plan-calendar">{t("plans.calendar")}</h2>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("plans.calendarCaption", { plan: plan.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("plans.stage")}</th>
                  <th scope="col">{t("administration.fields.startsOn")}</th>
                  <th scope="col">{t("administration.fields.endsOn")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.calendar.map((entry) => (
                  <tr key={entry.stage} aria-current={entry.stage === plan.stage ? "step" : undefined}>
                    <th scope="row">{t(`administration.stages.${entry.stage}`)}</th>
                    <td>{formatDate(`${entry.start}T12:00:00Z`, i18n.language)}</td>
                    <td>{formatDate(`${entry.end}T12:00:00Z`, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {history.length > 0 ? (
        <section aria-labelledby="plan-history">
          <h2 id="plan-history">{t("administration.history.title")}</h2>
          <PlanHistory entries={history} territories={territoryNames} headingId="plan-history" />
        </section>
      ) : null}

      {canManage ? (
        <p>
          <Link to={`/administracion/planes/${plan.id}`}>{t("plans.manageInWorkspace")}</Link>
        </p>
      ) : null}

      {phaseOptions.length > 0 ? (
        <section aria-labelledby="plan-admin" className="card admin">
          <h2 id="plan-admin">{t("plans.adminTitle")}</h2>
          <FormErrors id="phase-errors" errors={actionData?.error ? [actionData.error] : undefined} />
          <Form method="post" className="inline-form">
            <label htmlFor="phase">{t("plans.changePhase")}</label>
            <select id="phase" name="phase">
              {phaseOptions.map((phase) => (
                <option key={phase} value={phase}>
                  {t(`phases.${phase}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="button">
              {t("common.save")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
