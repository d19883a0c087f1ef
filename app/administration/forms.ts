import { z } from "zod";
import { email, personName } from "~/accounts/forms.ts";
import { TEAM_ROLES } from "~/drafting/team-roles.ts";
import type { PlatformRole } from "~/generated/prisma/enums.ts";
import { parseLimaDateTime } from "~/forum/forms.ts";
import { PLAN_STAGES } from "~/plans/cycle.ts";

export { parseLimaDateTime };

// Form schemas of the secretariat's workspace, shared by the browser (Conform) and the server.
// Messages are i18n keys under "administration.errors". (Not a .server module: the browser bundle
// needs them too.) The JSON API validates the same rules with its own schemas (api.server.ts),
// since its bodies have JSON types.

export const PLAN_NAME_MAX = 200;
export const PLAN_SUMMARY_MAX = 3000;
export const THEME_MAX = 120;
export const THEMES_MAX = 30;
export const ORDINAL_MAX = 20;
export const COMMITMENT_TITLE_MAX = 300;
export const REASON_MAX = 3000;
export const ORGANIZATION_NAME_MAX = 200;
export const ACRONYM_MAX = 20;
export const DESCRIPTION_MAX = 2000;
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

export const SCOPES = ["NATIONAL", "REGIONAL", "LOCAL"] as const;
export const SECTORS = ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA"] as const;
export const ORGANIZATION_KINDS = ["INSTITUTION", "ORGANIZATION"] as const;

const e = (key: string) => `administration.errors.${key}`;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, e("tooLong"))
    .optional()
    .transform((value) => (value ? value : undefined));

const optionalId = z
  .string()
  .trim()
  .max(64, e("invalid"))
  .optional()
  .transform((value) => (value ? value : undefined));

const year = z.coerce
  .number({ message: e("yearRequired") })
  .int(e("yearInvalid"))
  .min(YEAR_MIN, e("yearInvalid"))
  .max(YEAR_MAX, e("yearInvalid"));

/** Theme names, one per line: trimmed, blank lines dropped, repeats (ignoring case) dropped. */
export function themeLines(text: string | undefined): string[] {
  const seen = new Set<string>();
  const themes: string[] = [];
  for (const line of (text ?? "").split(/\r?\n/)) {
    const name = line.trim().replace(/\s+/g, " ");
    if (!name || seen.has(name.toLocaleLowerCase("es"))) continue;
    seen.add(name.toLocaleLowerCase("es"));
    themes.push(name);
  }
  return themes;
}

/** A plan's fields: created with them, edited with them (intent "details"). */
export const planSchema = z
  .object({
    name: z
      .string({ message: e("planNameRequired") })
      .trim()
      .min(5, e("planNameTooShort"))
      .max(PLAN_NAME_MAX, e("tooLong")),
    ordinal: optionalText(ORDINAL_MAX),
    periodStart: year,
    periodEnd: year,
    scope: z.enum(SCOPES, { message: e("scopeRequired") }),
    territoryId: optionalId,
    summary: optionalText(PLAN_SUMMARY_MAX),
    themes: z
      .string()
      .max(THEMES_MAX * (THEME_MAX + 2), e("tooLong"))
      .optional()
      .transform(themeLines)
      .refine((themes) => themes.length <= THEMES_MAX, e("tooManyThemes"))
      .refine((themes) => themes.every((name) => name.length <= THEME_MAX), e("themeTooLong")),
  })
  .refine((plan) => plan.periodEnd >= plan.periodStart, { message: e("periodOrder"), path: ["periodEnd"] });

export type PlanForm = z.infer<typeof planSchema>;

export const stageSchema = z.object({
  stage: z.enum(PLAN_STAGES, { message: e("stageRequired") }),
});

/** A `date` input's value (YYYY-MM-DD). */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as stored: noon UTC, so the UTC day is Lima's too (and any time zone of the Americas). */
export function parseDay(value: string): Date | null {
  if (!DAY.test(value)) return null;
  const date = new Date(`${value}T12:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date;
}

const optionalDay = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))
  .refine((value) => value === undefined || parseDay(value) !== null, e("dateInvalid"));

const stageDates = z
  .object({ start: optionalDay, end: optionalDay })
  .optional()
  .superRefine((dates, ctx) => {
    if (!dates || (!dates.start && !dates.end)) return;
    if (!dates.start) ctx.addIssue({ code: "custom", message: e("dateRequired"), path: ["start"] });
    else if (!dates.end) ctx.addIssue({ code: "custom", message: e("dateRequired"), path: ["end"] });
    else if (dates.end < dates.start) ctx.addIssue({ code: "custom", message: e("dateOrder"), path: ["end"] });
  });

/** The plan's calendar: for each stage of the cycle, its first and last day, or neither. */
export const calendarSchema = z.object({
  calendar: z
    .object(
      Object.fromEntries(PLAN_STAGES.map((stage) => [stage, stageDates])) as Record<
        (typeof PLAN_STAGES)[number],
        typeof stageDates
      >,
    )
    .optional(),
});

/** An instant as a `datetime-local` value in Lima time. */
export function limaDateTimeValue(value: string | Date | null): string {
  if (!value) return "";
  return new Date(new Date(value).getTime() - 5 * 60 * 60 * 1000).toISOString().slice(0, 16);
}

const limaDateTime = z
  .string({ message: e("dateTimeRequired") })
  .refine((value) => parseLimaDateTime(value) !== null, e("dateTimeInvalid"));

/** The participation window: when supports open and close (Lima time). */
export const windowSchema = z.object({ opensAt: limaDateTime, closesAt: limaDateTime }).refine(
  (w) => {
    const [opens, closes] = [parseLimaDateTime(w.opensAt), parseLimaDateTime(w.closesAt)];
    // A malformed date has its own error; the order is checked between two good ones.
    return !opens || !closes || closes.getTime() > opens.getTime();
  },
  {
    message: e("windowOrder"),
    path: ["closesAt"],
  },
);

/** A new commitment: an empty draft, or one from a proposal the secretariat accepts into it. */
export const commitmentSchema = z.object({
  title: z
    .string({ message: e("commitmentTitleRequired") })
    .trim()
    .min(5, e("commitmentTitleTooShort"))
    .max(COMMITMENT_TITLE_MAX, e("tooLong")),
  leadInstitutionId: optionalId,
  themeId: optionalId,
  fromProposalId: optionalId,
  reason: optionalText(REASON_MAX),
});

export type CommitmentForm = z.infer<typeof commitmentSchema>;

export const organizationSchema = z.object({
  name: z
    .string({ message: e("organizationNameRequired") })
    .trim()
    .min(2, e("organizationNameTooShort"))
    .max(ORGANIZATION_NAME_MAX, e("tooLong")),
  acronym: optionalText(ACRONYM_MAX),
  kind: z.enum(ORGANIZATION_KINDS, { message: e("kindRequired") }),
  sector: z.enum(SECTORS, { message: e("sectorRequired") }),
  territoryId: optionalId,
  description: optionalText(DESCRIPTION_MAX),
  /** A checkbox: "on" when ticked. */
  verified: z
    .string()
    .optional()
    .transform((value) => value === "on"),
});

export type OrganizationForm = z.infer<typeof organizationSchema>;

// ---- Invitations (docs/decisions/025) ----

/** The roles an invitation can give (every platform role). */
export const INVITATION_ROLES = [
  "CITIZEN",
  "ORG_MEMBER",
  "PUBLIC_SERVANT",
  "FORUM_MEMBER",
  "ADMIN",
] as const satisfies readonly PlatformRole[];

export const invitationSchema = z.object({
  email,
  name: personName,
  role: z.enum(INVITATION_ROLES, { message: e("invitation.roleRequired") }),
  organizationId: optionalId,
  commitmentId: optionalId,
  teamRole: z.enum(TEAM_ROLES, { message: e("invitation.teamRoleInvalid") }).optional(),
});

export type InvitationForm = z.infer<typeof invitationSchema>;
