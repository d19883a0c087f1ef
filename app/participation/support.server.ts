import { appendAct, votePseudonym, type Act } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { can, participationOpen } from "~/utils/permissions.server.ts";
import {
  forbidden,
  invalid,
  isUniqueViolation,
  notFound,
  sectorOf,
  type Failure,
  type Participant,
} from "./common.server.ts";
import { announce, proposalForAct } from "./proposals.server.ts";

// Supports (apoyos: one per person, private, counted on the proposal in the same transaction and
// recorded under a pseudonym) and endorsements (adhesiones: public, named, in an organisation's
// name).
export type VoteResult = { ok: true; changed: boolean; voteCount: number } | Failure;

async function currentVoteCount(id: string): Promise<number> {
  const row = await prisma().proposal.findUnique({ where: { id }, select: { voteCount: true } });
  return row?.voteCount ?? 0;
}

/**
 * Supports a proposal: one vote per person, enforced by the primary key (proposal, person); a
 * second, concurrent or retried vote changes nothing and answers like the first.
 */
export async function castVote(actor: Participant | null, id: string): Promise<VoteResult> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor) return forbidden;
  if (!can.supportProposal(actor, p, p.plan)) {
    return participationOpen(p.plan) ? invalid("participation.errors.withdrawn") : { ok: false, error: "closed" };
  }
  const sector = sectorOf(actor);
  const pseudonym = await votePseudonym(actor.id, id);
  const act: Act = {
    kind: "vote.cast",
    subjectType: "proposal",
    subjectId: id,
    pseudonym,
    sector,
    commitmentId: p.commitmentId,
  };
  try {
    const voteCount = await prisma().$transaction(async (tx) => {
      await tx.proposalVote.create({ data: { proposalId: id, userId: actor.id, sector } });
      const updated = await tx.proposal.update({
        where: { id },
        data: { voteCount: { increment: 1 } },
        select: { voteCount: true },
      });
      await appendAct(tx, act);
      return updated.voteCount;
    });
    announce(p, "votes", { voteCount });
    return { ok: true, changed: true, voteCount };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ok: true, changed: false, voteCount: await currentVoteCount(id) };
  }
}

/** Withdraws one's support, while the window is open; withdrawing twice changes nothing. */
export async function withdrawVote(actor: Participant | null, id: string): Promise<VoteResult> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor) return forbidden;
  if (!participationOpen(p.plan)) return { ok: false, error: "closed" };
  const pseudonym = await votePseudonym(actor.id, id);
  const result = await prisma().$transaction(async (tx) => {
    const removed = await tx.proposalVote.deleteMany({ where: { proposalId: id, userId: actor.id } });
    if (removed.count === 0) return null;
    const updated = await tx.proposal.update({
      where: { id },
      data: { voteCount: { decrement: removed.count } },
      select: { voteCount: true },
    });
    await appendAct(tx, {
      kind: "vote.withdrawn",
      subjectType: "proposal",
      subjectId: id,
      pseudonym,
      sector: sectorOf(actor),
      commitmentId: p.commitmentId,
    });
    return updated.voteCount;
  });
  if (result === null) return { ok: true, changed: false, voteCount: await currentVoteCount(id) };
  announce(p, "votes", { voteCount: result });
  return { ok: true, changed: true, voteCount: result };
}

/** A named endorsement, as oneself or on behalf of an organisation where one holds a role. */
export async function endorse(
  actor: Participant | null,
  id: string,
  organizationId?: string | null,
): Promise<{ ok: true; changed: boolean } | Failure> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor) return forbidden;
  if (p.status === "WITHDRAWN") return invalid("participation.errors.withdrawn");
  if (!can.endorseProposal(actor, p, organizationId)) return forbidden;
  const sector = sectorOf(actor, organizationId);
  try {
    await prisma().$transaction(async (tx) => {
      await tx.endorsement.create({
        data: {
          proposalId: id,
          userId: actor.id,
          organizationId: organizationId ?? null,
          organizationKey: organizationId ?? "",
          sector,
        },
      });
      await tx.proposal.update({ where: { id }, data: { endorsementCount: { increment: 1 } } });
      await appendAct(tx, {
        kind: "endorsement.made",
        subjectType: "proposal",
        subjectId: id,
        actorId: actor.id,
        sector,
        orgId: organizationId ?? null,
        commitmentId: p.commitmentId,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: true, changed: false };
    throw error;
  }
  announce(p, "endorsements");
  return { ok: true, changed: true };
}

/** Withdraws one's endorsement (as oneself or for the organisation). */
export async function withdrawEndorsement(
  actor: Participant | null,
  id: string,
  organizationId?: string | null,
): Promise<{ ok: true; changed: boolean } | Failure> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor) return forbidden;
  const changed = await prisma().$transaction(async (tx) => {
    const removed = await tx.endorsement.deleteMany({
      where: { proposalId: id, userId: actor.id, organizationKey: organizationId ?? "" },
    });
    if (removed.count === 0) return false;
    await tx.proposal.update({ where: { id }, data: { endorsementCount: { decrement: removed.count } } });
    await appendAct(tx, {
      kind: "endorsement.withdrawn",
      subjectType: "proposal",
      subjectId: id,
      actorId: actor.id,
      sector: sectorOf(actor, organizationId),
      orgId: organizationId ?? null,
      commitmentId: p.commitmentId,
    });
    return true;
  });
  if (changed) announce(p, "endorsements");
  return { ok: true, changed };
}
