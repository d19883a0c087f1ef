import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/badges.tsx";
import type { z } from "zod";
import { Select, TextArea, useReplyForm } from "~/components/ui/field.tsx";
import {
  COMMENT_BODY_MAX,
  COMMENT_RESPONSE_STATUSES,
  STANCES,
  type commentSchema,
  type editCommentSchema,
  type reportSchema,
  type respondCommentSchema,
} from "~/participation/forms.ts";
import { resultFor, type FormReply } from "~/utils/form-reply.ts";
import { formatDateTime } from "~/utils/format.ts";

// The threaded comments of a proposal or a draft, with their plain-form actions (reply, edit,
// delete, report, hide/restore, respond). Every text is rendered as text: nothing a person
// writes is ever interpreted as HTML.

export type CommentView = {
  id: string;
  parentId: string | null;
  depth: number;
  authorId: string | null;
  authorName: string | null;
  authorSector: string | null;
  stance: string;
  body: string | null;
  anchor: { field: string; start: string; end: string; quote: string; current?: string | null } | null;
  edited: boolean;
  revisions: { id: string; body: string; createdAt: string }[];
  deleted: boolean;
  hidden: boolean;
  hiddenReason: string | null;
  response: { status: string; reason: string | null; at: string | null } | null;
  createdAt: string;
};

export type CommentPermissions = {
  userId: string | null;
  canComment: boolean;
  canModerate: boolean;
  canRespond: boolean;
  maxDepth: number;
  submissionKey: string;
};

export function StanceBadge({ stance }: { stance: string }) {
  const { t } = useTranslation();
  return <span className={`badge stance-${stance.toLowerCase()}`}>{t(`participation.stances.${stance}`)}</span>;
}

/** The comment form: top level (key "new") or a reply (key = parent id). */
export function CommentForm({
  formKey,
  parentId,
  reply,
  submissionKey,
  label,
  children,
}: {
  formKey: string;
  parentId?: string;
  reply: FormReply | undefined;
  submissionKey: string;
  label: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [, fields] = useReplyForm<z.input<typeof commentSchema>>({
    id: `comment-${formKey}`,
    lastResult: resultFor(reply, "comment", formKey),
    defaultValue: { stance: "NEUTRAL" },
  });
  const stance = typeof fields.stance.initialValue === "string" ? fields.stance.initialValue : "NEUTRAL";
  return (
    <Form method="post" className="comment-form" preventScrollReset>
      <input type="hidden" name="intent" value="comment" />
      <input type="hidden" name="submissionKey" value={`${submissionKey}-${formKey}`.slice(0, 64)} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {children}
      <TextArea
        meta={fields.body}
        id={`comment-body-${formKey}`}
        label={label}
        rows={3}
        maxLength={COMMENT_BODY_MAX}
        required
      />
      <fieldset className="stance-field">
        <legend>{t("participation.stanceLegend")}</legend>
        {STANCES.map((option) => (
          <label key={option} className="radio">
            <input type="radio" name="stance" value={option} defaultChecked={stance === option} />{" "}
            {t(`participation.stances.${option}`)}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button primary">
        {parentId ? t("participation.reply") : t("participation.postComment")}
      </button>
    </Form>
  );
}

function ReasonForm({
  intent,
  commentId,
  label,
  submit,
  reply,
  minLength,
}: {
  intent: string;
  commentId: string;
  label: string;
  submit: string;
  reply: FormReply | undefined;
  minLength: number;
}) {
  const id = `${intent}-${commentId}`;
  const [, fields] = useReplyForm<z.input<typeof reportSchema>>({
    id: `${id}-form`,
    lastResult: resultFor(reply, intent, commentId),
  });
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="commentId" value={commentId} />
      <TextArea meta={fields.reason} id={id} label={label} rows={2} required minLength={minLength} />
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  );
}

/** Editing one's own comment (its earlier texts stay visible as revisions). */
function EditForm({ comment, reply }: { comment: CommentView; reply: FormReply | undefined }) {
  const { t } = useTranslation();
  const lastResult = resultFor(reply, "edit-comment", comment.id);
  const [, fields] = useReplyForm<z.input<typeof editCommentSchema>>({
    id: `edit-form-${comment.id}`,
    lastResult,
    defaultValue: { body: comment.body ?? "" },
  });
  return (
    <details open={lastResult !== undefined}>
      <summary>{t("participation.edit")}</summary>
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="edit-comment" />
        <input type="hidden" name="commentId" value={comment.id} />
        <TextArea
          meta={fields.body}
          id={`edit-${comment.id}`}
          label={t("participation.editLabel")}
          rows={3}
          required
          maxLength={COMMENT_BODY_MAX}
        />
        <button type="submit" className="button">
          {t("participation.saveEdit")}
        </button>
      </Form>
    </details>
  );
}

function CommentItem({
  comment,
  childrenOf,
  perms,
  reply,
}: {
  comment: CommentView;
  childrenOf: Map<string | null, CommentView[]>;
  perms: CommentPermissions;
  reply: FormReply | undefined;
}) {
  const { t, i18n } = useTranslation();
  const replies = childrenOf.get(comment.id) ?? [];
  const mine = perms.userId !== null && perms.userId === comment.authorId;
  const open = (intent: string) => resultFor(reply, intent, comment.id) !== undefined;
  return (
    <li>
      <article id={`comentario-${comment.id}`} className="comment" aria-labelledby={`comentario-${comment.id}-by`}>
        <header className="comment-header">
          <span id={`comentario-${comment.id}-by`} className="comment-author">
            {comment.deleted
              ? t("participation.deletedComment")
              : comment.hidden
                ? t("participation.hiddenComment")
                : comment.authorName}
          </span>{" "}
          {comment.authorSector ? <SectorBadge sector={comment.authorSector} /> : null}{" "}
          {!comment.deleted && !comment.hidden ? <StanceBadge stance={comment.stance} /> : null}{" "}
          <time dateTime={comment.createdAt} className="muted">
            {formatDateTime(comment.createdAt, i18n.language)}
          </time>
          {comment.edited && !comment.deleted && !comment.hidden ? (
            <span className="muted"> · {t("participation.edited")}</span>
          ) : null}
        </header>
        {comment.anchor ? (
          <blockquote className="comment-anchor">
            <p className="muted">{t(`participation.draftFields.${comment.anchor.field}`)}</p>
            <p className="comment-body">{comment.anchor.quote}</p>
            {comment.anchor.current === undefined ? null : comment.anchor.current === null ? (
              <p className="muted">{t("participation.passageGone")}</p>
            ) : comment.anchor.current !== comment.anchor.quote ? (
              <p className="muted comment-body">{t("participation.passageNow", { text: comment.anchor.current })}</p>
            ) : null}
          </blockquote>
        ) : null}
        {comment.hidden ? (
          <p className="muted">{t("participation.hiddenReason", { reason: comment.hiddenReason ?? "" })}</p>
        ) : comment.deleted ? (
          <p className="muted">{t("participation.deletedText")}</p>
        ) : (
          <p className="comment-body">{comment.body}</p>
        )}
        {comment.response ? (
          <div className="response-box">
            <p>
              <strong>{t(`participation.commentResponse.${comment.response.status}`)}</strong>
            </p>
            <p className="comment-body">{comment.response.reason}</p>
          </div>
        ) : null}
        {comment.revisions.length > 0 && !comment.deleted && !comment.hidden ? (
          <details>
            <summary>{t("participation.revisions", { count: comment.revisions.length })}</summary>
            <ol className="revisions">
              {comment.revisions.map((r) => (
                <li key={r.id}>
                  <time dateTime={r.createdAt} className="muted">
                    {formatDateTime(r.createdAt, i18n.language)}
                  </time>
                  <p className="comment-body">{r.body}</p>
                </li>
              ))}
            </ol>
          </details>
        ) : null}
        {perms.userId ? (
          <div className="comment-actions">
            {perms.canComment && comment.depth < perms.maxDepth && !comment.deleted && !comment.hidden ? (
              <details open={open("comment")}>
                <summary>{t("participation.reply")}</summary>
                <CommentForm
                  formKey={comment.id}
                  parentId={comment.id}
                  reply={reply}
                  submissionKey={perms.submissionKey}
                  label={t("participation.replyLabel", { name: comment.authorName ?? "" })}
                />
              </details>
            ) : null}
            {mine && !comment.deleted && !comment.hidden ? (
              <>
                <EditForm comment={comment} reply={reply} />
                <Form method="post" preventScrollReset className="inline-form">
                  <input type="hidden" name="intent" value="delete-comment" />
                  <input type="hidden" name="commentId" value={comment.id} />
                  <button type="submit" className="button link-button">
                    {t("participation.delete")}
                  </button>
                </Form>
              </>
            ) : null}
            {!mine && !comment.deleted && !comment.hidden ? (
              <details open={open("report-comment")}>
                <summary>{t("participation.report")}</summary>
                <ReasonForm
                  intent="report-comment"
                  commentId={comment.id}
                  label={t("participation.reportReason")}
                  submit={t("participation.sendReport")}
                  reply={reply}
                  minLength={3}
                />
              </details>
            ) : null}
            {perms.canModerate && !comment.deleted ? (
              <details open={open("hide-comment") || open("restore-comment")}>
                <summary>{comment.hidden ? t("participation.restore") : t("participation.hide")}</summary>
                <ReasonForm
                  intent={comment.hidden ? "restore-comment" : "hide-comment"}
                  commentId={comment.id}
                  label={t("participation.moderationReason")}
                  submit={comment.hidden ? t("participation.restore") : t("participation.hide")}
                  reply={reply}
                  minLength={10}
                />
              </details>
            ) : null}
            {perms.canRespond && comment.anchor && !comment.deleted && !comment.hidden ? (
              <CommentResponseForm commentId={comment.id} reply={reply} />
            ) : null}
          </div>
        ) : null}
      </article>
      {replies.length > 0 ? (
        <ol className="comment-thread" aria-label={t("participation.repliesTo", { name: comment.authorName ?? "" })}>
          {replies.map((child) => (
            <CommentItem key={child.id} comment={child} childrenOf={childrenOf} perms={perms} reply={reply} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function CommentResponseForm({ commentId, reply }: { commentId: string; reply: FormReply | undefined }) {
  const { t } = useTranslation();
  const lastResult = resultFor(reply, "respond-comment", commentId);
  const [, fields] = useReplyForm<z.input<typeof respondCommentSchema>>({
    id: `rc-${commentId}`,
    lastResult,
    defaultValue: { status: "NOTED" },
  });
  return (
    <details open={lastResult !== undefined}>
      <summary>{t("participation.respondToComment")}</summary>
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="respond-comment" />
        <input type="hidden" name="commentId" value={commentId} />
        <Select meta={fields.status} id={`rc-status-${commentId}`} label={t("participation.responseStatus")}>
          {COMMENT_RESPONSE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`participation.commentResponse.${s}`)}
            </option>
          ))}
        </Select>
        <TextArea
          meta={fields.reason}
          id={`rc-reason-${commentId}`}
          label={t("participation.responseReason")}
          rows={3}
          required
        />
        <button type="submit" className="button">
          {t("participation.sendResponse")}
        </button>
      </Form>
    </details>
  );
}

/** The whole thread: top-level comments oldest first, replies nested under their parent. */
export function CommentThread({
  comments,
  perms,
  reply,
}: {
  comments: CommentView[];
  perms: CommentPermissions;
  reply: FormReply | undefined;
}) {
  const { t } = useTranslation();
  const childrenOf = new Map<string | null, CommentView[]>();
  for (const c of comments) {
    const list = childrenOf.get(c.parentId) ?? [];
    list.push(c);
    childrenOf.set(c.parentId, list);
  }
  const top = childrenOf.get(null) ?? [];
  if (top.length === 0) return <p>{t("participation.noComments")}</p>;
  return (
    <ol className="comment-thread top">
      {top.map((c) => (
        <CommentItem key={c.id} comment={c} childrenOf={childrenOf} perms={perms} reply={reply} />
      ))}
    </ol>
  );
}
