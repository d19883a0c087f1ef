import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
import { RadioGroup, Select, TextArea, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { COMPLETION_OPTIONS, usePeriodLabel } from "~/monitoring/components/report-view.tsx";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, EVIDENCE_TYPES } from "~/monitoring/evidence.server.ts";
import { parseReport, readReportForm, type FormErrors, type FormValues } from "~/monitoring/progress-form.server.ts";
import {
  assessingOrganizations,
  fileProgressReport,
  getReportableCommitment,
  periodOf,
  planPeriods,
  reportSourcesFor,
} from "~/monitoring/progress.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formError, type FormResult } from "~/utils/form-reply.ts";
import { pageTitle } from "~/utils/meta.ts";
import { requirePermission } from "~/utils/permissions.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "monitoring.form.title");

async function load(request: Request, commitmentId: string, user: Parameters<typeof reportSourcesFor>[0]) {
  const commitment = await getReportableCommitment(commitmentId);
  if (!commitment) throw textResponse(request, 404, "responses.commitmentNotFound");
  const sources = await reportSourcesFor(user, commitment);
  requirePermission(user, sources.length > 0, request, "responses.reportersOnly");
  const organizations = sources.includes("CIVIL_SOCIETY") ? await assessingOrganizations(user) : [];
  return { commitment, sources, organizations };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  const { commitment, sources, organizations } = await load(request, params.commitmentId ?? "", user);
  const periods = planPeriods(commitment.plan);
  const current = periodOf(new Date());
  const { teamUserIds: _team, ...publicCommitment } = commitment;
  return {
    commitment: publicCommitment,
    sources,
    organizations,
    periods,
    defaultPeriod: periods.includes(current) ? current : periods[0]!,
    limits: {
      maxFiles: EVIDENCE_MAX_FILES,
      maxMegabytes: EVIDENCE_MAX_BYTES / (1024 * 1024),
      extensions: Object.values(EVIDENCE_TYPES),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const { commitment, sources, organizations } = await load(request, params.commitmentId ?? "", user);
  const form = await readReportForm(request);
  if (!form.ok) return json(reportResult({ evidence: "monitoring.form.errors.tooLarge" }), { status: 400 });
  const parsed = await parseReport(commitment, form.fields, form.files, {
    sources,
    organizationIds: organizations.map((o) => o.id),
  });
  if (!parsed.ok) return json(reportResult(parsed.errors, form.fields), { status: 400 });
  const result = await fileProgressReport(commitment.id, parsed.report, user);
  if (!result.ok) {
    if (result.error === "forbidden") throw textResponse(request, 403, "responses.forbidden");
    if (result.error === "not-found") throw textResponse(request, 404, "responses.commitmentNotFound");
    return json(formError("monitoring.form.errors.invalid", form.fields), { status: 400 });
  }
  return redirect(`/compromisos/${commitment.id}/avances?registrado=1#${result.reportId}`);
}

/** The report form's errors by field (`form` for the whole form) as Conform's result, with the values sent. */
function reportResult(errors: FormErrors, values?: FormValues): FormResult {
  const error: Record<string, string[]> = {};
  for (const [name, message] of Object.entries(errors)) error[name === "form" ? "" : name] = [message];
  return { status: "error", initialValue: values, error };
}

export default function NewProgressReportPage() {
  const { t } = useTranslation();
  const { commitment: c, sources, organizations, periods, defaultPeriod, limits } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const periodLabel = usePeriodLabel();
  const [form, fields] = useReplyForm<FormValues>({
    id: "report",
    lastResult,
    defaultValue: {
      source: sources[0]!,
      period: defaultPeriod,
      ...Object.fromEntries(c.milestones.map((m) => [`milestone-${m.id}`, m.completion ?? ""])),
    },
  });
  // The fields are named by the commitment's milestones and indicators; Conform has one for any name.
  const field = (name: string) => fields[name]!;
  const fieldErrorCount = Object.keys(form.allErrors).filter((name) => name !== "").length;
  return (
    <div className="container narrow">
      <CommitmentBreadcrumb commitment={c} fromPlans />
      <h1>{t("monitoring.form.heading", { number: c.number })}</h1>
      <p className="lead" lang={c.title ? undefined : "en"}>
        {c.title ?? c.titleEn}
      </p>
      <p>{t("monitoring.form.intro")}</p>
      {form.errors?.length || fieldErrorCount > 0 ? (
        <div role="alert" className="form-message error">
          <p>
            {form.errors?.[0] ? t(form.errors[0]) : t("monitoring.form.errors.summary", { count: fieldErrorCount })}
          </p>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        {sources.length > 1 ? (
          <RadioGroup
            meta={field("source")}
            id="source"
            legend={t("monitoring.form.source")}
            options={sources.map((s) => ({ value: s, label: t(`monitoring.form.sources.${s}`) }))}
          />
        ) : (
          <p className="form-message info">{t(`monitoring.form.sourceOnly.${sources[0]!}`)}</p>
        )}
        {organizations.length > 1 ? (
          <Select meta={field("organizationId")} id="organizationId" label={t("monitoring.form.organization")}>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        ) : null}
        <Select meta={field("period")} id="period" label={t("monitoring.form.period")}>
          {periods.map((p) => (
            <option key={p} value={p}>
              {periodLabel(p)}
            </option>
          ))}
        </Select>
        <Select meta={field("completion")} id="completion" label={t("monitoring.form.completion")} required>
          <option value="">{t("monitoring.form.choose")}</option>
          {COMPLETION_OPTIONS.map((k) => (
            <option key={k} value={k}>
              {t(`monitoring.completion.${k}`)}
            </option>
          ))}
        </Select>
        <TextArea
          meta={field("narrative")}
          id="narrative"
          label={t("monitoring.form.narrative")}
          hint={t("monitoring.form.narrativeHint")}
          rows={6}
          required
        />

        {c.milestones.length > 0 ? (
          <fieldset>
            <legend>{t("monitoring.form.milestones")}</legend>
            {c.milestones.map((m) => {
              const name = `milestone-${m.id}`;
              return (
                <div key={m.id} className="field-group">
                  <Select
                    meta={field(name)}
                    id={name}
                    label={t("monitoring.form.milestoneCompletion", { milestone: `${m.position}. ${m.description}` })}
                  >
                    <option value="">{t("monitoring.form.notReported")}</option>
                    {COMPLETION_OPTIONS.map((k) => (
                      <option key={k} value={k}>
                        {t(`monitoring.completion.${k}`)}
                      </option>
                    ))}
                  </Select>
                  <TextField
                    meta={field(`${name}-note`)}
                    id={`${name}-note`}
                    label={t("monitoring.form.milestoneNote", { position: m.position })}
                  />
                </div>
              );
            })}
          </fieldset>
        ) : null}

        {c.indicators.length > 0 ? (
          <fieldset>
            <legend>{t("monitoring.form.indicators")}</legend>
            {c.indicators.map((i) => {
              const name = `indicator-${i.id}`;
              return (
                <div key={i.id} className="field-group">
                  <TextField
                    meta={field(name)}
                    id={name}
                    label={t("monitoring.form.indicatorValue", {
                      indicator: i.name,
                      kind: t(`monitoring.indicatorKind.${i.kind}`),
                    })}
                    hint={t("monitoring.form.indicatorHint", {
                      baseline: i.baseline ?? "—",
                      target: i.target ?? "—",
                      unit: i.unit ?? "—",
                    })}
                  />
                  <TextField
                    meta={field(`${name}-note`)}
                    id={`${name}-note`}
                    label={t("monitoring.form.indicatorNote", { indicator: i.name })}
                  />
                </div>
              );
            })}
          </fieldset>
        ) : null}

        <fieldset>
          <legend>{t("monitoring.form.evidence")}</legend>
          <TextField
            meta={field("evidence")}
            id="evidence"
            type="file"
            label={t("monitoring.form.files")}
            hint={t("monitoring.form.filesHint", {
              count: limits.maxFiles,
              size: limits.maxMegabytes,
              types: limits.extensions.map((e) => e.toUpperCase()).join(", "),
            })}
            multiple
            accept={limits.extensions.map((e) => `.${e}`).join(",")}
          />
          <TextArea
            meta={field("links")}
            id="links"
            label={t("monitoring.form.links")}
            hint={t("monitoring.form.linksHint")}
            rows={3}
          />
        </fieldset>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("monitoring.form.submit")}
        </button>
      </Form>
    </div>
  );
}
