import type { PlanPhase } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { recordActivity } from "~/record/activity.server.ts";

const PHASE_ORDER: PlanPhase[] = ["CO_CREATION", "IMPLEMENTATION", "CLOSED"];

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
  const index = PHASE_ORDER.indexOf(current);
  return PHASE_ORDER.filter((_, i) => Math.abs(i - index) === 1);
}

/** Moves a plan to an adjacent phase and records the act; "invalid" for any other move. */
export async function setPlanPhase(
  planId: string,
  to: PlanPhase,
  actorId: string,
): Promise<"changed" | "invalid" | "not-found"> {
  const plan = await prisma().plan.findUnique({ where: { id: planId }, select: { phase: true, name: true } });
  if (!plan) return "not-found";
  if (!nextPhases(plan.phase).includes(to)) return "invalid";
  const { count } = await prisma().plan.updateMany({ where: { id: planId, phase: plan.phase }, data: { phase: to } });
  if (count === 0) return "invalid";
  await recordActivity({
    kind: "plan.phase",
    actorId,
    subjectType: "plan",
    subjectId: planId,
    summary: `${plan.name}: ${PHASE_LABELS_ES[to]}`,
  });
  publish(`plan:${planId}`, "plan.phase", { phase: to });
  return "changed";
}

const PHASE_LABELS_ES: Record<PlanPhase, string> = {
  CO_CREATION: "abierto a co-creación",
  IMPLEMENTATION: "en implementación",
  CLOSED: "cerrado",
};
