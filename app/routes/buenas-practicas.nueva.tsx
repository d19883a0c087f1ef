import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, Select, TextArea, TextField } from "~/components/ui/field.tsx";
import { practiceSchema } from "~/monitoring/practice-form.ts";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, EVIDENCE_TYPES } from "~/monitoring/evidence.server.ts";
import { listTerritories } from "~/monitoring/monitoring.server.ts";
import { acceptUploads, readUploadForm, uploadedFiles } from "~/monitoring/progress-form.server.ts";
import { practiceCommitmentOptions, submitPractice } from "~/monitoring/practices.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import type { FormResult } from "~/utils/form-reply.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "monitoring.practices.submit");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.submitPractice(user), request);
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
  requirePermission(user, can.submitPractice(user), request);
  const read = await readUploadForm(request);
  if (!read.ok) {
    // No initialValue: `null` would tell Conform to start the form over, and drop the error.
    const result: FormResult = { status: "error", error: { evidence: ["monitoring.form.errors.tooLarge"] } };
    return json(result, { status: 400 });
  }
  const submission = parseWithZod(read.formData, { schema: practiceSchema });
  const uploads = await acceptUploads(uploadedFiles(read.formData));
  if (submission.status !== "success" || !uploads.ok) {
    return json(submission.reply(uploads.ok ? {} : { fieldErrors: { evidence: [uploads.error] } }), { status: 400 });
  }
  const { evidenceUrl, evidence: _files, ...rest } = submission.value;
  const result = await submitPractice({ ...rest, evidenceUrl: evidenceUrl ?? null, files: uploads.files }, user);
  if (!result.ok) {
    if (result.error === "forbidden") throw textResponse(request, 403, "responses.forbidden");
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
  return (
    <div className="container narrow">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/buenas-practicas">{t("monitoring.practices.title")}</Link>
      </nav>
      <h1>{t("monitoring.practices.submit")}</h1>
      <p>{t("monitoring.practices.submitIntro")}</p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label={t("monitoring.practices.fieldTitle")} />
        <TextField meta={fields.entity} label={t("monitoring.practices.entity")} />
        <Select meta={fields.territoryId} label={t("monitoring.territory")}>
          <option value="">{t("monitoring.form.choose")}</option>
          {territories.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </Select>
        <TextField meta={fields.theme} label={t("monitoring.practices.theme")} />
        <TextArea meta={fields.whatWasDone} label={t("monitoring.practices.whatWasDone")} rows={6} />
        <TextArea meta={fields.results} label={t("monitoring.practices.results")} rows={4} />
        <TextField
          meta={fields.evidenceUrl}
          label={t("monitoring.practices.evidenceUrl")}
          hint={t("monitoring.form.linksHint")}
        />
        <TextField
          meta={fields.evidence}
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
        <Select
          meta={fields.commitmentIds}
          label={t("monitoring.practices.linkedCommitments")}
          hint={t("monitoring.practices.commitmentsHint")}
          multiple
          size={6}
        >
          {commitments.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </Select>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("monitoring.practices.send")}
        </button>
      </Form>
    </div>
  );
}
