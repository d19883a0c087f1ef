import {
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
} from "@remix-run/node";
import type { Completion, ReportSource } from "~/generated/prisma/enums.ts";
import {
  acceptEvidenceFile,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES,
  isEvidenceUrl,
  type AcceptedFile,
} from "./evidence.server.ts";
import { COMPLETIONS, isPeriod, planPeriods, type NewReport, type ReportableCommitment } from "./progress.server.ts";

// Reads and checks the progress report form (a multipart post that works without JavaScript):
// every error is keyed by field so the form is shown again with the input kept.

export const NARRATIVE_MAX = 5000;
export const NOTE_MAX = 500;
export const VALUE_MAX = 100;
export const LINKS_MAX = 5;

export type FormErrors = Record<string, string>;
export type FormValues = Record<string, string>;

/**
 * Reads a form that may upload evidence files (multipart, or a plain form post without files);
 * every part is limited to the evidence file size while it is streamed.
 */
export async function readUploadForm(
  request: Request,
): Promise<{ ok: true; formData: FormData } | { ok: false; error: "evidence.tooLarge" }> {
  const type = request.headers.get("Content-Type") ?? "";
  try {
    const formData = /multipart\/form-data/i.test(type)
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: EVIDENCE_MAX_BYTES }),
        )
      : await request.formData();
    return { ok: true, formData };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "evidence.tooLarge" };
    throw error;
  }
}

/** The evidence files of a form (the "evidence" parts that hold a file). */
export function uploadedFiles(formData: FormData): File[] {
  return formData.getAll("evidence").filter((v): v is File => typeof v !== "string" && v.size > 0);
}

/** Checks uploaded files: count, size and sniffed type; the files to store, or the error's locale key. */
export async function acceptUploads(
  uploads: File[],
): Promise<{ ok: true; files: AcceptedFile[] } | { ok: false; error: string }> {
  if (uploads.length > EVIDENCE_MAX_FILES) return { ok: false, error: "monitoring.form.errors.tooManyFiles" };
  const files: AcceptedFile[] = [];
  for (const upload of uploads) {
    const accepted = await acceptEvidenceFile(upload.name, new Uint8Array(await upload.arrayBuffer()));
    if (!accepted.ok) return { ok: false, error: `monitoring.form.errors.${accepted.error.split(".")[1]}` };
    files.push(accepted.file);
  }
  return { ok: true, files };
}

/** The report form's fields: text parts, and the evidence files. */
export async function readReportForm(
  request: Request,
): Promise<{ ok: true; fields: FormValues; files: File[] } | { ok: false; error: "evidence.tooLarge" }> {
  const read = await readUploadForm(request);
  if (!read.ok) return read;
  const fields: FormValues = {};
  for (const [name, value] of read.formData.entries()) {
    if (typeof value === "string") fields[name] = value.slice(0, NARRATIVE_MAX + 1);
  }
  return { ok: true, fields, files: uploadedFiles(read.formData) };
}

const isCompletion = (v: string | undefined): v is Completion => COMPLETIONS.includes(v as Completion);

/** Checks the fields and files against the commitment; the report to file, or errors by field. */
export async function parseReport(
  commitment: ReportableCommitment,
  fields: FormValues,
  uploads: File[],
  allowed: { sources: ReportSource[]; organizationIds: string[] },
): Promise<{ ok: true; report: NewReport } | { ok: false; errors: FormErrors }> {
  const errors: FormErrors = {};
  const source = (allowed.sources.length === 1 ? allowed.sources[0] : fields.source) as ReportSource;
  if (!allowed.sources.includes(source)) errors.source = "monitoring.form.errors.source";
  let organizationId: string | null = null;
  if (source === "CIVIL_SOCIETY") {
    organizationId = allowed.organizationIds.length === 1 ? allowed.organizationIds[0]! : (fields.organizationId ?? "");
    if (!allowed.organizationIds.includes(organizationId))
      errors.organizationId = "monitoring.form.errors.organization";
  }
  const period = fields.period ?? "";
  if (!isPeriod(period) || !planPeriods(commitment.plan).includes(period))
    errors.period = "monitoring.form.errors.period";
  if (!isCompletion(fields.completion)) errors.completion = "monitoring.form.errors.completion";
  const narrative = (fields.narrative ?? "").trim();
  if (narrative.length < 20) errors.narrative = "monitoring.form.errors.narrativeShort";
  else if (narrative.length > NARRATIVE_MAX) errors.narrative = "monitoring.form.errors.narrativeLong";

  const milestones: NewReport["milestones"] = [];
  for (const m of commitment.milestones) {
    const value = fields[`milestone-${m.id}`];
    const note = (fields[`milestone-${m.id}-note`] ?? "").trim();
    if (note.length > NOTE_MAX) errors[`milestone-${m.id}-note`] = "monitoring.form.errors.noteLong";
    if (!value) continue;
    if (!isCompletion(value)) errors[`milestone-${m.id}`] = "monitoring.form.errors.completion";
    else milestones.push({ milestoneId: m.id, completion: value, note: note || null });
  }
  const indicators: NewReport["indicators"] = [];
  for (const i of commitment.indicators) {
    const value = (fields[`indicator-${i.id}`] ?? "").trim();
    const note = (fields[`indicator-${i.id}-note`] ?? "").trim();
    if (value.length > VALUE_MAX) errors[`indicator-${i.id}`] = "monitoring.form.errors.valueLong";
    if (note.length > NOTE_MAX) errors[`indicator-${i.id}-note`] = "monitoring.form.errors.noteLong";
    if (value) indicators.push({ indicatorId: i.id, value, note: note || null });
  }

  const links = (fields.links ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (links.length > LINKS_MAX) errors.links = "monitoring.form.errors.tooManyLinks";
  else if (links.some((l) => !isEvidenceUrl(l))) errors.links = "monitoring.form.errors.badLink";

  const accepted = await acceptUploads(uploads);
  const files = accepted.ok ? accepted.files : [];
  if (!accepted.ok) errors.evidence = accepted.error;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    report: {
      source,
      organizationId,
      period: period as NewReport["period"],
      completion: fields.completion as Completion,
      narrative,
      milestones,
      indicators,
      links,
      files,
    },
  };
}
