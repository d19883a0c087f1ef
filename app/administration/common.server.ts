import type { Prisma } from "~/generated/prisma/client.ts";
import type { Actor } from "~/utils/permissions.server.ts";

// What the workspace's functions share: who acts, how a refusal is told, and how a change is
// described in the public record.

export type Secretary = NonNullable<Actor>;

/**
 * A refused act: the resource does not exist, the actor may not do it, or the input is wrong
 * (`field` names the input in error, with the form's or the API's name for it; `message` is an
 * i18n key under administration.errors).
 */
export type Failure =
  | { ok: false; error: "not-found" }
  | { ok: false; error: "forbidden" }
  | { ok: false; error: "invalid"; field: string; message: string; params?: Record<string, string> };

export const notFound = { ok: false, error: "not-found" } as const;
export const forbidden = { ok: false, error: "forbidden" } as const;
export const invalid = (field: string, message: string, params?: Record<string, string>): Failure => ({
  ok: false,
  error: "invalid",
  field,
  message: `administration.errors.${message}`,
  ...(params ? { params } : {}),
});

export type Tx = Prisma.TransactionClient;

type Value = string | number | boolean | null | string[];
export type Changes = Record<string, { from: Value; to: Value }>;

/** The fields whose value differs between two states, as `{ field: { from, to } }`. */
export function changedFields<T extends Record<string, Value>>(before: T, after: T): Changes {
  const changes: Changes = {};
  for (const key of Object.keys(after)) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/** A URL-safe slug of a name: lower case, no accents, words joined by hyphens, at most `max` characters. */
export function slugify(text: string, max = 60): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/g, "");
}

/**
 * The first of `base`, `base-2`, `base-3`… that `taken` says is free (and is not one of the
 * `reserved` words a path uses).
 */
export async function freeSlug(
  base: string,
  taken: (slug: string) => Promise<boolean>,
  reserved: readonly string[] = [],
): Promise<string> {
  for (let n = 1; ; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!reserved.includes(slug) && !(await taken(slug))) return slug;
  }
}
