import type { Sector } from "~/generated/prisma/enums.ts";
import { appendAct } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can, participationOpen } from "~/utils/permissions.server.ts";
import { followerIds, follow, notify } from "./notifications.server.ts";
import {
  forbidden,
  invalid,
  isUniqueViolation,
  normalizeText,
  notFound,
  sectorOf,
  type Failure,
  type Participant,
} from "./common.server.ts";
import { forgetProposalTotals } from "./proposal-list.server.ts";

// Proposals to a plan in co-creation: one proposal with what its page shows, publishing and
// withdrawing it. Beside it: proposal-list.server.ts (search, filters, cursors, cached totals),
// support.server.ts (supports and endorsements) and responses.server.ts (the reasoned response
// and a plan's response rate).
//
// Every change is authorised here with `can.*`, and every public act is appended to the public
// record in the same transaction as the change (a vote under the voter's pseudonym for the
// proposal). Counts are kept on the proposal in the same transaction, so the displayed count always
// equals the rows. Live rooms are told after the commit: `proposal:<id>` and `plan:<id>`.
export const planWindowSelect = {
  id: true,
  name: true,
  phase: true,
  isDemo: true,
  participationOpensAt: true,
  participationClosesAt: true,
} as const;

export function announce(proposal: { id: string; planId: string }, type: string, payload?: unknown) {
  publish(`proposal:${proposal.id}`, type, payload);
  publish(`plan:${proposal.planId}`, `proposal.${type}`, { proposalId: proposal.id });
}

/** The WHERE of a proposal search: filters, and every word of `q` in the normalised text. */

/** A proposal with everything its page and the API show; null when unknown. */
export async function getProposal(id: string) {
  const p = await prisma().proposal.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      body: true,
      status: true,
      authorId: true,
      authorSector: true,
      responseReason: true,
      respondedAt: true,
      respondedById: true,
      createdAt: true,
      updatedAt: true,
      voteCount: true,
      endorsementCount: true,
      commentCount: true,
      planId: true,
      plan: { select: planWindowSelect },
      theme: { select: { id: true, name: true } },
      territory: { select: { id: true, name: true } },
      author: { select: { name: true } },
      organization: { select: { id: true, name: true, slug: true, sector: true } },
      commitment: { select: { id: true, number: true, title: true, titleEn: true } },
      endorsements: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          userId: true,
          organizationId: true,
          sector: true,
          createdAt: true,
          user: { select: { name: true } },
          organization: { select: { name: true, slug: true, sector: true } },
        },
      },
    },
  });
  if (!p) return null;
  const [bySector, responder] = await Promise.all([
    prisma().proposalVote.groupBy({ by: ["sector"], where: { proposalId: id }, _count: { _all: true } }),
    p.respondedById ? prisma().user.findUnique({ where: { id: p.respondedById }, select: { name: true } }) : null,
  ]);
  const { plan, respondedById: _responder, ...rest } = p;
  return {
    ...rest,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    respondedAt: p.respondedAt?.toISOString() ?? null,
    responderName: responder?.name ?? null,
    plan: {
      ...plan,
      participationOpensAt: plan.participationOpensAt?.toISOString() ?? null,
      participationClosesAt: plan.participationClosesAt?.toISOString() ?? null,
      participationOpen: participationOpen(plan),
    },
    votesBySector: votesBySector(bySector),
    endorsements: p.endorsements.map((e) => ({
      id: e.id,
      userId: e.userId,
      name: e.user.name,
      organization: e.organization ? { id: e.organizationId, ...e.organization } : null,
      sector: e.sector,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}

export type ProposalDetail = NonNullable<Awaited<ReturnType<typeof getProposal>>>;

/** Votes by sector, every sector listed (people without a sector under "NONE"). */
function votesBySector(rows: { sector: Sector | null; _count: { _all: number } }[]) {
  const counts: Record<Sector | "NONE", number> = {
    CIVIL_SOCIETY: 0,
    PUBLIC_SECTOR: 0,
    PRIVATE_SECTOR: 0,
    ACADEMIA: 0,
    NONE: 0,
  };
  for (const row of rows) counts[row.sector ?? "NONE"] += row._count._all;
  return counts;
}

/** What the viewer may do on a proposal and has done. */
export async function viewerState(proposal: ProposalDetail, actor: Participant | null) {
  if (!actor) {
    return { voted: false, endorsedAs: [] as string[], canWithdraw: false, canRespond: false, canVote: false };
  }
  const vote = await prisma().proposalVote.findUnique({
    where: { proposalId_userId: { proposalId: proposal.id, userId: actor.id } },
    select: { userId: true },
  });
  return {
    voted: vote !== null,
    endorsedAs: proposal.endorsements.filter((e) => e.userId === actor.id).map((e) => e.organization?.id ?? ""),
    canWithdraw: can.withdrawProposal(actor, proposal),
    canRespond: can.respondToContribution(actor) && proposal.status !== "WITHDRAWN",
    canVote: can.supportProposal(actor, proposal, proposal.plan),
  };
}

export type NewProposal = {
  planId: string;
  title: string;
  body: string;
  themeId?: string;
  territoryId?: string;
  organizationId?: string;
  submissionKey?: string;
};

/** Publishes a proposal; a resubmission with the same key returns the first one. */
export async function publishProposal(
  actor: Participant | null,
  input: NewProposal,
): Promise<{ ok: true; id: string; created: boolean } | Failure> {
  if (!actor) return forbidden;
  if (input.submissionKey) {
    const existing = await prisma().proposal.findUnique({
      where: { submissionKey: input.submissionKey },
      select: { id: true, authorId: true },
    });
    if (existing && existing.authorId === actor.id) return { ok: true, id: existing.id, created: false };
    if (existing) return invalid("participation.errors.duplicateSubmission");
  }
  const plan = await prisma().plan.findUnique({ where: { id: input.planId }, select: planWindowSelect });
  if (!plan) return invalid("participation.errors.planRequired");
  if (plan.phase !== "CO_CREATION") return invalid("participation.errors.planNotInCoCreation");
  if (!can.publishProposal(actor, plan, input.organizationId)) return forbidden;
  if (input.themeId) {
    const theme = await prisma().theme.findFirst({
      where: { id: input.themeId, planId: plan.id },
      select: { id: true },
    });
    if (!theme) return invalid("participation.errors.themeInvalid");
  }
  if (input.territoryId) {
    const territory = await prisma().territory.findUnique({ where: { id: input.territoryId }, select: { id: true } });
    if (!territory) return invalid("participation.errors.territoryInvalid");
  }
  const sector = sectorOf(actor, input.organizationId);
  try {
    const proposal = await prisma().$transaction(async (tx) => {
      const created = await tx.proposal.create({
        data: {
          planId: plan.id,
          authorId: actor.id,
          organizationId: input.organizationId ?? null,
          authorSector: sector,
          themeId: input.themeId ?? null,
          territoryId: input.territoryId ?? null,
          title: input.title,
          body: input.body,
          searchText: normalizeText(`${input.title} ${input.body}`),
          submissionKey: input.submissionKey ?? null,
        },
        select: { id: true, planId: true },
      });
      await appendAct(tx, {
        kind: "proposal.published",
        subjectType: "proposal",
        subjectId: created.id,
        actorId: actor.id,
        sector,
        orgId: input.organizationId ?? null,
        data: { planId: plan.id },
      });
      return created;
    });
    forgetProposalTotals();
    await follow(actor.id, { type: "proposal", id: proposal.id });
    publish(`plan:${plan.id}`, "proposal.published", { proposalId: proposal.id });
    return { ok: true, id: proposal.id, created: true };
  } catch (error) {
    if (input.submissionKey && isUniqueViolation(error)) {
      const existing = await prisma().proposal.findUnique({
        where: { submissionKey: input.submissionKey },
        select: { id: true, authorId: true },
      });
      if (existing?.authorId === actor.id) return { ok: true, id: existing.id, created: false };
    }
    throw error;
  }
}

export async function proposalForAct(id: string) {
  return prisma().proposal.findUnique({
    where: { id },
    select: {
      id: true,
      planId: true,
      title: true,
      authorId: true,
      status: true,
      commitmentId: true,
      plan: { select: planWindowSelect },
    },
  });
}

/** The author withdraws their proposal (before it is answered). */
export async function withdrawProposal(actor: Participant | null, id: string): Promise<{ ok: true } | Failure> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor || actor.id !== p.authorId) return forbidden;
  if (!can.withdrawProposal(actor, p)) return invalid("participation.errors.cannotWithdraw");
  const moved = await prisma().$transaction(async (tx) => {
    const result = await tx.proposal.updateMany({
      where: { id, status: p.status },
      data: { status: "WITHDRAWN" },
    });
    if (result.count > 0) {
      await appendAct(tx, {
        kind: "proposal.withdrawn",
        subjectType: "proposal",
        subjectId: id,
        actorId: actor.id,
        sector: sectorOf(actor),
        data: { from: p.status },
      });
    }
    return result.count;
  });
  if (moved === 0) return invalid("participation.errors.cannotWithdraw");
  forgetProposalTotals();
  announce(p, "status", { status: "WITHDRAWN" });
  await notify(
    await followerIds({ type: "proposal", id }),
    { kind: "status", link: `/propuestas/${id}`, text: p.title, proposalId: id },
    actor.id,
  );
  return { ok: true };
}

/** The proposals that became or fed a commitment, for the commitment's page. */
export async function proposalsForCommitment(commitmentId: string) {
  const rows = await prisma().proposal.findMany({
    where: { commitmentId },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, status: true, voteCount: true },
  });
  return rows;
}

/** The organisations a person may act for (where they hold a role), for the endorsement form. */
export async function actingOrganizations(actor: Participant | null) {
  if (!actor || actor.memberships.length === 0) return [] as { id: string; name: string; sector: Sector }[];
  return prisma().organization.findMany({
    where: { id: { in: actor.memberships.map((m) => m.organizationId) } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, sector: true },
  });
}

type CommitmentOption = { id: string; number: number; title: string | null; titleEn: string | null };

/** A plan's commitments, for linking an accepted proposal. */
export async function planCommitments(planId: string): Promise<CommitmentOption[]> {
  return prisma().commitment.findMany({
    where: { planId },
    orderBy: { number: "asc" },
    select: { id: true, number: true, title: true, titleEn: true },
  });
}

export async function noCommitments(): Promise<CommitmentOption[]> {
  return [];
}

/** Whether a proposal with this id exists (published or not). */
export async function proposalExists(id: string): Promise<boolean> {
  return (await prisma().proposal.findUnique({ where: { id }, select: { id: true } })) !== null;
}
