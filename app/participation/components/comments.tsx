import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/badges.tsx";
import { COMMENT_BODY_MAX, STANCES } from "~/participation/forms.ts";
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

/** What the last failed post said, to redisplay that form with its input and errors. */
export type FormEcho = {
  intent: string;
  key: string;
  values: Record<string, string>;
  errors: Record<string, string[]>;
} | null;

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

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}

/** The comment form: top level (key "new") or a reply (key = parent id). */
export function CommentForm({
  formKey,
  parentId,
  echo,
  submissionKey,
  label,
  children,
}: {
  formKey: string;
  parentId?: string;
  echo: FormEcho;
  submissionKey: string;
  label: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const mine = echo && echo.intent === "comment" && echo.key === formKey ? echo : null;
  const bodyId = `comment-body-${formKey}`;
  const errorId = `${bodyId}-error`;
  return (
    <Form method="post" className="comment-form" preventScrollReset>
      <input type="hidden" name="intent" value="comment" />
      <input type="hidden" name="submissionKey" value={`${submissionKey}-${formKey}`.slice(0, 64)} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {children}
      <div className="field">
        <label htmlFor={bodyId}>{label}</label>
        <textarea
          id={bodyId}
          name="body"
          rows={3}
          maxLength={COMMENT_BODY_MAX}
          required
          defaultValue={mine?.values.body ?? ""}
          aria-invalid={mine?.errors.body ? true : undefined}
          aria-describedby={mine?.errors.body ? errorId : undefined}
        />
        <FieldError id={errorId} errors={mine?.errors.body} />
      </div>
      <fieldset className="stance-field">
        <legend>{t("participation.stanceLegend")}</legend>
        {STANCES.map((stance) => (
          <label key={stance} className="radio">
            <input
              type="radio"
              name="stance"
              value={stance}
              defaultChecked={(mine?.values.stance ?? "NEUTRAL") === stance}
            />{" "}
            {t(`participation.stances.${stance}`)}
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
  echo,
  minLength,
}: {
  intent: string;
  commentId: string;
  label: string;
  submit: string;
  echo: FormEcho;
  minLength: number;
}) {
  const mine = echo && echo.intent === intent && echo.key === commentId ? echo : null;
  const id = `${intent}-${commentId}`;
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="commentId" value={commentId} />
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <textarea
          id={id}
          name="reason"
          rows={2}
          required
          minLength={minLength}
          defaultValue={mine?.values.reason ?? ""}
          aria-invalid={mine?.errors.reason ? true : undefined}
          aria-describedby={mine?.errors.reason ? `${id}-error` : undefined}
        />
        <FieldError id={`${id}-error`} errors={mine?.errors.reason} />
      </div>
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  );
}

function CommentItem({
  comment,
  childrenOf,
  perms,
  echo,
}: {
  comment: CommentView;
  childrenOf: Map<string | null, CommentView[]>;
  perms: CommentPermissions;
  echo: FormEcho;
}) {
  const { t, i18n } = useTranslation();
  const replies = childrenOf.get(comment.id) ?? [];
  const mine = perms.userId !== null && perms.userId === comment.authorId;
  const open = (intent: string) => echo?.key === comment.id && echo.intent === intent;
  const editEcho = echo && echo.intent === "edit-comment" && echo.key === comment.id ? echo : null;
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
                  echo={echo}
                  submissionKey={perms.submissionKey}
                  label={t("participation.replyLabel", { name: comment.authorName ?? "" })}
                />
              </details>
            ) : null}
            {mine && !comment.deleted && !comment.hidden ? (
              <>
                <details open={editEcho !== null}>
                  <summary>{t("participation.edit")}</summary>
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value="edit-comment" />
                    <input type="hidden" name="commentId" value={comment.id} />
                    <div className="field">
                      <label htmlFor={`edit-${comment.id}`}>{t("participation.editLabel")}</label>
                      <textarea
                        id={`edit-${comment.id}`}
                        name="body"
                        rows={3}
                        required
                        maxLength={COMMENT_BODY_MAX}
                        defaultValue={editEcho?.values.body ?? comment.body ?? ""}
                        aria-invalid={editEcho?.errors.body ? true : undefined}
                        aria-describedby={editEcho?.errors.body ? `edit-${comment.id}-error` : undefined}
                      />
                      <FieldError id={`edit-${comment.id}-error`} errors={editEcho?.errors.body} />
                    </div>
                    <button type="submit" className="button">
                      {t("participation.saveEdit")}
                    </button>
                  </Form>
                </details>
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
                  echo={echo}
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
                  echo={echo}
                  minLength={10}
                />
              </details>
            ) : null}
            {perms.canRespond && comment.anchor && !comment.deleted && !comment.hidden ? (
              <CommentResponseForm commentId={comment.id} echo={echo} />
            ) : null}
          </div>
        ) : null}
      </article>
      {replies.length > 0 ? (
        <ol className="comment-thread" aria-label={t("participation.repliesTo", { name: comment.authorName ?? "" })}>
          {replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} childrenOf={childrenOf} perms={perms} echo={echo} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function CommentResponseForm({ commentId, echo }: { commentId: string; echo: FormEcho }) {
  const { t } = useTranslation();
  const mine = echo && echo.intent === "respond-comment" && echo.key === commentId ? echo : null;
  return (
    <details open={mine !== null}>
      <summary>{t("participation.respondToComment")}</summary>
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="respond-comment" />
        <input type="hidden" name="commentId" value={commentId} />
        <div className="field">
          <label htmlFor={`rc-status-${commentId}`}>{t("participation.responseStatus")}</label>
          <select id={`rc-status-${commentId}`} name="status" defaultValue={mine?.values.status ?? "NOTED"}>
            {["ACCEPTED", "PARTLY_ACCEPTED", "NOT_ACCEPTED", "NOTED"].map((s) => (
              <option key={s} value={s}>
                {t(`participation.commentResponse.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`rc-reason-${commentId}`}>{t("participation.responseReason")}</label>
          <textarea
            id={`rc-reason-${commentId}`}
            name="reason"
            rows={3}
            required
            defaultValue={mine?.values.reason ?? ""}
            aria-invalid={mine?.errors.reason ? true : undefined}
            aria-describedby={mine?.errors.reason ? `rc-reason-${commentId}-error` : undefined}
          />
          <FieldError id={`rc-reason-${commentId}-error`} errors={mine?.errors.reason} />
        </div>
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
  echo,
}: {
  comments: CommentView[];
  perms: CommentPermissions;
  echo: FormEcho;
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
        <CommentItem key={c.id} comment={c} childrenOf={childrenOf} perms={perms} echo={echo} />
      ))}
    </ol>
  );
}
