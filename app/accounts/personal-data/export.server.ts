import { createHash, randomBytes } from "node:crypto";
import { prisma, type PrismaClient } from "~/utils/db.server.ts";
import { DATA_SECTIONS, type DataRow, type DataSection } from "./sections.server.ts";

/** How long a download link works. */
export const EXPORT_LINK_MS = 15 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** A new download link for the person: the token is returned once; only its hash is stored. */
export async function createExportLink(userId: string, db: PrismaClient = prisma()) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + EXPORT_LINK_MS);
  // Old links of the person go: one valid link at a time.
  await db.dataExportLink.deleteMany({ where: { OR: [{ userId }, { expiresAt: { lte: new Date() } }] } });
  await db.dataExportLink.create({ data: { tokenHash: hashToken(token), userId, expiresAt } });
  return { token, expiresAt };
}

/** Whether a token is a live link of this person: "ok", "expired", or "refused" (unknown or someone else's). */
export async function checkExportLink(
  token: string,
  userId: string,
  db: PrismaClient = prisma(),
): Promise<"ok" | "expired" | "refused"> {
  if (!token || token.length > 100) return "refused";
  const link = await db.dataExportLink.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!link || link.userId !== userId) return "refused";
  if (link.expiresAt.getTime() <= Date.now()) return "expired";
  return "ok";
}

export type PersonalDataExport = {
  generatedAt: string;
  personId: string;
  sections: Record<string, DataRow[]>;
};

/** Everything the platform holds about the person, section by section. */
export async function collectPersonalData(
  userId: string,
  db: PrismaClient = prisma(),
  sections: readonly DataSection[] = DATA_SECTIONS,
): Promise<PersonalDataExport> {
  const result: Record<string, DataRow[]> = {};
  for (const section of sections) result[section.key] = await section.collect(userId, db);
  return { generatedAt: new Date().toISOString(), personId: userId, sections: result };
}

function csvCell(value: string): string {
  // Quote everything; a leading =, +, - or @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** The export as one CSV table: section, item number, field, value (one line per value). */
export function toCsv(data: PersonalDataExport): string {
  const lines = [["section", "item", "field", "value"].map(csvCell).join(",")];
  for (const [section, rows] of Object.entries(data.sections)) {
    rows.forEach((row, index) => {
      for (const [field, value] of Object.entries(row)) {
        lines.push([section, String(index + 1), field, value === null ? "" : String(value)].map(csvCell).join(","));
      }
    });
  }
  return `${lines.join("\r\n")}\r\n`;
}
