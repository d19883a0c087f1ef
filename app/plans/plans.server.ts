import type { Prisma } from "~/generated/prisma/client.ts";
import type { PlanPhase, PlanStage } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { recordActivity } from "~/record/activity.server.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { adjacentPhases, PHASE_OF_STAGE, stageAfterPhaseMove, stageMoves } from "./cycle.ts";

/** Every plan, newest period first, national before territorial within a period. */
export function listPlans(filter: { scope?: "NATIONAL" | "REGIONAL" | "LOCAL"; territoryId?: string | null } = {}) {
  return prisma().plan.findMany({
    where: {
      ...(filter.scope ? { scope: filter.scope } : {}),
      // A territory's plans include those of the territories inside it (a department's provinces).
      ...(filter.territoryId
        ? { OR: [{ territoryId: filter.territoryId }, { territory: { parentId: filter.territoryId } }] }
        : {}),
    },
    orderBy: [{ periodStart: "desc" }, { scope: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      ordinal: true,
      periodStart: true,
      periodEnd: true,
      scope: true,
      phase: true,
      stage: true,
      isDemo: true,
      declaredCommitmentCount: true,
      declaredCompliance: true,
      territory: { select: { id: true, name: true } },
      themes: { select: { name: true }, orderBy: { position: "asc" } },
      _count: { select: { commitments: true } },
    },
  });
}

/** One plan with its themes and commitments, or null. */
export function getPlan(id: string) {
  return prisma().plan.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      ordinal: true,
      periodStart: true,
      periodEnd: true,
      scope: true,
      phase: true,
      stage: true,
      summary: true,
      approvedBy: true,
      isDemo: true,
      declaredCommitmentCount: true,
      declaredCompliance: true,
      sourceNote: true,
      participationOpensAt: true,
      participationClosesAt: true,
      stageDates: { select: { stage: true, startsOn: true, endsOn: true } },
      territory: { select: { id: true, name: true } },
      themes: { select: { id: true, name: true }, orderBy: { position: "asc" } },
      commitments: {
        orderBy: { number: "asc" },
        select: {
          id: true,
          number: true,
          ogpId: true,
          title: true,
          titleEn: true,
          status: true,
          policyArea: true,
          theme: { select: { name: true } },
          leadInstitution: { select: { name: true, acronym: true } },
        },
      },
    },
  });
}

/** The plan currently in co-creation (the most recent one), or null. */
export function getPlanInCoCreation() {
  return prisma().plan.findFirst({
    where: { phase: "CO_CREATION" },
    orderBy: { periodStart: "desc" },
    select: { id: true, name: true, summary: true, isDemo: true, _count: { select: { commitments: true } } },
  });
}

/** The phases a plan can move to from its current one (forward one step, or back one step). */
export function nextPhases(current: PlanPhase): PlanPhase[] {
  return adjacentPhases(current);
}

/** Where a plan stands: its phase and its stage of the OGP cycle. */
export type PlanPosition = { phase: PlanPhase; stage: PlanStage | null };

/** A move of a plan along the cycle, done in a transaction and announced after it commits. */
export type PlanMove = { planId: string; name: string; from: PlanPosition; to: PlanPosition; actorId: string };

/**
 * Inside the caller's transaction: moves a plan to a phase (one step forward or back; its stage
 * follows to the nearest stage of that phase) or to a stage (within `stageMoves`; its phase
 * follows), with its entry in the public record. "invalid" for any other move, or when someone
 * moved the plan meanwhile. Call `announcePlanMove` once the transaction commits.
 */
export async function movePlanStep(
  tx: Prisma.TransactionClient,
  planId: string,
  target: { phase: PlanPhase } | { stage: PlanStage },
  actorId: string,
): Promise<PlanMove | "invalid" | "not-found"> {
  const plan = await tx.plan.findUnique({ where: { id: planId }, select: { name: true, phase: true, stage: true } });
  if (!plan) return "not-found";
  const from: PlanPosition = { phase: plan.phase, stage: plan.stage };
  let to: PlanPosition;
  if ("phase" in target) {
    if (!nextPhases(plan.phase).includes(target.phase)) return "invalid";
    to = { phase: target.phase, stage: stageAfterPhaseMove(plan.stage, target.phase) };
  } else {
    if (!stageMoves(plan).includes(target.stage)) return "invalid";
    to = { phase: PHASE_OF_STAGE[target.stage], stage: target.stage };
  }
  const { count } = await tx.plan.updateMany({
    where: { id: planId, phase: from.phase, stage: from.stage },
    data: { phase: to.phase, stage: to.stage },
  });
  if (count === 0) return "invalid";
  await appendAct(tx, {
    kind: "plan.phase",
    subjectType: "plan",
    subjectId: planId,
    actorId,
    data: { from: from.phase, to: to.phase, fromStage: from.stage, toStage: to.stage },
  });
  return { planId, name: plan.name, from, to, actorId };
}

/** After the move committed: the public activity (when the phase changed) and the plan's live room. */
export async function announcePlanMove(move: PlanMove): Promise<void> {
  if (move.from.phase !== move.to.phase) {
    await recordActivity({
      kind: "plan.phase",
      actorId: move.actorId,
      subjectType: "plan",
      subjectId: move.planId,
      summary: `${move.name}: ${PHASE_LABELS_ES[move.to.phase]}`,
    });
  }
  publish(`plan:${move.planId}`, "plan.phase", { phase: move.to.phase, stage: move.to.stage });
}

async function movePlan(
  planId: string,
  target: { phase: PlanPhase } | { stage: PlanStage },
  actorId: string,
): Promise<"changed" | "invalid" | "not-found"> {
  const move = await prisma().$transaction((tx) => movePlanStep(tx, planId, target, actorId), LEDGER_TRANSACTION);
  if (typeof move === "string") return move;
  await announcePlanMove(move);
  return "changed";
}

/** Moves a plan to an adjacent phase (its stage follows) and records the act; "invalid" for any other move. */
export function setPlanPhase(planId: string, to: PlanPhase, actorId: string) {
  return movePlan(planId, { phase: to }, actorId);
}

/** Moves a plan to a stage of the OGP cycle (its phase follows) and records the act; "invalid" for a move `stageMoves` does not allow. */
export function setPlanStage(planId: string, to: PlanStage, actorId: string) {
  return movePlan(planId, { stage: to }, actorId);
}

const PHASE_LABELS_ES: Record<PlanPhase, string> = {
  CO_CREATION: "abierto a co-creación",
  IMPLEMENTATION: "en implementación",
  CLOSED: "cerrado",
};
