import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
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
import { pageTitle } from "~/utils/meta.ts";
import { requirePermission } from "~/utils/permissions.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "monitoring.form.title");

async function load(commitmentId: string, user: Parameters<typeof reportSourcesFor>[0]) {
  const commitment = await getReportableCommitment(commitmentId);
  if (!commitment) throw new Response("No encontramos ese compromiso.", { status: 404 });
  const sources = await reportSourcesFor(user, commitment);
  requirePermission(
    user,
    sources.length > 0,
    "Solo la institución responsable o la sociedad civil pueden reportar avances.",
  );
  const organizations = sources.includes("CIVIL_SOCIETY") ? await assessingOrganizations(user) : [];
  return { commitment, sources, organizations };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  const { commitment, sources, organizations } = await load(params.commitmentId ?? "", user);
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
  const { commitment, sources, organizations } = await load(params.commitmentId ?? "", user);
  const form = await readReportForm(request);
  if (!form.ok) {
    return json(
      { errors: { evidence: "monitoring.form.errors.tooLarge" } as FormErrors, values: {} as FormValues },
      { status: 400 },
    );
  }
  const parsed = await parseReport(commitment, form.fields, form.files, {
    sources,
    organizationIds: organizations.map((o) => o.id),
  });
  if (!parsed.ok) return json({ errors: parsed.errors, values: form.fields }, { status: 400 });
  const result = await fileProgressReport(commitment.id, parsed.report, user);
  if (!result.ok) {
    if (result.error === "forbidden") throw new Response("No tienes permiso para hacer esto.", { status: 403 });
    if (result.error === "not-found") throw new Response("No encontramos ese compromiso.", { status: 404 });
    return json(
      { errors: { form: "monitoring.form.errors.invalid" } as FormErrors, values: form.fields },
      { status: 400 },
    );
  }
  return redirect(`/compromisos/${commitment.id}/avances?registrado=1#${result.reportId}`);
}

function FieldError({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <ul id={id} className="field-errors">
      <li>{t(error)}</li>
    </ul>
  );
}

export default function NewProgressReportPage() {
  const { t } = useTranslation();
  const { commitment: c, sources, organizations, periods, defaultPeriod, limits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const periodLabel = usePeriodLabel();
  const errors: FormErrors = actionData?.errors ?? {};
  const values: FormValues = actionData?.values ?? {};
  const described = (name: string, hint?: string) =>
    [hint, errors[name] ? `${name}-error` : undefined].filter(Boolean).join(" ") || undefined;
  const invalid = (name: string) => (errors[name] ? true : undefined);
  const errorCount = Object.keys(errors).length;
  return (
    <div className="container narrow">
      <CommitmentBreadcrumb commitment={c} fromPlans />
      <h1>{t("monitoring.form.heading", { number: c.number })}</h1>
      <p className="lead" lang={c.title ? undefined : "en"}>
        {c.title ?? c.titleEn}
      </p>
      <p>{t("monitoring.form.intro")}</p>
      {errorCount > 0 ? (
        <div role="alert" className="form-message error">
          <p>{errors.form ? t(errors.form) : t("monitoring.form.errors.summary", { count: errorCount })}</p>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        {sources.length > 1 ? (
          <fieldset className="field">
            <legend>{t("monitoring.form.source")}</legend>
            {sources.map((s) => (
              <div key={s} className="checkbox-field">
                <input
                  type="radio"
                  id={`source-${s}`}
                  name="source"
                  value={s}
                  defaultChecked={(values.source ?? sources[0]) === s}
                />
                <label htmlFor={`source-${s}`}>{t(`monitoring.form.sources.${s}`)}</label>
              </div>
            ))}
            <FieldError id="source-error" error={errors.source} />
          </fieldset>
        ) : (
          <p className="form-message info">{t(`monitoring.form.sourceOnly.${sources[0]!}`)}</p>
        )}
        {organizations.length > 1 ? (
          <div className="field">
            <label htmlFor="organizationId">{t("monitoring.form.organization")}</label>
            <select
              id="organizationId"
              name="organizationId"
              defaultValue={values.organizationId ?? ""}
              aria-invalid={invalid("organizationId")}
              aria-describedby={described("organizationId")}
            >
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            <FieldError id="organizationId-error" error={errors.organizationId} />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="period">{t("monitoring.form.period")}</label>
          <select
            id="period"
            name="period"
            defaultValue={values.period ?? defaultPeriod}
            aria-invalid={invalid("period")}
            aria-describedby={described("period")}
          >
            {periods.map((p) => (
              <option key={p} value={p}>
                {periodLabel(p)}
              </option>
            ))}
          </select>
          <FieldError id="period-error" error={errors.period} />
        </div>
        <div className="field">
          <label htmlFor="completion">{t("monitoring.form.completion")}</label>
          <select
            id="completion"
            name="completion"
            defaultValue={values.completion ?? ""}
            required
            aria-invalid={invalid("completion")}
            aria-describedby={described("completion")}
          >
            <option value="">{t("monitoring.form.choose")}</option>
            {COMPLETION_OPTIONS.map((k) => (
              <option key={k} value={k}>
                {t(`monitoring.completion.${k}`)}
              </option>
            ))}
          </select>
          <FieldError id="completion-error" error={errors.completion} />
        </div>
        <div className="field">
          <label htmlFor="narrative">{t("monitoring.form.narrative")}</label>
          <p id="narrative-hint" className="hint">
            {t("monitoring.form.narrativeHint")}
          </p>
          <textarea
            id="narrative"
            name="narrative"
            rows={6}
            required
            defaultValue={values.narrative ?? ""}
            aria-invalid={invalid("narrative")}
            aria-describedby={described("narrative", "narrative-hint")}
          />
          <FieldError id="narrative-error" error={errors.narrative} />
        </div>

        {c.milestones.length > 0 ? (
          <fieldset>
            <legend>{t("monitoring.form.milestones")}</legend>
            {c.milestones.map((m) => {
              const name = `milestone-${m.id}`;
              return (
                <div key={m.id} className="field-group">
                  <div className="field">
                    <label htmlFor={name}>
                      {t("monitoring.form.milestoneCompletion", { milestone: `${m.position}. ${m.description}` })}
                    </label>
                    <select
                      id={name}
                      name={name}
                      defaultValue={values[name] ?? m.completion ?? ""}
                      aria-invalid={invalid(name)}
                      aria-describedby={described(name)}
                    >
                      <option value="">{t("monitoring.form.notReported")}</option>
                      {COMPLETION_OPTIONS.map((k) => (
                        <option key={k} value={k}>
                          {t(`monitoring.completion.${k}`)}
                        </option>
                      ))}
                    </select>
                    <FieldError id={`${name}-error`} error={errors[name]} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${name}-note`}>
                      {t("monitoring.form.milestoneNote", { position: m.position })}
                    </label>
                    <input
                      id={`${name}-note`}
                      name={`${name}-note`}
                      defaultValue={values[`${name}-note`] ?? ""}
                      aria-invalid={invalid(`${name}-note`)}
                      aria-describedby={described(`${name}-note`)}
                    />
                    <FieldError id={`${name}-note-error`} error={errors[`${name}-note`]} />
                  </div>
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
                  <div className="field">
                    <label htmlFor={name}>
                      {t("monitoring.form.indicatorValue", {
                        indicator: i.name,
                        kind: t(`monitoring.indicatorKind.${i.kind}`),
                      })}
                    </label>
                    <p id={`${name}-hint`} className="hint">
                      {t("monitoring.form.indicatorHint", {
                        baseline: i.baseline ?? "—",
                        target: i.target ?? "—",
                        unit: i.unit ?? "—",
                      })}
                    </p>
                    <input
                      id={name}
                      name={name}
                      defaultValue={values[name] ?? ""}
                      aria-invalid={invalid(name)}
                      aria-describedby={described(name, `${name}-hint`)}
                    />
                    <FieldError id={`${name}-error`} error={errors[name]} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${name}-note`}>{t("monitoring.form.indicatorNote", { indicator: i.name })}</label>
                    <input
                      id={`${name}-note`}
                      name={`${name}-note`}
                      defaultValue={values[`${name}-note`] ?? ""}
                      aria-invalid={invalid(`${name}-note`)}
                      aria-describedby={described(`${name}-note`)}
                    />
                    <FieldError id={`${name}-note-error`} error={errors[`${name}-note`]} />
                  </div>
                </div>
              );
            })}
          </fieldset>
        ) : null}

        <fieldset>
          <legend>{t("monitoring.form.evidence")}</legend>
          <div className="field">
            <label htmlFor="evidence">{t("monitoring.form.files")}</label>
            <p id="evidence-hint" className="hint">
              {t("monitoring.form.filesHint", {
                count: limits.maxFiles,
                size: limits.maxMegabytes,
                types: limits.extensions.map((e) => e.toUpperCase()).join(", "),
              })}
            </p>
            <input
              type="file"
              id="evidence"
              name="evidence"
              multiple
              accept={limits.extensions.map((e) => `.${e}`).join(",")}
              aria-invalid={invalid("evidence")}
              aria-describedby={described("evidence", "evidence-hint")}
            />
            <FieldError id="evidence-error" error={errors.evidence} />
          </div>
          <div className="field">
            <label htmlFor="links">{t("monitoring.form.links")}</label>
            <p id="links-hint" className="hint">
              {t("monitoring.form.linksHint")}
            </p>
            <textarea
              id="links"
              name="links"
              rows={3}
              defaultValue={values.links ?? ""}
              aria-invalid={invalid("links")}
              aria-describedby={described("links", "links-hint")}
            />
            <FieldError id="links-error" error={errors.links} />
          </div>
        </fieldset>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("monitoring.form.submit")}
        </button>
      </Form>
    </div>
  );
}
