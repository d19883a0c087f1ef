import type { Prisma } from "~/generated/prisma/client.ts";
import { REASONED_STATUSES, type RESPONSE_STATUSES } from "./forms.ts";
import { appendAct } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can } from "~/utils/permissions.server.ts";
import { followerIds, notify } from "./notifications.server.ts";
import { forbidden, invalid, notFound, sectorOf, type Failure, type Participant } from "./common.server.ts";
import { forgetProposalTotals } from "./proposal-list.server.ts";
import { announce, proposalForAct } from "./proposals.server.ts";

// The government's reasoned response to a proposal (OGP co-creation standard: every contribution
// answered with reasons), and a plan's response rate with its pending items.
export type ProposalResponse = {
  status: (typeof RESPONSE_STATUSES)[number];
  reason?: string;
  commitmentId?: string;
};

/**
 * The plan's team answers a proposal: under evaluation, or accepted / partly accepted (with the
 * commitment of the same plan it became or fed) / not accepted, each of those three with a reason.
 */
export async function respondToProposal(
  actor: Participant | null,
  id: string,
  response: ProposalResponse,
): Promise<{ ok: true } | Failure> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor || !can.respondToContribution(actor)) return forbidden;
  if (p.status === "WITHDRAWN") return invalid("participation.errors.withdrawn");
  const reasoned = (REASONED_STATUSES as readonly string[]).includes(response.status);
  const reason = response.reason?.trim() ?? "";
  if (reasoned && reason.length < 10) return invalid("participation.errors.reasonRequired");
  const linksCommitment = response.status === "ACCEPTED" || response.status === "PARTLY_ACCEPTED";
  let commitmentId: string | null = null;
  if (linksCommitment) {
    const commitment = response.commitmentId
      ? await prisma().commitment.findFirst({
          where: { id: response.commitmentId, planId: p.planId },
          select: { id: true },
        })
      : null;
    if (!commitment) return invalid("participation.errors.commitmentRequired");
    commitmentId = commitment.id;
  }
  const now = new Date();
  const moved = await prisma().$transaction(async (tx) => {
    const result = await tx.proposal.updateMany({
      where: { id, status: p.status },
      data: {
        status: response.status,
        responseReason: reasoned ? reason : null,
        respondedAt: reasoned ? now : null,
        respondedById: reasoned ? actor.id : null,
        commitmentId,
      },
    });
    if (result.count > 0) {
      await appendAct(tx, {
        kind: reasoned ? "proposal.responded" : "proposal.status",
        subjectType: "proposal",
        subjectId: id,
        actorId: actor.id,
        sector: sectorOf(actor),
        commitmentId,
        data: { from: p.status, to: response.status, ...(reasoned ? { reason } : {}) },
        at: now,
      });
    }
    return result.count;
  });
  if (moved === 0) return invalid("participation.errors.concurrentChange");
  forgetProposalTotals();
  announce(p, "status", { status: response.status });
  if (commitmentId) publish(`commitment:${commitmentId}`, "proposal.linked", { proposalId: id });
  await notify(
    [p.authorId, ...(await followerIds({ type: "proposal", id }))],
    { kind: reasoned ? "response" : "status", link: `/propuestas/${id}`, text: p.title, proposalId: id },
    actor.id,
  );
  return { ok: true };
}

/**
 * A plan's response rate and pending items, oldest first: its proposals (not withdrawn) and the
 * anchored comments on its commitment drafts. Answered means a reasoned response.
 */
export async function responseStats(planId: string, pendingLimit = 20) {
  const [proposals, answeredProposals, pendingProposals, comments, answeredComments, pendingComments] =
    await Promise.all([
      prisma().proposal.count({ where: { planId, status: { not: "WITHDRAWN" } } }),
      prisma().proposal.count({ where: { planId, status: { in: [...REASONED_STATUSES] } } }),
      prisma().proposal.findMany({
        where: { planId, status: { in: ["PUBLISHED", "UNDER_EVALUATION"] } },
        orderBy: { createdAt: "asc" },
        take: pendingLimit,
        select: { id: true, title: true, status: true, createdAt: true },
      }),
      prisma().comment.count({ where: anchoredWhere(planId) }),
      prisma().comment.count({ where: { ...anchoredWhere(planId), responseStatus: { not: null } } }),
      prisma().comment.findMany({
        where: { ...anchoredWhere(planId), responseStatus: null },
        orderBy: { createdAt: "asc" },
        take: pendingLimit,
        select: {
          id: true,
          body: true,
          anchorQuote: true,
          createdAt: true,
          commitment: { select: { id: true, number: true } },
        },
      }),
    ]);
  const total = proposals + comments;
  const answered = answeredProposals + answeredComments;
  const pending = [
    ...pendingProposals.map((p) => ({
      type: "proposal" as const,
      id: p.id,
      text: p.title,
      status: p.status as string,
      createdAt: p.createdAt.toISOString(),
      link: `/propuestas/${p.id}`,
    })),
    ...pendingComments.map((c) => ({
      type: "comment" as const,
      id: c.id,
      text: c.anchorQuote ?? c.body,
      status: "PENDING",
      createdAt: c.createdAt.toISOString(),
      link: `/compromisos/${c.commitment?.id ?? ""}/comentarios#comentario-${c.id}`,
    })),
  ]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .slice(0, pendingLimit);
  return {
    total,
    answered,
    rate: total === 0 ? null : answered / total,
    proposals: { total: proposals, answered: answeredProposals },
    comments: { total: comments, answered: answeredComments },
    /** How many contributions await a reasoned response (the list holds the oldest ones). */
    pendingCount: total - answered,
    pending,
  };
}

function anchoredWhere(planId: string): Prisma.CommentWhereInput {
  return {
    commitment: { planId },
    anchorField: { not: null },
    parentId: null,
    deletedAt: null,
    hiddenAt: null,
  };
}
