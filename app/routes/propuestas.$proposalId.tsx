import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { randomUUID } from "node:crypto";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge, SectorBadge } from "~/components/badges.tsx";
import { useLiveRevalidation } from "~/components/live.tsx";
import { CommentForm, CommentThread } from "~/participation/components/comments.tsx";
import { ProposalStatusBadge, VotesBySector } from "~/participation/components/proposal-parts.tsx";
import { COMMENT_MAX_DEPTH, RESPONSE_STATUSES, respondSchema } from "~/participation/forms.ts";
import { listComments } from "~/participation/comments.server.ts";
import { follow, isFollowing, unfollow } from "~/participation/notifications.server.ts";
import { castVote, endorse, withdrawEndorsement, withdrawVote } from "~/participation/support.server.ts";
import {
  actingOrganizations,
  getProposal,
  noCommitments,
  planCommitments,
  proposalExists,
  viewerState,
  withdrawProposal,
} from "~/participation/proposals.server.ts";
import { respondToProposal } from "~/participation/responses.server.ts";
import { ownProposalReceipts } from "~/record/receipts.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDate, formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { participationLinks } from "~/participation/components/styles.ts";

export const links = participationLinks;
import { failureReply, formValues, handleCommentIntent, parseForm, type Echo } from "~/participation/actions.server.ts";
import { can } from "~/utils/permissions.server.ts";

/** A rate-limited action's 429 keeps its Retry-After on the page it redisplays. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.proposal.title} · Minka` }] : pageTitle(matches, "errors.notFoundTitle");

const NOT_FOUND = "No encontramos esa propuesta.";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const proposal = await getProposal(params.proposalId ?? "");
  if (!proposal) throw new Response(NOT_FOUND, { status: 404 });
  const user = context.user;
  const [viewer, comments, following, organizations, commitments, receipts] = await Promise.all([
    viewerState(proposal, user),
    listComments({ type: "proposal", id: proposal.id }),
    user ? isFollowing(user.id, { type: "proposal", id: proposal.id }) : false,
    actingOrganizations(user),
    user && can.respondToContribution(user) ? planCommitments(proposal.planId) : noCommitments(),
    // Receipts for the person's own acts in the public record (docs/decisions/021).
    user ? ownProposalReceipts(user.id, proposal.id) : { published: null, vote: null },
  ]);
  const { authorId, ...publicProposal } = proposal;
  return {
    proposal: publicProposal,
    isAuthor: user?.id === authorId,
    viewer,
    comments,
    following,
    organizations,
    commitments,
    receipts,
    userId: user?.id ?? null,
    canModerate: can.moderate(user),
    submissionKey: randomUUID().replace(/-/g, ""),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const id = params.proposalId ?? "";
  const formData = await request.formData();
  const values = formValues(formData);
  const intent = values.intent ?? "";
  const back = (notice: string, hash = "") => redirect(`/propuestas/${id}?hecho=${notice}${hash ? `#${hash}` : ""}`);
  const echo = { intent, key: intent, values };

  switch (intent) {
    case "vote":
    case "unvote": {
      const limited = await limitOrReply([["votesByUser", user.id]], () => ({
        echo: { ...echo, errors: { form: ["participation.errors.rateLimited"] } },
        notice: null as string | null,
      }));
      if (limited) return limited;
      const result = intent === "vote" ? await castVote(user, id) : await withdrawVote(user, id);
      if (!result.ok) return failureReply(result, echo);
      return back(intent === "vote" ? "apoyo" : "apoyo-retirado", "apoyos");
    }
    case "endorse":
    case "unendorse": {
      const organizationId = values.organizationId?.trim() || null;
      if (organizationId && organizationId.length > 64) return failureReply({ ok: false, error: "invalid" }, echo);
      const result =
        intent === "endorse"
          ? await endorse(user, id, organizationId)
          : await withdrawEndorsement(user, id, organizationId);
      if (!result.ok) return failureReply(result, echo);
      return back(intent === "endorse" ? "adhesion" : "adhesion-retirada", "adhesiones");
    }
    case "withdraw": {
      const result = await withdrawProposal(user, id);
      if (!result.ok) return failureReply(result, echo);
      return back("retirada");
    }
    case "respond": {
      const parsed = parseForm(respondSchema, values, "respond");
      if (!parsed.ok) return parsed.reply;
      const result = await respondToProposal(user, id, parsed.value);
      if (!result.ok) return failureReply(result, echo);
      return back("respuesta", "respuesta");
    }
    case "follow":
    case "unfollow": {
      if (!(await proposalExists(id))) {
        throw new Response(NOT_FOUND, { status: 404 });
      }
      if (intent === "follow") await follow(user.id, { type: "proposal", id });
      else await unfollow(user.id, { type: "proposal", id });
      return back(intent === "follow" ? "siguiendo" : "dejaste-de-seguir");
    }
    default: {
      const handled = await handleCommentIntent(intent, formData, user, { type: "proposal", id });
      if (!handled)
        return json(
          { echo: { ...echo, errors: { form: ["participation.errors.unknownIntent"] } }, notice: null },
          { status: 400 },
        );
      if (!handled.done) return handled.reply;
      return back("comentario", handled.hash);
    }
  }
}

export default function ProposalPage() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { proposal: p, viewer, comments, organizations, commitments } = data;
  const actionData = useActionData<typeof action>() as { echo: Echo | null } | undefined;
  const echo = actionData?.echo ?? null;
  const [searchParams] = useSearchParams();
  const done = searchParams.get("hecho");
  useLiveRevalidation([`proposal:${p.id}`]);
  const formError = echo?.errors.form?.[0];
  const respondEcho = echo?.intent === "respond" ? echo : null;
  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/propuestas">{t("participation.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`/propuestas?plan=${encodeURIComponent(p.plan.id)}`}>{p.plan.name}</Link>
      </nav>
      <p className="eyebrow">{t("participation.proposal")}</p>
      <h1>{p.title}</h1>
      <p>
        <ProposalStatusBadge status={p.status} /> {p.plan.isDemo ? <DemoBadge /> : null}
      </p>
      {done ? (
        <p className="form-message success" role="status">
          {t(`participation.done.${done}`, { defaultValue: t("participation.done.default") })}
        </p>
      ) : null}
      {formError ? (
        <div className="form-message error" role="alert">
          <p>{t(formError)}</p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t("participation.author")}</dt>
        <dd>
          {p.author.name}
          {p.organization ? (
            <>
              {" "}
              {t("participation.onBehalfOf")}{" "}
              <Link to={`/organizaciones/${p.organization.slug}`}>{p.organization.name}</Link>
            </>
          ) : null}{" "}
          {p.authorSector ? <SectorBadge sector={p.authorSector} /> : null}
        </dd>
        <dt>{t("participation.published")}</dt>
        <dd>
          <time dateTime={p.createdAt}>{formatDate(p.createdAt, i18n.language)}</time>
        </dd>
        <dt>{t("participation.theme")}</dt>
        <dd>{p.theme?.name ?? t("participation.none")}</dd>
        <dt>{t("participation.territory")}</dt>
        <dd>{p.territory?.name ?? t("participation.none")}</dd>
        {p.commitment ? (
          <>
            <dt>{t("participation.linkedCommitment")}</dt>
            <dd>
              <Link to={`/compromisos/${p.commitment.id}`}>
                {t("participation.commitmentLabel", {
                  number: p.commitment.number,
                  title: p.commitment.title ?? p.commitment.titleEn ?? "",
                })}
              </Link>
            </dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="p-text">
        <h2 id="p-text" className="visually-hidden">
          {t("participation.text")}
        </h2>
        <p className="proposal-body">{p.body}</p>
      </section>

      {data.isAuthor && viewer.canWithdraw ? (
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="button">
            {t("participation.withdraw")}
          </button>
        </Form>
      ) : null}

      {data.receipts.published || data.receipts.vote ? (
        <p className="inline-list">
          {data.receipts.published ? (
            <a href={`/cuenta/comprobantes/${data.receipts.published}`} download title={t("record.receipt.hint")}>
              {t("record.receipt.proposal")}
            </a>
          ) : null}{" "}
          {data.receipts.vote ? (
            <a href={`/cuenta/comprobantes/${data.receipts.vote}`} download title={t("record.receipt.hint")}>
              {t("record.receipt.vote")}
            </a>
          ) : null}
        </p>
      ) : null}

      <section id="respuesta" aria-labelledby="respuesta-titulo" className="card">
        <h2 id="respuesta-titulo">{t("participation.response")}</h2>
        {p.responseReason ? (
          <>
            <p>
              <ProposalStatusBadge status={p.status} />{" "}
              {p.respondedAt ? (
                <span className="muted">
                  {t("participation.respondedBy", {
                    name: p.responderName ?? "",
                    date: formatDateTime(p.respondedAt, i18n.language),
                  })}
                </span>
              ) : null}
            </p>
            <p className="proposal-body">{p.responseReason}</p>
          </>
        ) : (
          <p>{p.status === "WITHDRAWN" ? t("participation.withdrawnNote") : t("participation.awaitingResponse")}</p>
        )}
        {viewer.canRespond ? (
          <details open={respondEcho !== null}>
            <summary>{t("participation.respond")}</summary>
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="respond" />
              <div className="field">
                <label htmlFor="respond-status">{t("participation.responseStatus")}</label>
                <select
                  id="respond-status"
                  name="status"
                  defaultValue={respondEcho?.values.status ?? "UNDER_EVALUATION"}
                >
                  {RESPONSE_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`participation.statuses.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="respond-commitment">{t("participation.responseCommitment")}</label>
                <p id="respond-commitment-hint" className="hint">
                  {t("participation.responseCommitmentHint")}
                </p>
                <select
                  id="respond-commitment"
                  name="commitmentId"
                  defaultValue={respondEcho?.values.commitmentId ?? p.commitment?.id ?? ""}
                  aria-describedby={`respond-commitment-hint${respondEcho?.errors.commitmentId ? " respond-commitment-error" : ""}`}
                  aria-invalid={respondEcho?.errors.commitmentId ? true : undefined}
                >
                  <option value="">{t("participation.noCommitment")}</option>
                  {commitments.map((c) => (
                    <option key={c.id} value={c.id}>
                      {t("participation.commitmentLabel", { number: c.number, title: c.title ?? c.titleEn ?? "" })}
                    </option>
                  ))}
                </select>
                {respondEcho?.errors.commitmentId ? (
                  <ul id="respond-commitment-error" className="field-errors">
                    {respondEcho.errors.commitmentId.map((e) => (
                      <li key={e}>{t(e)}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor="respond-reason">{t("participation.responseReason")}</label>
                <textarea
                  id="respond-reason"
                  name="reason"
                  rows={4}
                  defaultValue={respondEcho?.values.reason ?? ""}
                  aria-invalid={respondEcho?.errors.reason ? true : undefined}
                  aria-describedby={respondEcho?.errors.reason ? "respond-reason-error" : undefined}
                />
                {respondEcho?.errors.reason ? (
                  <ul id="respond-reason-error" className="field-errors">
                    {respondEcho.errors.reason.map((e) => (
                      <li key={e}>{t(e)}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
              <button type="submit" className="button primary">
                {t("participation.sendResponse")}
              </button>
            </Form>
          </details>
        ) : null}
      </section>

      <section id="apoyos" aria-labelledby="apoyos-titulo" className="card">
        <h2 id="apoyos-titulo">{t("participation.supports")}</h2>
        <p className="big-count" aria-live="polite">
          {t("participation.voteCount", { count: p.voteCount })}
        </p>
        <VotesBySector counts={p.votesBySector} />
        <p className="muted">{t("participation.votesPrivate")}</p>
        {!p.plan.participationOpen ? (
          <p>{t("participation.windowClosed")}</p>
        ) : data.userId === null ? (
          <p>
            <Link to={`/ingresar?redirectTo=${encodeURIComponent(`/propuestas/${p.id}`)}`}>
              {t("participation.loginToTakePart")}
            </Link>
          </p>
        ) : viewer.voted ? (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="unvote" />
            <p>{t("participation.youSupport")}</p>
            <button type="submit" className="button">
              {t("participation.unvote")}
            </button>
          </Form>
        ) : viewer.canVote ? (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="vote" />
            <button type="submit" className="button primary">
              {t("participation.vote")}
            </button>
          </Form>
        ) : null}
        {p.plan.participationClosesAt && p.plan.participationOpen ? (
          <p className="muted">
            {t("participation.windowUntil", { date: formatDate(p.plan.participationClosesAt, i18n.language) })}
          </p>
        ) : null}
      </section>

      <section id="adhesiones" aria-labelledby="adhesiones-titulo" className="card">
        <h2 id="adhesiones-titulo">{t("participation.endorsements", { count: p.endorsementCount })}</h2>
        {p.endorsements.length === 0 ? <p>{t("participation.noEndorsements")}</p> : null}
        <ul className="endorsements">
          {p.endorsements.map((e) => (
            <li key={e.id}>
              {e.name}
              {e.organization ? (
                <>
                  {" "}
                  {t("participation.onBehalfOf")}{" "}
                  <Link to={`/organizaciones/${e.organization.slug}`}>{e.organization.name}</Link>{" "}
                  <SectorBadge sector={e.organization.sector} />
                </>
              ) : e.sector ? (
                <>
                  {" "}
                  <SectorBadge sector={e.sector} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {data.userId && p.status !== "WITHDRAWN" ? (
          <Form method="post" preventScrollReset className="endorse-form">
            <input type="hidden" name="intent" value="endorse" />
            {organizations.length > 0 ? (
              <div className="field">
                <label htmlFor="endorse-as">{t("participation.endorseAs")}</label>
                <select id="endorse-as" name="organizationId" defaultValue="">
                  <option value="">{t("participation.asMyself")}</option>
                  {organizations.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <button type="submit" className="button">
              {t("participation.endorse")}
            </button>
          </Form>
        ) : null}
        {viewer.endorsedAs.map((orgId) => (
          <Form method="post" preventScrollReset key={orgId || "self"}>
            <input type="hidden" name="intent" value="unendorse" />
            <input type="hidden" name="organizationId" value={orgId} />
            <button type="submit" className="button link-button">
              {orgId
                ? t("participation.unendorseFor", { name: organizations.find((o) => o.id === orgId)?.name ?? "" })
                : t("participation.unendorse")}
            </button>
          </Form>
        ))}
      </section>

      {data.userId ? (
        <Form method="post" preventScrollReset>
          <input type="hidden" name="intent" value={data.following ? "unfollow" : "follow"} />
          <button type="submit" className="button">
            {data.following ? t("participation.unfollow") : t("participation.follow")}
          </button>
        </Form>
      ) : null}

      <section id="comentarios" aria-labelledby="comentarios-titulo">
        <h2 id="comentarios-titulo">{t("participation.comments", { count: p.commentCount })}</h2>
        <CommentThread
          comments={comments}
          echo={echo}
          perms={{
            userId: data.userId,
            canComment: data.userId !== null && p.status !== "WITHDRAWN",
            canModerate: data.canModerate,
            canRespond: false,
            maxDepth: COMMENT_MAX_DEPTH,
            submissionKey: data.submissionKey,
          }}
        />
        {data.userId && p.status !== "WITHDRAWN" ? (
          <CommentForm
            formKey="new"
            echo={echo}
            submissionKey={data.submissionKey}
            label={t("participation.newComment")}
          />
        ) : data.userId === null ? (
          <p>
            <Link to={`/ingresar?redirectTo=${encodeURIComponent(`/propuestas/${p.id}`)}`}>
              {t("participation.loginToComment")}
            </Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}
