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
import { limitOrReply } from "~/utils/rate-limit.server.ts";

// The comment intents shared by the proposal page and the draft comments page: parse with zod,
// answer 400 with the form's input and errors (so the page redisplays that form), 403/404 as
// thrown Responses, and null on success (the route redirects).

export type Echo = { intent: string; key: string; values: Record<string, string>; errors: Record<string, string[]> };

/** A 400 answer that redisplays one form with the person's input kept. */
export function echoReply(echo: Echo, status = 400) {
  return json({ echo, notice: null as string | null }, { status });
}

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) if (typeof value === "string") values[name] = value.slice(0, 10_000);
  return values;
}

/** Parses a form with a schema; on failure, the 400 answer. */
export function parseForm<T>(
  schema: ZodType<T>,
  input: FormData | Record<string, string>,
  key: string,
): { ok: true; value: T } | { ok: false; reply: ReturnType<typeof echoReply> } {
  const values = input instanceof FormData ? formValues(input) : input;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    (errors[field] ??= []).push(
      issue.message.startsWith("participation.") ? issue.message : "participation.errors.invalidForm",
    );
  }
  return { ok: false, reply: echoReply({ intent: values.intent ?? "", key, values, errors }) };
}

/** Throws the Response for a refusal, or answers 400 for an invalid request with its message. */
export function failureReply(failure: Failure, echo: Omit<Echo, "errors">) {
  if (failure.error === "not-found") throw new Response("No encontramos eso.", { status: 404 });
  if (failure.error === "forbidden") throw new Response("No tienes permiso para hacer esto.", { status: 403 });
  const message =
    failure.error === "closed"
      ? "participation.errors.closed"
      : (failure.message ?? "participation.errors.invalidForm");
  return echoReply({ ...echo, errors: { form: [message], body: [] } }, failure.error === "closed" ? 409 : 400);
}

type Actor = Parameters<typeof postComment>[0];

/** Handles a comment intent; null when the intent is not a comment intent. */
export async function handleCommentIntent(
  intent: string,
  formData: FormData,
  actor: Actor,
  target: CommentTarget,
  anchor?: (values: Record<string, string>) => DraftAnchor | undefined | "invalid",
): Promise<{ done: true; hash?: string } | { done: false; reply: Response } | null> {
  const values = formValues(formData);
  const commentId = values.commentId ?? "";
  if (intent !== "comment" && commentId && !(await commentBelongsTo(commentId, target))) {
    throw new Response("No encontramos ese comentario.", { status: 404 });
  }
  const fail = (failure: Failure, key: string) => ({
    done: false as const,
    reply: failureReply(failure, { intent, key, values }),
  });
  if (actor && (intent === "comment" || intent === "edit-comment")) {
    const limited = await limitOrReply([["commentsByUser", actor.id]], () => ({
      echo: {
        intent,
        key: intent === "comment" ? values.parentId || "new" : commentId,
        values,
        errors: { form: ["participation.errors.rateLimited"] },
      },
      notice: null as string | null,
    }));
    if (limited) return { done: false, reply: limited };
  }
  switch (intent) {
    case "comment": {
      const key = values.parentId || "new";
      const parsed = parseForm(commentSchema, formData, key);
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
      const parsed = parseForm(editCommentSchema, formData, commentId);
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
      const parsed = parseForm(reportSchema, formData, commentId);
      if (!parsed.ok) return { done: false, reply: parsed.reply };
      const result = await reportComment(actor, parsed.value.commentId, parsed.value.reason);
      if (!result.ok) return fail(result, commentId);
      return { done: true, hash: `comentario-${commentId}` };
    }
    case "hide-comment":
    case "restore-comment": {
      // Hiding and restoring both take a recorded reason (the hide schema checks it).
      const parsed = parseForm(hideSchema, { ...values, intent: "hide-comment" }, commentId);
      if (!parsed.ok) {
        return {
          done: false,
          reply: echoReply({
            intent,
            key: commentId,
            values,
            errors: { reason: ["participation.errors.reasonTooShort"] },
          }),
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
      const parsed = parseForm(respondCommentSchema, formData, commentId);
      if (!parsed.ok) return { done: false, reply: parsed.reply };
      const result = await respondToComment(actor, commentId, parsed.value.status, parsed.value.reason);
      if (!result.ok) return fail(result, commentId);
      return { done: true, hash: `comentario-${commentId}` };
    }
    default:
      return null;
  }
}
