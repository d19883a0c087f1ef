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
      summary: true,
      approvedBy: true,
      isDemo: true,
      declaredCommitmentCount: true,
      declaredCompliance: true,
      sourceNote: true,
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

/**
 * Moves a plan to an adjacent phase (its stage follows: the nearest stage of the new phase) and
 * records the act; "invalid" for any other move.
 */
export async function setPlanPhase(
  planId: string,
  to: PlanPhase,
  actorId: string,
): Promise<"changed" | "invalid" | "not-found"> {
  const plan = await prisma().plan.findUnique({ where: { id: planId }, select: { phase: true, stage: true } });
  if (!plan) return "not-found";
  if (!nextPhases(plan.phase).includes(to)) return "invalid";
  return movePlan(planId, plan, { phase: to, stage: stageAfterPhaseMove(plan.stage, to) }, actorId);
}

/**
 * Moves a plan to a stage of the OGP cycle (its phase follows the stage), within the moves
 * `stageMoves` allows, and records the act; "invalid" for any other move.
 */
export async function setPlanStage(
  planId: string,
  to: PlanStage,
  actorId: string,
): Promise<"changed" | "invalid" | "not-found"> {
  const plan = await prisma().plan.findUnique({ where: { id: planId }, select: { phase: true, stage: true } });
  if (!plan) return "not-found";
  if (!stageMoves(plan).includes(to)) return "invalid";
  return movePlan(planId, plan, { phase: PHASE_OF_STAGE[to], stage: to }, actorId);
}

type PlanPosition = { phase: PlanPhase; stage: PlanStage | null };

/** Writes the move (if nobody moved the plan meanwhile) with its entry in the public record, then announces it. */
async function movePlan(
  planId: string,
  from: PlanPosition,
  to: PlanPosition,
  actorId: string,
): Promise<"changed" | "invalid"> {
  const name = await prisma().$transaction(async (tx) => {
    const { count } = await tx.plan.updateMany({
      where: { id: planId, phase: from.phase, stage: from.stage },
      data: { phase: to.phase, stage: to.stage },
    });
    if (count === 0) return null;
    await appendAct(tx, {
      kind: "plan.phase",
      subjectType: "plan",
      subjectId: planId,
      actorId,
      data: { from: from.phase, to: to.phase, fromStage: from.stage, toStage: to.stage },
    });
    return (await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { name: true } })).name;
  }, LEDGER_TRANSACTION);
  if (name === null) return "invalid";
  if (from.phase !== to.phase) {
    await recordActivity({
      kind: "plan.phase",
      actorId,
      subjectType: "plan",
      subjectId: planId,
      summary: `${name}: ${PHASE_LABELS_ES[to.phase]}`,
    });
  }
  publish(`plan:${planId}`, "plan.phase", { phase: to.phase, stage: to.stage });
  return "changed";
}

const PHASE_LABELS_ES: Record<PlanPhase, string> = {
  CO_CREATION: "abierto a co-creación",
  IMPLEMENTATION: "en implementación",
  CLOSED: "cerrado",
};
