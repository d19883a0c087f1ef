import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { prisma } from "~/utils/db.server.ts";

// Evidence files: the type is sniffed from the bytes (never trusted from the name or the browser),
// the size is limited, the name is sanitised, and the file is served as a download with headers
// that stop a browser from running or sniffing it.
//
// The bytes are stored in the database (EvidenceFile), not on disk: a report and its evidence
// commit in one transaction together with the public record (no orphan or missing files after a
// crash), a backup of the SQLite file is a backup of everything, and each test's database copy
// holds its own files. Files are small (EVIDENCE_MAX_BYTES) and few per report.

/** Largest evidence file accepted. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
/** Most files in one report or practice. */
export const EVIDENCE_MAX_FILES = 3;

/** The media types accepted, sniffed from the content, with the extension the file is given. */
export const EVIDENCE_TYPES: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
};

export type AcceptedFile = {
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  data: Uint8Array<ArrayBuffer>;
};
export type FileProblem = "evidence.tooLarge" | "evidence.wrongType" | "evidence.empty";

/** Checks an uploaded file: its size and its sniffed type; returns it ready to store, or the problem. */
export async function acceptEvidenceFile(
  name: string,
  data: Uint8Array<ArrayBuffer>,
): Promise<{ ok: true; file: AcceptedFile } | { ok: false; error: FileProblem }> {
  if (data.byteLength === 0) return { ok: false, error: "evidence.empty" };
  if (data.byteLength > EVIDENCE_MAX_BYTES) return { ok: false, error: "evidence.tooLarge" };
  const sniffed = await fileTypeFromBuffer(data);
  const extension = sniffed ? EVIDENCE_TYPES[sniffed.mime] : undefined;
  if (!sniffed || !extension) return { ok: false, error: "evidence.wrongType" };
  return {
    ok: true,
    file: {
      fileName: sanitizeFileName(name, extension),
      mediaType: sniffed.mime,
      size: data.byteLength,
      sha256: createHash("sha256").update(data).digest("hex"),
      data,
    },
  };
}

/**
 * A safe file name: no folders, no control or shell-special characters, no leading dot, at most
 * 100 characters, and the extension of the sniffed type (so "informe.pdf.exe" holding a PDF
 * becomes "informe.pdf_exe.pdf").
 */
export function sanitizeFileName(name: string, extension: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    .replace(/\.[A-Za-z0-9]{1,8}$/, "")
    .replace(/[^\p{L}\p{N} ._-]+/gu, "_")
    .replace(/\./g, "_")
    .replace(/\s+/g, " ")
    .replace(/_+/g, "_")
    .replace(/^[\s_.-]+|[\s_.-]+$/g, "")
    .slice(0, 100);
  return `${base || "evidencia"}.${extension}`;
}

/** A URL given as evidence: http or https only. */
export function isEvidenceUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && value.length <= 500;
  } catch {
    return false;
  }
}

/** The stored file of an evidence item, or null. */
export async function getEvidenceFile(id: string) {
  const evidence = await prisma().evidence.findUnique({
    where: { id },
    select: { fileName: true, mediaType: true, size: true, sha256: true, file: { select: { data: true } } },
  });
  if (!evidence?.file || !evidence.fileName || !evidence.mediaType) return null;
  return {
    fileName: evidence.fileName,
    mediaType: evidence.mediaType,
    sha256: evidence.sha256,
    data: evidence.file.data,
  };
}

/** Headers for serving an evidence file: always a download, never sniffed, never run. */
export function evidenceHeaders(file: { fileName: string; mediaType: string; size: number; sha256: string | null }) {
  const ascii =
    file.fileName
      .normalize("NFD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\]/g, "_") || "evidencia";
  return {
    "Content-Type": file.mediaType,
    "Content-Length": String(file.size),
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "public, max-age=3600",
    ...(file.sha256 ? { ETag: `"${file.sha256}"` } : {}),
  };
}
