import { parseWithZod } from "@conform-to/zod/v4";
import { json } from "@remix-run/node";
import type { ZodType } from "zod";
import { commentSchema, editCommentSchema, hideSchema, reportSchema, respondCommentSchema } from "./forms.ts";
import {
  commentBelongsTo,
  deleteComment,
  editComment,
  moderateComment,
  postComment,
  reportComment,
  respondToComment,
  type CommentTarget,
  type DraftAnchor,
} from "./comments.server.ts";
import type { Failure } from "./common.server.ts";
import { formError, type FormReply, type FormResult } from "~/utils/form-reply.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

// The comment intents shared by the proposal page and the draft comments page: parse with zod
// (Conform's parseWithZod), answer 400 with the form's Conform result (its input kept, its errors
// by field) naming the form it is for, 403/404 as thrown Responses, and null on success (the
// route redirects).

/** Which form a reply is for: its intent, and a key (the parent or comment id, "new", or the intent). */
export type FormTarget = { intent: string; key: string };

/** A 400 answer that redisplays one form with the person's input kept. */
export function formReply(target: FormTarget, submission: FormResult, status = 400) {
  return json<FormReply>({ ...target, submission }, { status });
}

/** The form's values, one per name, long ones cut (what a refused form shows again). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) if (typeof value === "string") values[name] = value.slice(0, 10_000);
  return values;
}

function asFormData(values: Record<string, string>): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(values)) formData.set(name, value);
  return formData;
}

/** A message the page can show: the schemas' own keys, else a generic one. */
const messages = (issues: { message: string }[]) =>
  issues.map((issue) =>
    issue.message.startsWith("participation.") ? issue.message : "participation.errors.invalidForm",
  );

/** Parses a form with a schema (the values exactly as sent, no coercion); on failure, the 400 answer. */
export function parseForm<T>(
  schema: ZodType<T>,
  input: FormData | Record<string, string>,
  target: FormTarget,
): { ok: true; value: T } | { ok: false; reply: ReturnType<typeof formReply> } {
  const values = input instanceof FormData ? formValues(input) : input;
  const submission = parseWithZod(asFormData(values), {
    schema,
    disableAutoCoercion: true,
    formatError: messages,
  });
  if (submission.status === "success") return { ok: true, value: submission.value };
  return { ok: false, reply: formReply(target, submission.reply()) };
}

/** Throws the Response for a refusal, or answers 400 (409 when closed) for an invalid request with its message. */
export function failureReply(
  request: Request,
  failure: Failure,
  target: FormTarget & { values: Record<string, string> },
) {
  if (failure.error === "not-found") throw textResponse(request, 404, "responses.notFound");
  if (failure.error === "forbidden") throw textResponse(request, 403, "responses.forbidden");
  const message =
    failure.error === "closed"
      ? "participation.errors.closed"
      : (failure.message ?? "participation.errors.invalidForm");
  const { values, ...form } = target;
  return formReply(form, formError(message, values), failure.error === "closed" ? 409 : 400);
}

type Actor = Parameters<typeof postComment>[0];

/** Handles a comment intent; null when the intent is not a comment intent. */
export async function handleCommentIntent(
  request: Request,
  intent: string,
  formData: FormData,
  actor: Actor,
  target: CommentTarget,
  anchor?: (values: Record<string, string>) => DraftAnchor | undefined | "invalid",
): Promise<{ done: true; hash?: string } | { done: false; reply: Response } | null> {
  const values = formValues(formData);
  const commentId = values.commentId ?? "";
  if (intent !== "comment" && commentId && !(await commentBelongsTo(commentId, target))) {
    throw textResponse(request, 404, "responses.commentNotFound");
  }
  const fail = (failure: Failure, key: string) => ({
    done: false as const,
    reply: failureReply(request, failure, { intent, key, values }),
  });
  if (actor && (intent === "comment" || intent === "edit-comment")) {
    const limited = await limitOrReply([["commentsByUser", actor.id]], (): FormReply => ({
      intent,
      key: intent === "comment" ? values.parentId || "new" : commentId,
      submission: formError("participation.errors.rateLimited", values),
    }));
    if (limited) return { done: false, reply: limited };
  }
  switch (intent) {
    case "comment": {
      const key = values.parentId || "new";
      const parsed = parseForm(commentSchema, values, { intent, key });
      if (!parsed.ok) return { done: false, reply: parsed.reply };
      const draftAnchor = anchor ? anchor(values) : undefined;
      if (draftAnchor === "invalid") {
        return fail({ ok: false, error: "invalid", message: "participation.errors.anchorInvalid" }, key);
      }
      const result = await postComment(actor, target, { ...parsed.value, anchor: draftAnchor });
      if (!result.ok) return fail(result, key);
      return { done: true, hash: `comentario-${result.id}` };
    }
    case "edit-comment": {
      const parsed = parseForm(editCommentSchema, values, { intent, key: commentId });
      if (!parsed.ok) return { done: false, reply: parsed.reply };
      const result = await editComment(actor, parsed.value.commentId, parsed.value.body);
      if (!result.ok) return fail(result, commentId);
      return { done: true, hash: `comentario-${commentId}` };
    }
    case "delete-comment": {
      const result = await deleteComment(actor, commentId);
      if (!result.ok) return fail(result, commentId);
      return { done: true, hash: `comentario-${commentId}` };
    }
    case "report-comment": {
      const parsed = parseForm(reportSchema, values, { intent, key: commentId });
      if (!parsed.ok) return { done: false, reply: parsed.reply };
      const result = await reportComment(actor, parsed.value.commentId, parsed.value.reason);
      if (!result.ok) return fail(result, commentId);
      return { done: true, hash: `comentario-${commentId}` };
    }
    case "hide-comment":
    case "restore-comment": {
      // Hiding and restoring both take a recorded reason (the hide schema checks it).
      const parsed = parseForm(hideSchema, { ...values, intent: "hide-comment" }, { intent, key: commentId });
      if (!parsed.ok) {
        return {
          done: false,
          reply: formReply(
            { intent, key: commentId },
            { status: "error", initialValue: values, error: { reason: ["participation.errors.reasonTooShort"] } },
          ),
        };
      }
      const result = await moderateComment(
        actor,
        commentId,
        intent === "hide-comment" ? "hide" : "restore",
        parsed.value.reason,
      );
      if (!result.ok) return fail(result, commentId);
      return { done: true, hash: `comentario-${commentId}` };
    }
    case "respond-comment": {
      const parsed = parseForm(respondCommentSchema, values, { intent, key: commentId });
      if (!parsed.ok) return { done: false, reply: parsed.reply };
      const result = await respondToComment(actor, commentId, parsed.value.status, parsed.value.reason);
      if (!result.ok) return fail(result, commentId);
      return { done: true, hash: `comentario-${commentId}` };
    }
    default:
      return null;
  }
}
