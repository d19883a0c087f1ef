import { DEFAULT_LOCALE, translator } from "~/i18n.ts";
import { sectorOf, isUniqueViolation } from "~/participation/common.server.ts";
import { followerIds, notify } from "~/participation/notifications.server.ts";
import { forgetProposalTotals } from "~/participation/proposal-list.server.ts";
import { announce } from "~/participation/proposals.server.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can } from "~/utils/permissions.server.ts";
import { forbidden, invalid, notFound, type Failure, type Secretary } from "./common.server.ts";

// New commitments in a plan. A commitment starts as a draft on the OGP template with only its
// title (and, if chosen, its lead institution and theme): the co-drafting room seeds its document
// from these rows the first time it opens (app/drafting/seed.server.ts), so the drafting team
// starts from the empty template. Created from a proposal, the secretariat accepts the proposal
// into it in the same transaction: the proposal is linked (its page and the commitment's show it),
// its text starts the draft's problem statement, and its acts (publication, supports,
// endorsements) join the commitment's lineage through the `proposal.responded` entry that carries
// the commitment's id (app/record/lineage.server.ts).

export type NewCommitment = {
  title: string;
  leadInstitutionId?: string | null;
  themeId?: string | null;
  fromProposalId?: string | null;
  /** The public reason for accepting the proposal; a standard one when omitted. */
  reason?: string | null;
};

/** Proposals a new commitment can come from: answered by nobody yet, linked to nothing. */
const OPEN_STATUSES = ["PUBLISHED", "UNDER_EVALUATION"] as const;

class ProposalChanged extends Error {}

/** Creates a commitment (number: the plan's next) as an empty draft, or from a proposal it accepts. */
export async function createCommitment(
  actor: Secretary,
  planId: string,
  input: NewCommitment,
): Promise<{ ok: true; id: string; number: number } | Failure> {
  if (!can.createCommitment(actor)) return forbidden;
  const plan = await prisma().plan.findUnique({ where: { id: planId }, select: { id: true, phase: true } });
  if (!plan) return notFound;
  if (plan.phase === "CLOSED") return invalid("", "planClosed");
  if (input.leadInstitutionId) {
    const lead = await prisma().organization.findUnique({
      where: { id: input.leadInstitutionId },
      select: { kind: true },
    });
    if (!lead) return invalid("leadInstitutionId", "leadUnknown");
    if (lead.kind !== "INSTITUTION") return invalid("leadInstitutionId", "leadNotInstitution");
  }
  const proposal = input.fromProposalId
    ? await prisma().proposal.findUnique({
        where: { id: input.fromProposalId },
        select: {
          id: true,
          planId: true,
          title: true,
          body: true,
          status: true,
          authorId: true,
          themeId: true,
          commitmentId: true,
        },
      })
    : null;
  if (input.fromProposalId) {
    if (!proposal || proposal.planId !== planId) return invalid("fromProposalId", "proposalUnknown");
    if (!(OPEN_STATUSES as readonly string[]).includes(proposal.status) || proposal.commitmentId) {
      return invalid("fromProposalId", "proposalAnswered");
    }
  }
  const themeId = input.themeId ?? proposal?.themeId ?? null;
  if (themeId) {
    const theme = await prisma().theme.findUnique({ where: { id: themeId }, select: { planId: true } });
    if (!theme || theme.planId !== planId) return invalid("themeId", "themeUnknown");
  }

  const now = new Date();
  let created: { id: string; number: number; reason: string | null } | null = null;
  // Two commitments created at once may pick the same next number: the unique (plan, number)
  // refuses the second, which then takes the one after.
  for (let attempt = 0; created === null; attempt += 1) {
    try {
      created = await prisma().$transaction(async (tx) => {
        const last = await tx.commitment.findFirst({
          where: { planId },
          orderBy: { number: "desc" },
          select: { number: true },
        });
        const number = (last?.number ?? 0) + 1;
        const commitment = await tx.commitment.create({
          data: {
            planId,
            number,
            title: input.title,
            status: "DRAFT",
            leadInstitutionId: input.leadInstitutionId ?? null,
            themeId,
            problem: proposal?.body ?? null,
          },
          select: { id: true },
        });
        await appendAct(tx, {
          kind: "commitment.created",
          subjectType: "commitment",
          subjectId: commitment.id,
          commitmentId: commitment.id,
          actorId: actor.id,
          data: {
            planId,
            number,
            title: input.title,
            leadInstitutionId: input.leadInstitutionId ?? null,
            themeId,
            fromProposalId: proposal?.id ?? null,
          },
          at: now,
        });
        let reason: string | null = null;
        if (proposal) {
          reason =
            input.reason?.trim() ||
            translator(DEFAULT_LOCALE)("administration.commitments.defaultReason", { number, title: input.title });
          const accepted = await tx.proposal.updateMany({
            where: { id: proposal.id, status: proposal.status, commitmentId: null },
            data: {
              status: "ACCEPTED",
              responseReason: reason,
              respondedAt: now,
              respondedById: actor.id,
              commitmentId: commitment.id,
            },
          });
          if (accepted.count === 0) throw new ProposalChanged();
          await appendAct(tx, {
            kind: "proposal.responded",
            subjectType: "proposal",
            subjectId: proposal.id,
            actorId: actor.id,
            sector: sectorOf(actor),
            commitmentId: commitment.id,
            data: { from: proposal.status, to: "ACCEPTED", reason },
            at: now,
          });
        }
        return { id: commitment.id, number, reason };
      }, LEDGER_TRANSACTION);
    } catch (error) {
      if (error instanceof ProposalChanged) return invalid("fromProposalId", "proposalAnswered");
      if (!isUniqueViolation(error) || attempt >= 4) throw error;
    }
  }

  publish(`plan:${planId}`, "commitment.created", { commitmentId: created.id });
  if (proposal) {
    forgetProposalTotals();
    announce(proposal, "status", { status: "ACCEPTED" });
    publish(`commitment:${created.id}`, "proposal.linked", { proposalId: proposal.id });
    await notify(
      [proposal.authorId, ...(await followerIds({ type: "proposal", id: proposal.id }))],
      { kind: "response", link: `/propuestas/${proposal.id}`, text: proposal.title, proposalId: proposal.id },
      actor.id,
    );
  }
  return { ok: true, id: created.id, number: created.number };
}

/** The plan's proposals a commitment can come from, most supported first. */
export function proposalsToAccept(planId: string) {
  return prisma().proposal.findMany({
    where: { planId, status: { in: [...OPEN_STATUSES] }, commitmentId: null },
    orderBy: [{ voteCount: "desc" }, { createdAt: "asc" }],
    take: 200,
    select: { id: true, title: true, status: true, voteCount: true },
  });
}

/** The institutions that can lead a commitment (public institutions), by name. */
export function leadInstitutionOptions() {
  return prisma().organization.findMany({
    where: { kind: "INSTITUTION" },
    orderBy: { name: "asc" },
    select: { id: true, name: true, acronym: true },
  });
}

/** A plan's commitments as the workspace lists them, with their team size and linked proposals. */
export function listPlanCommitments(planId: string) {
  return prisma().commitment.findMany({
    where: { planId },
    orderBy: { number: "asc" },
    select: {
      id: true,
      number: true,
      title: true,
      titleEn: true,
      status: true,
      leadInstitution: { select: { name: true } },
      theme: { select: { name: true } },
      _count: { select: { team: true, proposals: true } },
    },
  });
}
