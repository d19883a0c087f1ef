import type { PlanPhase, PlanStage } from "~/generated/prisma/enums.ts";

// The OGP co-creation cycle of a plan (docs/decisions/019). A plan stands at one stage of the
// cycle; the stage decides its phase, which is what the rest of the platform reads (proposals and
// supports take a plan in co-creation; the monitoring pages a plan in implementation):
//
//   theme selection → proposals → drafting → forum validation → approval   CO_CREATION
//   implementation                                                           IMPLEMENTATION
//   closing                                                                  CLOSED
//
// Pure: shared by the browser (the workspace's forms) and the server.

export const PLAN_STAGES = [
  "THEME_SELECTION",
  "PROPOSALS",
  "DRAFTING",
  "FORUM_VALIDATION",
  "APPROVAL",
  "IMPLEMENTATION",
  "CLOSING",
] as const satisfies readonly PlanStage[];

export const PLAN_PHASES = ["CO_CREATION", "IMPLEMENTATION", "CLOSED"] as const satisfies readonly PlanPhase[];

export const PHASE_OF_STAGE: Record<PlanStage, PlanPhase> = {
  THEME_SELECTION: "CO_CREATION",
  PROPOSALS: "CO_CREATION",
  DRAFTING: "CO_CREATION",
  FORUM_VALIDATION: "CO_CREATION",
  APPROVAL: "CO_CREATION",
  IMPLEMENTATION: "IMPLEMENTATION",
  CLOSING: "CLOSED",
};

export function isPlanStage(value: unknown): value is PlanStage {
  return typeof value === "string" && (PLAN_STAGES as readonly string[]).includes(value);
}

export function isPlanPhase(value: unknown): value is PlanPhase {
  return typeof value === "string" && (PLAN_PHASES as readonly string[]).includes(value);
}

const phaseIndex = (phase: PlanPhase) => PLAN_PHASES.indexOf(phase);

/** The phases a plan can move to from its current one (forward one step, or back one step). */
export function adjacentPhases(current: PlanPhase): PlanPhase[] {
  return PLAN_PHASES.filter((phase) => Math.abs(phaseIndex(phase) - phaseIndex(current)) === 1);
}

/**
 * The stages a plan may move to: any other stage of its own phase, or of the phase one step
 * before or after it (as phases move one step at a time: a closed plan does not reopen to proposals).
 */
export function stageMoves(plan: { phase: PlanPhase; stage: PlanStage | null }): PlanStage[] {
  return PLAN_STAGES.filter(
    (stage) => stage !== plan.stage && Math.abs(phaseIndex(PHASE_OF_STAGE[stage]) - phaseIndex(plan.phase)) <= 1,
  );
}

/**
 * The stage a plan lands on when its phase moves one step (the plan page's phase buttons): the
 * stage of the new phase nearest to where it was. Null stays null (a plan recorded without stages).
 */
export function stageAfterPhaseMove(stage: PlanStage | null, to: PlanPhase): PlanStage | null {
  if (stage === null || PHASE_OF_STAGE[stage] === to) return stage;
  const candidates = PLAN_STAGES.filter((s) => PHASE_OF_STAGE[s] === to);
  const from = PLAN_STAGES.indexOf(stage);
  return candidates.reduce((best, s) =>
    Math.abs(PLAN_STAGES.indexOf(s) - from) < Math.abs(PLAN_STAGES.indexOf(best) - from) ? s : best,
  );
}

/** A plan's calendar as shown and as the API gives it: the stages in cycle order, each day YYYY-MM-DD. */
export function calendarDays(entries: readonly { stage: PlanStage; startsOn: Date | string; endsOn: Date | string }[]) {
  const day = (value: Date | string) => new Date(value).toISOString().slice(0, 10);
  return [...entries]
    .sort((a, b) => PLAN_STAGES.indexOf(a.stage) - PLAN_STAGES.indexOf(b.stage))
    .map((entry) => ({ stage: entry.stage, start: day(entry.startsOn), end: day(entry.endsOn) }));
}
