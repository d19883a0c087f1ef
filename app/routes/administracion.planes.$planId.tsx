import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { planAction, requireSecretariat } from "~/administration/actions.server.ts";
import { PlanFields } from "~/administration/components/plan-fields.tsx";
import { PlanHistory } from "~/administration/components/plan-history.tsx";
import { administrationLinks } from "~/administration/components/styles.ts";
import { Notice, WorkspaceNav } from "~/administration/components/workspace-nav.tsx";
import {
  limaDateTimeValue,
  type calendarSchema,
  type planSchema,
  type stageSchema,
  type windowSchema,
} from "~/administration/forms.ts";
import { getWorkspacePlan, planHistory } from "~/administration/plans.server.ts";
import { listTerritories } from "~/administration/territories.server.ts";
import { DemoBadge, PhaseBadge } from "~/components/badges.tsx";
import { FormErrors, Select, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { PHASE_OF_STAGE, PLAN_STAGES, stageMoves } from "~/plans/cycle.ts";
import { formatDateTime } from "~/utils/format.ts";
import { resultFor } from "~/utils/form-reply.ts";
import { pageTitle } from "~/utils/meta.ts";
import { participationOpen } from "~/utils/permissions.server.ts";
import { textResponse } from "~/utils/responses.server.ts";
import type { z } from "zod";

// /administracion/planes/:planId — one plan in the workspace: where it stands on the OGP cycle,
// the calendar of the cycle's stages, the participation window, its fields and themes, and the
// history of every change as the public record holds it. Each part is its own plain form, checked
// on the server; a refused one comes back with its errors (a FormReply for its intent).

export const links = administrationLinks;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "administration.plans.editTitle", { name: data.plan.name })
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireSecretariat(context, request);
  const plan = await getWorkspacePlan(params.planId ?? "");
  if (!plan) throw textResponse(request, 404, "responses.planNotFound");
  const [territories, history] = await Promise.all([listTerritories(), planHistory(plan.id)]);
  return {
    plan: {
      ...plan,
      participationOpensAt: plan.participationOpensAt?.toISOString() ?? null,
      participationClosesAt: plan.participationClosesAt?.toISOString() ?? null,
    },
    windowOpenNow: participationOpen(plan),
    stageOptions: stageMoves(plan),
    territories,
    history,
  };
}

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  planAction(request, context, params.planId ?? "");

const NOTICES = [
  "creado",
  "datos",
  "etapa",
  "calendario",
  "participacion",
  "participacion-cerrada",
  "sin-cambios",
] as const;

export default function WorkspacePlanPage() {
  const { t, i18n } = useTranslation();
  const { plan, windowOpenNow, stageOptions, territories, history } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("hecho");
  const notice = (NOTICES as readonly string[]).includes(done ?? "") ? t(`administration.notices.${done}`) : null;
  const busy = navigation.state === "submitting";

  const [stageForm, stageFields] = useReplyForm<z.input<typeof stageSchema>>({
    id: "plan-stage",
    lastResult: resultFor(data, "stage"),
  });
  const calendarDefaults = Object.fromEntries(
    plan.calendar.map((entry) => [entry.stage, { start: entry.start, end: entry.end }]),
  );
  const [calendarForm, calendarFields] = useReplyForm<z.input<typeof calendarSchema>>({
    id: "plan-calendar",
    lastResult: resultFor(data, "calendar"),
    defaultValue: { calendar: calendarDefaults },
  });
  const calendar = calendarFields.calendar.getFieldset();
  const [windowForm, windowFields] = useReplyForm<z.input<typeof windowSchema>>({
    id: "plan-window",
    lastResult: resultFor(data, "window"),
    defaultValue: {
      opensAt: limaDateTimeValue(plan.participationOpensAt),
      closesAt: limaDateTimeValue(plan.participationClosesAt),
    },
  });
  const [detailsForm, detailsFields] = useReplyForm<z.input<typeof planSchema>>({
    id: "plan-details",
    lastResult: resultFor(data, "details"),
    defaultValue: {
      name: plan.name,
      ordinal: plan.ordinal ?? "",
      periodStart: String(plan.periodStart),
      periodEnd: String(plan.periodEnd),
      scope: plan.scope,
      territoryId: plan.territory.id,
      summary: plan.summary ?? "",
      themes: plan.themes.map((theme) => theme.name).join("\n"),
    },
  });
  const territoryNames = Object.fromEntries(territories.map((territory) => [territory.id, territory.name]));

  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/administracion">{t("administration.title")}</Link>
      </nav>
      <h1>{plan.name}</h1>
      <p>
        <PhaseBadge phase={plan.phase} /> {plan.isDemo ? <DemoBadge /> : null}{" "}
        {plan.stage ? <span className="badge">{t(`administration.stages.${plan.stage}`)}</span> : null}
      </p>
      <WorkspaceNav />
      <Notice text={notice} />
      <ul className="inline-list">
        <li>
          <Link to={`/planes/${plan.id}`}>{t("administration.plans.publicPage")}</Link>
        </li>
        <li>
          <Link to={`/administracion/planes/${plan.id}/compromisos`}>
            {t("administration.plans.manageCommitments", { count: plan._count.commitments })}
          </Link>
        </li>
      </ul>

      <section aria-labelledby="plan-stage-title" className="card">
        <h2 id="plan-stage-title">{t("administration.plans.stageTitle")}</h2>
        <p>{t("administration.plans.stageIntro")}</p>
        <ol className="cycle">
          {PLAN_STAGES.map((stage) => (
            <li key={stage} aria-current={stage === plan.stage ? "step" : undefined}>
              {t(`administration.stages.${stage}`)}{" "}
              <span className="muted">({t(`phases.${PHASE_OF_STAGE[stage]}`)})</span>
            </li>
          ))}
        </ol>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="stage" />
          <FormErrors id={stageForm.errorId} errors={stageForm.errors} />
          <Select meta={stageFields.stage} label={t("administration.plans.moveTo")}>
            {stageOptions.map((stage) => (
              <option key={stage} value={stage}>
                {t(`administration.stages.${stage}`)}
              </option>
            ))}
          </Select>
          <button type="submit" className="button primary" disabled={busy}>
            {t("administration.plans.moveSubmit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="plan-window-title" className="card">
        <h2 id="plan-window-title">{t("administration.plans.windowTitle")}</h2>
        <p>{t("administration.plans.windowIntro")}</p>
        <p role="status">
          {plan.participationOpensAt && plan.participationClosesAt
            ? t(windowOpenNow ? "administration.plans.windowOpenNow" : "administration.plans.windowScheduled", {
                opensAt: formatDateTime(plan.participationOpensAt, i18n.language),
                closesAt: formatDateTime(plan.participationClosesAt, i18n.language),
              })
            : t("administration.plans.noWindow")}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="window" />
          <FormErrors id={windowForm.errorId} errors={windowForm.errors} />
          <div className="field-row">
            <TextField
              meta={windowFields.opensAt}
              label={t("administration.fields.opensAt")}
              hint={t("administration.plans.limaTime")}
              type="datetime-local"
            />
            <TextField
              meta={windowFields.closesAt}
              label={t("administration.fields.closesAt")}
              hint={t("administration.plans.limaTime")}
              type="datetime-local"
            />
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {t("administration.plans.windowSubmit")}
          </button>
        </Form>
        {plan.participationOpensAt ? (
          <Form method="post">
            <input type="hidden" name="intent" value="window-clear" />
            <button type="submit" className="button" disabled={busy}>
              {t("administration.plans.windowClear")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="plan-calendar-title" className="card">
        <h2 id="plan-calendar-title">{t("administration.plans.calendarTitle")}</h2>
        <p>{t("administration.plans.calendarIntro")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="calendar" />
          <FormErrors id={calendarForm.errorId} errors={calendarForm.errors} />
          {PLAN_STAGES.map((stage) => {
            const dates = calendar[stage].getFieldset();
            return (
              <fieldset key={stage} className="field-group">
                <legend>{t(`administration.stages.${stage}`)}</legend>
                <div className="field-row">
                  <TextField meta={dates.start} label={t("administration.fields.startsOn")} type="date" />
                  <TextField meta={dates.end} label={t("administration.fields.endsOn")} type="date" />
                </div>
              </fieldset>
            );
          })}
          <button type="submit" className="button primary" disabled={busy}>
            {t("administration.plans.calendarSubmit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="plan-details-title" className="card">
        <h2 id="plan-details-title">{t("administration.plans.detailsTitle")}</h2>
        <p>{t("administration.plans.detailsIntro")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="details" />
          <FormErrors id={detailsForm.errorId} errors={detailsForm.errors} />
          <PlanFields fields={detailsFields} territories={territories} />
          <button type="submit" className="button primary" disabled={busy}>
            {t("administration.plans.detailsSubmit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="plan-history-title">
        <h2 id="plan-history-title">{t("administration.history.title")}</h2>
        <p>{t("administration.history.intro")}</p>
        <PlanHistory entries={history} territories={territoryNames} headingId="plan-history-title" />
      </section>
    </div>
  );
}
