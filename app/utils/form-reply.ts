import type { SubmissionResult } from "@conform-to/react";

// What an action answers when a page holds several forms (the forum's pages, a proposal with its
// comments): which form the answer is for — its `intent`, and a `key` when the same form is
// repeated per row (a comment's reply form, an agreement's follow-up) — and Conform's
// SubmissionResult (`submission.reply()`), which the form renders through the form kit
// (`~/components/ui/field.tsx`). Shared by the server (which builds it) and the page (which reads it).

export type FormResult = SubmissionResult<string[]>;

export type FormReply = { intent: string; key?: string; submission: FormResult };

/**
 * An error whose message takes values (`administration.errors.themeInUse` names the theme): the
 * key and its values as one string, `key?name=value&…`, which the form kit translates with them.
 */
export function errorWithValues(key: string, values: Record<string, string>): string {
  return `${key}?${new URLSearchParams(values).toString()}`;
}

/** The key of an error and, for one made by `errorWithValues`, its values. */
export function errorKeyAndValues(error: string): { key: string; values?: Record<string, string> } {
  const match = /^([\w.-]+)\?(.*)$/s.exec(error);
  if (!match) return { key: error };
  return { key: match[1]!, values: Object.fromEntries(new URLSearchParams(match[2])) };
}

/** A result that refuses the whole form with one message (an i18n key), keeping the values sent. */
export function formError(message: string, initialValue?: FormResult["initialValue"]): FormResult {
  return { status: "error", initialValue, error: { "": [message] } };
}

function isFormReply(value: unknown): value is FormReply {
  if (typeof value !== "object" || value === null) return false;
  const reply = value as Partial<FormReply>;
  return typeof reply.intent === "string" && typeof reply.submission === "object" && reply.submission !== null;
}

/** The result for the form with this intent (and key), if the action's answer is for it. */
export function resultFor(data: unknown, intent: string, key?: string): FormResult | undefined {
  if (!isFormReply(data) || data.intent !== intent) return undefined;
  if (key !== undefined && data.key !== key) return undefined;
  return data.submission;
}

/** The form-level messages of a result (a refused act with no field to point at). */
export function formErrorsOf(result: FormResult | undefined): string[] {
  return result?.error?.[""] ?? [];
}
