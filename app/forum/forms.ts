import { z } from "zod";
import { AGENDA_KINDS, AGREEMENT_STATUSES, FORUM_ROLES } from "./rules.ts";

// Form schemas of the forum's pages, shared by the browser (conform) and the server. Messages are
// i18n keys.

const required = (max: number) =>
  z
    .string({ message: "forum.errors.required" })
    .trim()
    .min(1, "forum.errors.required")
    .max(max, "forum.errors.tooLong");

/** A `datetime-local` value read as Lima time (UTC-5, no daylight saving). */
export function parseLimaDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00-05:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A `date` value (YYYY-MM-DD) as the end of that day in Lima. */
export function parseDueDate(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T23:59:59-05:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const scheduleSchema = z.object({
  title: required(200),
  scheduledAt: z
    .string({ message: "forum.errors.required" })
    .refine((v) => parseLimaDateTime(v) !== null, "forum.errors.date"),
  location: z.string().trim().max(300, "forum.errors.tooLong").optional(),
  repeat: z.coerce
    .number({ message: "forum.errors.invalid" })
    .int("forum.errors.invalid")
    .min(1, "forum.errors.invalid")
    .max(12, "forum.errors.invalid"),
});

export const agendaItemSchema = z.object({
  title: z.string().trim().max(300, "forum.errors.tooLong").optional(),
  kind: z.enum(AGENDA_KINDS, { message: "forum.errors.invalid" }),
  targetId: z.string().trim().max(100, "forum.errors.tooLong").optional(),
});

export const motionSchema = z.object({
  text: required(2000),
  agendaItemId: z.string().trim().max(100).optional(),
});

export const agreementSchema = z.object({
  text: required(2000),
  responsible: required(300),
  dueDate: z.string({ message: "forum.errors.required" }).refine((v) => parseDueDate(v) !== null, "forum.errors.date"),
  agendaItemId: z.string().trim().max(100).optional(),
});

export const agreementUpdateSchema = z.object({
  agreementId: required(100),
  status: z.enum(AGREEMENT_STATUSES, { message: "forum.errors.invalid" }),
  evidence: z.string().trim().max(2000, "forum.errors.tooLong").optional(),
});

export const rulesSchema = z.object({
  text: required(20000),
  quorumMajority: z.literal("on").optional(),
  quorumEachSector: z.literal("on").optional(),
});

export const memberSchema = z.object({
  organizationId: required(100),
  name: required(200),
  email: z.string().trim().max(254, "forum.errors.tooLong").email("errors.emailInvalid").optional(),
  regionId: z.string().trim().max(10).optional(),
  role: z.enum(FORUM_ROLES, { message: "forum.errors.invalid" }),
  termStart: z
    .string({ message: "forum.errors.required" })
    .refine((v) => parseDueDate(v) !== null, "forum.errors.date"),
  termEnd: z
    .string()
    .refine((v) => parseDueDate(v) !== null, "forum.errors.date")
    .optional(),
});
