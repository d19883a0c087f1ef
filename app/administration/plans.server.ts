import type { PlanPhase, PlanScope, PlanStage } from "~/generated/prisma/enums.ts";
import { calendarDays } from "~/plans/cycle.ts";
import { announcePlanMove, movePlanStep, type PlanMove } from "~/plans/plans.server.ts";
import { recordActivity } from "~/record/activity.server.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can } from "~/utils/permissions.server.ts";
import {
  changedFields,
  forbidden,
  freeSlug,
  invalid,
  notFound,
  slugify,
  type Failure,
  type Secretary,
  type Tx,
} from "./common.server.ts";
import { COUNTRY_ID } from "./territories.server.ts";

// The secretariat's acts on a plan: create it, edit its fields and themes, move it along the OGP
// cycle, set the calendar of the cycle's stages and the participation window. A plan is public
// from the moment it is created; every later edit keeps its history as an entry of the public
// record with the fields it changed, before and after (`plan.changed`), which the plan's pages
// show (docs/decisions/019).

export type PlanInput = {
  name: string;
  ordinal: string | null;
  periodStart: number;
  periodEnd: number;
  scope: PlanScope;
  /** Null for a national plan: the country. */
  territoryId: string | null;
  summary: string | null;
  themes: string[];
};

export type StageDates = { stage: PlanStage; startsOn: Date; endsOn: Date };
export type ParticipationWindow = { opensAt: Date; closesAt: Date };

/** Path segments a plan id may not take: the workspace's own pages. */
const RESERVED_IDS = ["nuevo"];

/** The territory a plan of this scope belongs to, or the reason it cannot. */
async function planTerritory(tx: Tx, scope: PlanScope, territoryId: string | null): Promise<string | Failure> {
  const id = territoryId ?? (scope === "NATIONAL" ? COUNTRY_ID : null);
  if (!id) return invalid("territoryId", "territoryRequired");
  const territory = await tx.territory.findUnique({ where: { id }, select: { level: true } });
  if (!territory) return invalid("territoryId", "territoryUnknown");
  if (scope === "NATIONAL" && territory.level !== "COUNTRY") return invalid("territoryId", "territoryNational");
  if (scope !== "NATIONAL" && territory.level === "COUNTRY") return invalid("territoryId", "territoryBelowCountry");
  return id;
}

/** Plain fields of a plan as the record keeps them (its themes by name, in order). */
function recordFields(plan: Omit<PlanInput, "territoryId"> & { territoryId: string }) {
  return {
    name: plan.name,
    ordinal: plan.ordinal,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    scope: plan.scope,
    territoryId: plan.territoryId,
    summary: plan.summary,
    themes: plan.themes,
  };
}

/** Creates a plan at the start of the cycle (theme selection, in co-creation) with its themes. */
export async function createPlan(actor: Secretary, input: PlanInput): Promise<{ ok: true; id: string } | Failure> {
  if (!can.managePlans(actor)) return forbidden;
  const base = slugify(`${input.name} ${input.periodStart}-${input.periodEnd}`) || "plan";
  const result = await prisma().$transaction(async (tx): Promise<{ ok: true; id: string } | Failure> => {
    const territoryId = await planTerritory(tx, input.scope, input.territoryId);
    if (typeof territoryId !== "string") return territoryId;
    const id = await freeSlug(
      base,
      async (slug) => (await tx.plan.findUnique({ where: { id: slug }, select: { id: true } })) !== null,
      RESERVED_IDS,
    );
    const stage: PlanStage = "THEME_SELECTION";
    const phase: PlanPhase = "CO_CREATION";
    await tx.plan.create({
      data: {
        id,
        name: input.name,
        ordinal: input.ordinal,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        scope: input.scope,
        territoryId,
        summary: input.summary,
        phase,
        stage,
        themes: { create: input.themes.map((name, position) => ({ name, position })) },
      },
    });
    await appendAct(tx, {
      kind: "plan.created",
      subjectType: "plan",
      subjectId: id,
      actorId: actor.id,
      data: { ...recordFields({ ...input, territoryId }), phase, stage },
    });
    return { ok: true, id };
  }, LEDGER_TRANSACTION);
  if (!result.ok) return result;
  await recordActivity({
    kind: "plan.created",
    actorId: actor.id,
    subjectType: "plan",
    subjectId: result.id,
    summary: `Nuevo plan de acción: ${input.name}`,
  });
  return result;
}

/** What one edit of a plan changes (any of its parts; the API's PATCH sends several at once). */
export type PlanPatch = {
  details?: PlanInput;
  calendar?: StageDates[];
  /** A stage of the cycle (the phase follows), or a phase one step away (the stage follows). */
  move?: { stage: PlanStage } | { phase: PlanPhase };
  window?: ParticipationWindow | null;
};

/** A refusal inside the edit's transaction: it rolls everything back. */
class Refused extends Error {
  constructor(readonly failure: Failure) {
    super("refused");
  }
}

/**
 * Edits a plan in one transaction, part by part: its fields and themes, its calendar, a move
 * along the cycle, its participation window (after the move, so that a plan brought back to
 * co-creation can open one). Each part that changes something is one entry in the public record;
 * a refused part changes nothing at all. Returns the parts that changed.
 */
export async function patchPlan(
  actor: Secretary,
  planId: string,
  patch: PlanPatch,
): Promise<{ ok: true; changed: string[] } | Failure> {
  if (!can.managePlans(actor)) return forbidden;
  let move: PlanMove | null = null;
  const changed: string[] = [];
  try {
    await prisma().$transaction(async (tx) => {
      const exists = await tx.plan.findUnique({ where: { id: planId }, select: { id: true } });
      if (!exists) throw new Refused(notFound);
      const refuse = (failure: Failure | null) => {
        if (failure) throw new Refused(failure);
      };
      if (patch.details) {
        const fields = await detailsStep(tx, actor, planId, patch.details);
        if (!Array.isArray(fields)) refuse(fields);
        else if (fields.length > 0) changed.push(...fields);
      }
      if (patch.calendar) {
        const result = await calendarStep(tx, actor, planId, patch.calendar);
        if (result !== false && result !== true) refuse(result);
        else if (result) changed.push("calendar");
      }
      if (patch.move) {
        const result = await movePlanStep(tx, planId, patch.move, actor.id);
        if (result === "not-found") refuse(notFound);
        else if (result === "invalid") refuse(invalid("stage" in patch.move ? "stage" : "phase", "stageMove"));
        else {
          move = result;
          changed.push("stage" in patch.move ? "stage" : "phase");
        }
      }
      if (patch.window !== undefined) {
        const result = await windowStep(tx, actor, planId, patch.window);
        if (result !== false && result !== true) refuse(result);
        else if (result) changed.push("participationWindow");
      }
    }, LEDGER_TRANSACTION);
  } catch (error) {
    if (error instanceof Refused) return error.failure;
    throw error;
  }
  if (move) await announcePlanMove(move);
  if (changed.some((part) => part !== "stage" && part !== "phase")) {
    publish(`plan:${planId}`, "plan.changed", { fields: changed });
  }
  return { ok: true, changed };
}

/**
 * Edits a plan's fields and themes (themes are matched by name, ignoring case: a listed theme
 * keeps its proposals and commitments; a theme left out is removed, unless something uses it).
 * Records the changed fields, before and after; nothing changes when nothing differs.
 */
export function updatePlan(actor: Secretary, planId: string, details: PlanInput) {
  return patchPlan(actor, planId, { details });
}

/** Replaces the calendar of the cycle's stages (a stage left out has no dates). */
export async function setPlanCalendar(
  actor: Secretary,
  planId: string,
  calendar: StageDates[],
): Promise<{ ok: true; changed: boolean } | Failure> {
  const result = await patchPlan(actor, planId, { calendar });
  return result.ok ? { ok: true, changed: result.changed.length > 0 } : result;
}

/**
 * Opens (or reschedules) the participation window, when supports are accepted, or clears it
 * (`null`). Only a plan in co-creation takes supports, so only such a plan gets a window.
 */
export async function setParticipationWindow(
  actor: Secretary,
  planId: string,
  window: ParticipationWindow | null,
): Promise<{ ok: true; changed: boolean } | Failure> {
  const result = await patchPlan(actor, planId, { window });
  return result.ok ? { ok: true, changed: result.changed.length > 0 } : result;
}

/** Moves the plan to a stage of the OGP cycle (its phase follows). */
export async function changePlanStage(
  actor: Secretary,
  planId: string,
  stage: PlanStage,
): Promise<{ ok: true } | Failure> {
  const result = await patchPlan(actor, planId, { move: { stage } });
  return result.ok ? { ok: true } : result;
}

/** Moves the plan one phase forward or back (its stage follows: the nearest one of that phase). */
export async function changePlanPhase(
  actor: Secretary,
  planId: string,
  phase: PlanPhase,
): Promise<{ ok: true } | Failure> {
  const result = await patchPlan(actor, planId, { move: { phase } });
  return result.ok ? { ok: true } : result;
}

async function detailsStep(tx: Tx, actor: Secretary, planId: string, input: PlanInput): Promise<string[] | Failure> {
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      name: true,
      ordinal: true,
      periodStart: true,
      periodEnd: true,
      scope: true,
      territoryId: true,
      summary: true,
      themes: {
        orderBy: { position: "asc" },
        select: { id: true, name: true, _count: { select: { commitments: true, proposals: true } } },
      },
    },
  });
  const territoryId = await planTerritory(tx, input.scope, input.territoryId);
  if (typeof territoryId !== "string") return territoryId;
  const key = (name: string) => name.toLocaleLowerCase("es");
  const wanted = new Map(input.themes.map((name, position) => [key(name), { name, position }]));
  const removed = plan.themes.filter((theme) => !wanted.has(key(theme.name)));
  const inUse = removed.find((theme) => theme._count.commitments + theme._count.proposals > 0);
  if (inUse) return invalid("themes", "themeInUse", { theme: inUse.name });
  const before = recordFields({ ...plan, themes: plan.themes.map((theme) => theme.name) });
  const after = recordFields({ ...input, territoryId });
  const changes = changedFields(before, after);
  if (Object.keys(changes).length === 0) return [];
  await tx.plan.update({
    where: { id: planId },
    data: {
      name: input.name,
      ordinal: input.ordinal,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      scope: input.scope,
      territoryId,
      summary: input.summary,
    },
  });
  if (changes.themes) {
    await tx.theme.deleteMany({ where: { id: { in: removed.map((theme) => theme.id) } } });
    // A kept theme (same name, ignoring case) keeps its id: its proposals and commitments stay on it.
    const existing = new Map(plan.themes.map((theme) => [key(theme.name), theme.id]));
    for (const [name, { name: exact, position }] of wanted) {
      const id = existing.get(name);
      if (id) await tx.theme.update({ where: { id }, data: { name: exact, position } });
      else await tx.theme.create({ data: { planId, name: exact, position } });
    }
  }
  await appendAct(tx, {
    kind: "plan.changed",
    subjectType: "plan",
    subjectId: planId,
    actorId: actor.id,
    data: { changes },
  });
  return Object.keys(changes);
}

async function calendarStep(
  tx: Tx,
  actor: Secretary,
  planId: string,
  entries: StageDates[],
): Promise<boolean | Failure> {
  const stages = entries.map((entry) => entry.stage);
  if (new Set(stages).size !== stages.length) return invalid("calendar", "stageRepeated");
  const backwards = entries.find((entry) => entry.endsOn.getTime() < entry.startsOn.getTime());
  if (backwards) return invalid(`calendar.${backwards.stage}.end`, "dateOrder");
  const before = calendarView(await tx.planStageDates.findMany({ where: { planId } }));
  const after = calendarView(entries);
  if (JSON.stringify(before) === JSON.stringify(after)) return false;
  await tx.planStageDates.deleteMany({ where: { planId } });
  for (const entry of entries) await tx.planStageDates.create({ data: { planId, ...entry } });
  await appendAct(tx, {
    kind: "plan.calendar",
    subjectType: "plan",
    subjectId: planId,
    actorId: actor.id,
    data: { from: before, to: after },
  });
  return true;
}

async function windowStep(
  tx: Tx,
  actor: Secretary,
  planId: string,
  window: ParticipationWindow | null,
): Promise<boolean | Failure> {
  if (window && window.closesAt.getTime() <= window.opensAt.getTime()) return invalid("closesAt", "windowOrder");
  const plan = await tx.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { phase: true, participationOpensAt: true, participationClosesAt: true },
  });
  if (window && plan.phase !== "CO_CREATION") return invalid("opensAt", "windowNeedsCoCreation");
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
  const before = { opensAt: iso(plan.participationOpensAt), closesAt: iso(plan.participationClosesAt) };
  const after = { opensAt: iso(window?.opensAt), closesAt: iso(window?.closesAt) };
  if (before.opensAt === after.opensAt && before.closesAt === after.closesAt) return false;
  await tx.plan.update({
    where: { id: planId },
    data: { participationOpensAt: window?.opensAt ?? null, participationClosesAt: window?.closesAt ?? null },
  });
  await appendAct(tx, {
    kind: "plan.window",
    subjectType: "plan",
    subjectId: planId,
    actorId: actor.id,
    data: { from: before, to: after },
  });
  return true;
}

const calendarView = (entries: StageDates[]) => calendarDays(entries);

/** Every plan for the workspace's list: newest period first. */
export function listWorkspacePlans() {
  return prisma().plan.findMany({
    orderBy: [{ periodStart: "desc" }, { scope: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      periodStart: true,
      periodEnd: true,
      scope: true,
      phase: true,
      stage: true,
      isDemo: true,
      participationOpensAt: true,
      participationClosesAt: true,
      territory: { select: { name: true } },
      _count: { select: { commitments: true } },
    },
  });
}

/** One plan as the workspace edits it, or null. */
export async function getWorkspacePlan(planId: string) {
  const plan = await prisma().plan.findUnique({
    where: { id: planId },
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
      isDemo: true,
      participationOpensAt: true,
      participationClosesAt: true,
      territory: { select: { id: true, name: true } },
      themes: { orderBy: { position: "asc" }, select: { id: true, name: true } },
      stageDates: true,
      _count: { select: { commitments: true, proposals: true } },
    },
  });
  if (!plan) return null;
  const { stageDates, ...rest } = plan;
  return { ...rest, calendar: calendarView(stageDates) };
}

export type PlanHistoryEntry = {
  seq: number;
  at: string;
  kind: string;
  actor: string | null;
  data: Record<string, unknown>;
};

/** The plan's acts in the public record (created, changed, phase, calendar, window), newest first. */
export async function planHistory(planId: string): Promise<PlanHistoryEntry[]> {
  const entries = await prisma().ledgerEntry.findMany({
    where: { subjectType: "plan", subjectId: planId },
    orderBy: { seq: "desc" },
    take: 200,
  });
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const people = await prisma().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } });
  const names = new Map(people.map((p) => [p.id, p.name]));
  return entries.map((entry) => ({
    seq: entry.seq,
    at: entry.at.toISOString(),
    kind: entry.kind,
    actor: entry.actorId ? (names.get(entry.actorId) ?? null) : null,
    data: JSON.parse(entry.data) as Record<string, unknown>,
  }));
}
