import type { Sector } from "~/generated/prisma/enums.ts";
import type { Actor } from "~/utils/permissions.server.ts";

// Helpers shared by the participation models (proposals, comments, notifications).

export type Participant = NonNullable<Actor>;

export type Failure = {
  ok: false;
  error: "not-found" | "forbidden" | "closed" | "invalid";
  /** For "invalid": the i18n key of the reason, shown with the form. */
  message?: string;
};

export const notFound: Failure = { ok: false, error: "not-found" };
export const forbidden: Failure = { ok: false, error: "forbidden" };
export const invalid = (message: string): Failure => ({ ok: false, error: "invalid", message });

/** Lower case without accents or extra spaces: what search compares. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** The sector a person acts in: the organisation's when on its behalf, else their first membership's. */
export function sectorOf(actor: Participant, organizationId?: string | null): Sector | null {
  if (organizationId) {
    return actor.memberships.find((m) => m.organizationId === organizationId)?.sector ?? null;
  }
  return actor.memberships[0]?.sector ?? null;
}

/** Whether an error is a unique-constraint violation (a double vote, a resubmitted form...). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === "P2002" || (typeof message === "string" && message.includes("UNIQUE constraint failed"));
}
