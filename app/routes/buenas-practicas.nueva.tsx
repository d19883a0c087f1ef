import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormMessage, InputField } from "~/components/ui/field.tsx";
import { practiceSchema } from "~/monitoring/practice-form.ts";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, EVIDENCE_TYPES } from "~/monitoring/evidence.server.ts";
import { listTerritories } from "~/monitoring/monitoring.server.ts";
import { acceptUploads, readUploadForm, uploadedFiles } from "~/monitoring/progress-form.server.ts";
import { practiceCommitmentOptions, submitPractice } from "~/monitoring/practices.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "monitoring.practices.submit");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.submitPractice(user));
  return {
    territories: await listTerritories(),
    commitments: await practiceCommitmentOptions(),
    limits: {
      maxFiles: EVIDENCE_MAX_FILES,
      maxMegabytes: EVIDENCE_MAX_BYTES / (1024 * 1024),
      extensions: Object.values(EVIDENCE_TYPES),
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.submitPractice(user));
  const read = await readUploadForm(request);
  if (!read.ok) {
    return json(
      { status: "error" as const, initialValue: null, error: { evidence: ["monitoring.form.errors.tooLarge"] } },
      { status: 400 },
    );
  }
  const submission = parseWithZod(read.formData, { schema: practiceSchema });
  const uploads = await acceptUploads(uploadedFiles(read.formData));
  if (submission.status !== "success" || !uploads.ok) {
    return json(submission.reply(uploads.ok ? {} : { fieldErrors: { evidence: [uploads.error] } }), { status: 400 });
  }
  const { evidenceUrl, evidence: _files, ...rest } = submission.value;
  const result = await submitPractice({ ...rest, evidenceUrl: evidenceUrl ?? null, files: uploads.files }, user);
  if (!result.ok) {
    if (result.error === "forbidden") throw new Response("No tienes permiso para hacer esto.", { status: 403 });
    return json(submission.reply({ formErrors: ["monitoring.practices.errors.invalid"] }), { status: 400 });
  }
  return redirect(`/buenas-practicas/${result.id}?enviada=1`);
}

export default function NewPracticePage() {
  const { t } = useTranslation();
  const { territories, commitments, limits } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: practiceSchema }),
  });
  const described = (f: { id: string; errorId: string; errors?: string[] }, hint = false) =>
    [hint ? `${f.id}-hint` : undefined, f.errors?.length ? f.errorId : undefined].filter(Boolean).join(" ") ||
    undefined;
  const { key: territoryKey, ...territoryProps } = getSelectProps(fields.territoryId);
  const { key: commitmentsKey, ...commitmentsProps } = getSelectProps(fields.commitmentIds);
  const { key: doneKey, ...doneProps } = getTextareaProps(fields.whatWasDone);
  const { key: resultsKey, ...resultsProps } = getTextareaProps(fields.results);
  return (
    <div className="container narrow">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/buenas-practicas">{t("monitoring.practices.title")}</Link>
      </nav>
      <h1>{t("monitoring.practices.submit")}</h1>
      <p>{t("monitoring.practices.submitIntro")}</p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <FormMessage id={form.errorId} errors={form.errors} />
        <InputField field={fields.title} label={t("monitoring.practices.fieldTitle")} />
        <InputField field={fields.entity} label={t("monitoring.practices.entity")} />
        <div className="field">
          <label htmlFor={fields.territoryId.id}>{t("monitoring.territory")}</label>
          <select
            key={territoryKey}
            {...territoryProps}
            aria-invalid={fields.territoryId.errors?.length ? true : undefined}
            aria-describedby={described(fields.territoryId)}
          >
            <option value="">{t("monitoring.form.choose")}</option>
            {territories.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.territoryId.errorId} errors={fields.territoryId.errors} />
        </div>
        <InputField field={fields.theme} label={t("monitoring.practices.theme")} />
        <div className="field">
          <label htmlFor={fields.whatWasDone.id}>{t("monitoring.practices.whatWasDone")}</label>
          <textarea
            key={doneKey}
            {...doneProps}
            rows={6}
            aria-invalid={fields.whatWasDone.errors?.length ? true : undefined}
            aria-describedby={described(fields.whatWasDone)}
          />
          <FieldErrors id={fields.whatWasDone.errorId} errors={fields.whatWasDone.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.results.id}>{t("monitoring.practices.results")}</label>
          <textarea
            key={resultsKey}
            {...resultsProps}
            rows={4}
            aria-invalid={fields.results.errors?.length ? true : undefined}
            aria-describedby={described(fields.results)}
          />
          <FieldErrors id={fields.results.errorId} errors={fields.results.errors} />
        </div>
        <InputField
          field={fields.evidenceUrl}
          label={t("monitoring.practices.evidenceUrl")}
          hint={t("monitoring.form.linksHint")}
        />
        <div className="field">
          <label htmlFor={fields.evidence.id}>{t("monitoring.form.files")}</label>
          <p id={`${fields.evidence.id}-hint`} className="hint">
            {t("monitoring.form.filesHint", {
              count: limits.maxFiles,
              size: limits.maxMegabytes,
              types: limits.extensions.map((e) => e.toUpperCase()).join(", "),
            })}
          </p>
          <input
            type="file"
            id={fields.evidence.id}
            name={fields.evidence.name}
            multiple
            accept={limits.extensions.map((e) => `.${e}`).join(",")}
            aria-invalid={fields.evidence.errors?.length ? true : undefined}
            aria-describedby={described(fields.evidence, true)}
          />
          <FieldErrors id={fields.evidence.errorId} errors={fields.evidence.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.commitmentIds.id}>{t("monitoring.practices.linkedCommitments")}</label>
          <p id={`${fields.commitmentIds.id}-hint`} className="hint">
            {t("monitoring.practices.commitmentsHint")}
          </p>
          <select
            key={commitmentsKey}
            {...commitmentsProps}
            multiple
            size={6}
            aria-invalid={fields.commitmentIds.errors?.length ? true : undefined}
            aria-describedby={described(fields.commitmentIds, true)}
          >
            {commitments.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.commitmentIds.errorId} errors={fields.commitmentIds.errors} />
        </div>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("monitoring.practices.send")}
        </button>
      </Form>
    </div>
  );
}
