import { randomUUID } from "node:crypto";
import {
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
import { FormErrors } from "~/components/ui/field.tsx";
import { useLiveRevalidation } from "~/components/live.tsx";
import { AnchorInputs, AnchorPicker, type PickedAnchor } from "~/participation/components/anchor-picker.tsx";
import { CommentForm, CommentThread } from "~/participation/components/comments.tsx";
import { useHydrated } from "~/collab/y-hooks.ts";
import { participationLinks } from "~/participation/components/styles.ts";
import { COMMENT_MAX_DEPTH } from "~/participation/forms.ts";
import { listComments } from "~/participation/comments.server.ts";
import { follow, isFollowing, unfollow } from "~/participation/notifications.server.ts";
import { currentPassages, parseDraftAnchor } from "~/drafting/anchors.server.ts";
import { requireDraftCommitment } from "~/drafting/drafts.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { handleCommentIntent } from "~/participation/actions.server.ts";
import { formErrorsOf, type FormReply } from "~/utils/form-reply.ts";
import { textResponse } from "~/utils/responses.server.ts";
import { can } from "~/utils/permissions.server.ts";

export const links = participationLinks;

/** A rate-limited action's 429 keeps its Retry-After on the page it redisplays. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "participation.draftCommentsTitle", { number: data.commitment.number })
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const commitment = await requireDraftCommitment(request, params.commitmentId);
  const { teamUserIds: _team, ...publicCommitment } = commitment;
  const comments = await listComments({ type: "commitment", id: commitment.id });
  const passages = await currentPassages(commitment.id, comments);
  return {
    commitment: publicCommitment,
    comments: comments.map((c) => (c.anchor ? { ...c, anchor: { ...c.anchor, current: passages[c.id] ?? null } } : c)),
    userId: context.user?.id ?? null,
    following: context.user ? await isFollowing(context.user.id, { type: "commitment", id: commitment.id }) : false,
    canModerate: can.moderate(context.user),
    canRespond: can.respondToContribution(context.user),
    submissionKey: randomUUID().replace(/-/g, ""),
  };
}

/** Comment intents on a draft: `comment` (optionally anchored), edit, delete, report, hide, respond. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const commitment = await requireDraftCommitment(request, params.commitmentId);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "follow" || intent === "unfollow") {
    const subject = { type: "commitment" as const, id: commitment.id };
    if (intent === "follow") await follow(user.id, subject);
    else await unfollow(user.id, subject);
    return redirect(`/compromisos/${commitment.id}/comentarios`);
  }
  const handled = await handleCommentIntent(
    request,
    intent,
    formData,
    user,
    { type: "commitment", id: commitment.id },
    (values) => parseDraftAnchor(values),
  );
  if (!handled) throw textResponse(request, 400, "responses.unknownAction");
  if (!handled.done) return handled.reply;
  return redirect(`/compromisos/${commitment.id}/comentarios?hecho=comentario#${handled.hash ?? ""}`);
}

export default function DraftCommentsPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const [searchParams] = useSearchParams();
  useLiveRevalidation([`commitment:${data.commitment.id}`]);
  const hydrated = useHydrated();
  const location = useLocation();
  // An anchor belongs to the page visit it was picked in: after a post, the next comment starts
  // unanchored.
  const [picked, setPicked] = useState<{ key: string; anchor: PickedAnchor | null }>({ key: "", anchor: null });
  const anchor = picked.key === location.key ? picked.anchor : null;
  const setAnchor = (next: PickedAnchor | null) => setPicked({ key: location.key, anchor: next });
  return (
    <div className="container">
      <CommitmentBreadcrumb commitment={data.commitment} />
      <h1>{t("participation.draftCommentsTitle", { number: data.commitment.number })}</h1>
      <p className="lead">{t("participation.draftCommentsIntro")}</p>
      {searchParams.get("hecho") ? (
        <p className="form-message success" role="status">
          {t("participation.done.comentario")}
        </p>
      ) : null}
      <FormErrors id="comments-errors" errors={formErrorsOf(reply?.submission)} />
      {data.userId ? (
        <Form method="post">
          <input type="hidden" name="intent" value={data.following ? "unfollow" : "follow"} />
          <button type="submit" className="button">
            {data.following ? t("participation.unfollow") : t("participation.followCommitment")}
          </button>
        </Form>
      ) : null}
      <CommentThread
        comments={data.comments}
        reply={reply}
        perms={{
          userId: data.userId,
          canComment: data.userId !== null,
          canModerate: data.canModerate,
          canRespond: data.canRespond,
          maxDepth: COMMENT_MAX_DEPTH,
          submissionKey: data.submissionKey,
        }}
      />
      {data.userId && hydrated ? (
        <AnchorPicker commitmentId={data.commitment.id} userId={data.userId} anchor={anchor} onPick={setAnchor} />
      ) : null}
      {data.userId ? (
        <CommentForm
          formKey="new"
          reply={reply}
          submissionKey={data.submissionKey}
          label={t("participation.newDraftComment")}
        >
          <AnchorInputs anchor={anchor} />
        </CommentForm>
      ) : (
        <p>{t("participation.loginToComment")}</p>
      )}
    </div>
  );
}
