import { describe, expect, it } from "vitest";
import { verifyLedger } from "~/record/ledger.server.ts";
import { createUser, useTestDatabase } from "../../tests/support/factories.ts";
import {
  changePlanPhase,
  changePlanStage,
  createPlan,
  getWorkspacePlan,
  planHistory,
  setParticipationWindow,
  setPlanCalendar,
  updatePlan,
  type PlanInput,
} from "./plans.server.ts";
import { ensureReferenceTerritories } from "./territories.server.ts";

const input = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  name: "Plan de Acción de Gobierno Abierto",
  ordinal: "VI",
  periodStart: 2029,
  periodEnd: 2030,
  scope: "NATIONAL",
  territoryId: null,
  summary: "Un plan creado por la Secretaría.",
  themes: ["Salud", "Educación"],
  ...overrides,
});

async function setUp() {
  const prisma = await useTestDatabase();
  await ensureReferenceTerritories();
  const admin = { ...(await createUser({ role: "ADMIN" })), memberships: [] };
  const citizen = { ...(await createUser({ role: "CITIZEN" })), memberships: [] };
  return { prisma, admin, citizen };
}

describe("the secretariat's plans", () => {
  it("creates a plan at theme selection, with its themes and a readable id, and records it", async () => {
    const { prisma, admin } = await setUp();
    const created = await createPlan(admin, input());
    expect(created).toEqual({ ok: true, id: "plan-de-accion-de-gobierno-abierto-2029-2030" });
    const again = await createPlan(admin, input());
    expect(again).toEqual({ ok: true, id: "plan-de-accion-de-gobierno-abierto-2029-2030-2" });
    const plan = await getWorkspacePlan("plan-de-accion-de-gobierno-abierto-2029-2030");
    expect(plan).toMatchObject({ phase: "CO_CREATION", stage: "THEME_SELECTION", territory: { id: "PE" } });
    expect(plan!.themes.map((t) => t.name)).toEqual(["Salud", "Educación"]);
    const entries = await prisma.ledgerEntry.findMany({ where: { subjectId: plan!.id } });
    expect(entries.map((e) => e.kind)).toEqual(["plan.created"]);
    expect(JSON.parse(entries[0]!.data)).toMatchObject({ name: input().name, themes: ["Salud", "Educación"] });
  });

  it("refuses people who are not the secretariat, and territories that do not fit the scope", async () => {
    const { admin, citizen } = await setUp();
    expect(await createPlan(citizen, input())).toEqual({ ok: false, error: "forbidden" });
    expect(await createPlan(admin, input({ scope: "REGIONAL" }))).toMatchObject({
      error: "invalid",
      field: "territoryId",
    });
    expect(await createPlan(admin, input({ territoryId: "13" }))).toMatchObject({ field: "territoryId" });
    expect(await createPlan(admin, input({ scope: "REGIONAL", territoryId: "PE" }))).toMatchObject({
      field: "territoryId",
    });
    expect(await createPlan(admin, input({ scope: "REGIONAL", territoryId: "nowhere" }))).toMatchObject({
      field: "territoryId",
    });
    expect(
      await createPlan(admin, input({ scope: "REGIONAL", territoryId: "13", name: "Plan de La Libertad" })),
    ).toMatchObject({
      ok: true,
    });
  });

  it("keeps the history of every edit: the changed fields before and after; themes in use stay", async () => {
    const { prisma, admin } = await setUp();
    const created = await createPlan(admin, input({ name: "Plan con historia" }));
    if (!created.ok) throw new Error("not created");
    const id = created.id;
    expect(await updatePlan(admin, id, input({ name: "Plan con historia" }))).toEqual({ ok: true, changed: [] });
    const edited = await updatePlan(
      admin,
      id,
      input({ name: "Plan con historia", summary: "Otro resumen", themes: ["Educación", "Salud", "Ambiente"] }),
    );
    expect(edited).toEqual({ ok: true, changed: ["summary", "themes"] });
    const plan = await getWorkspacePlan(id);
    expect(plan!.themes.map((t) => t.name)).toEqual(["Educación", "Salud", "Ambiente"]);
    const history = await planHistory(id);
    expect(history.map((h) => h.kind)).toEqual(["plan.changed", "plan.created"]);
    expect(history[0]!.data).toEqual({
      changes: {
        summary: { from: "Un plan creado por la Secretaría.", to: "Otro resumen" },
        themes: { from: ["Salud", "Educación"], to: ["Educación", "Salud", "Ambiente"] },
      },
    });
    expect(history[0]!.actor).toBe(admin.name);

    const theme = plan!.themes.find((t) => t.name === "Salud")!;
    await prisma.commitment.create({ data: { planId: id, number: 1, title: "Usa el tema", themeId: theme.id } });
    expect(await updatePlan(admin, id, input({ name: "Plan con historia", themes: ["Educación"] }))).toMatchObject({
      error: "invalid",
      field: "themes",
      params: { theme: "Salud" },
    });
    expect((await getWorkspacePlan(id))!.themes).toHaveLength(3);
    expect(await updatePlan(admin, "no-such-plan", input())).toEqual({ ok: false, error: "not-found" });
    expect((await verifyLedger()).ok).toBe(true);
  });

  it("moves along the OGP cycle: the phase follows the stage, one phase step at a time", async () => {
    const { admin, citizen } = await setUp();
    const created = await createPlan(admin, input({ name: "Plan en ciclo" }));
    if (!created.ok) throw new Error("not created");
    expect(await changePlanStage(citizen, created.id, "PROPOSALS")).toEqual({ ok: false, error: "forbidden" });
    expect(await changePlanStage(admin, created.id, "PROPOSALS")).toEqual({ ok: true });
    expect(await changePlanStage(admin, created.id, "CLOSING")).toMatchObject({ field: "stage" });
    expect(await changePlanStage(admin, created.id, "IMPLEMENTATION")).toEqual({ ok: true });
    expect(await getWorkspacePlan(created.id)).toMatchObject({ phase: "IMPLEMENTATION", stage: "IMPLEMENTATION" });
    expect(await changePlanPhase(admin, created.id, "CO_CREATION")).toEqual({ ok: true });
    expect(await getWorkspacePlan(created.id)).toMatchObject({ phase: "CO_CREATION", stage: "APPROVAL" });
    expect(await changePlanStage(admin, "no-such-plan", "PROPOSALS")).toEqual({ ok: false, error: "not-found" });
    const history = await planHistory(created.id);
    expect(history.filter((h) => h.kind === "plan.phase").map((h) => h.data.toStage)).toEqual([
      "APPROVAL",
      "IMPLEMENTATION",
      "PROPOSALS",
    ]);
  });

  it("sets the calendar and the participation window, recording each change once", async () => {
    const { admin } = await setUp();
    const created = await createPlan(admin, input({ name: "Plan con fechas" }));
    if (!created.ok) throw new Error("not created");
    const day = (iso: string) => new Date(`${iso}T12:00:00.000Z`);
    const calendar = [
      { stage: "PROPOSALS" as const, startsOn: day("2029-03-01"), endsOn: day("2029-04-30") },
      { stage: "THEME_SELECTION" as const, startsOn: day("2029-01-15"), endsOn: day("2029-02-28") },
    ];
    expect(await setPlanCalendar(admin, created.id, calendar)).toEqual({ ok: true, changed: true });
    expect(await setPlanCalendar(admin, created.id, calendar)).toEqual({ ok: true, changed: false });
    expect(
      await setPlanCalendar(admin, created.id, [
        { stage: "DRAFTING", startsOn: day("2029-06-01"), endsOn: day("2029-05-01") },
      ]),
    ).toMatchObject({ field: "calendar.DRAFTING.end" });
    expect((await getWorkspacePlan(created.id))!.calendar).toEqual([
      { stage: "THEME_SELECTION", start: "2029-01-15", end: "2029-02-28" },
      { stage: "PROPOSALS", start: "2029-03-01", end: "2029-04-30" },
    ]);

    const window = { opensAt: new Date("2029-03-01T05:00:00Z"), closesAt: new Date("2029-04-30T05:00:00Z") };
    expect(
      await setParticipationWindow(admin, created.id, { opensAt: window.closesAt, closesAt: window.opensAt }),
    ).toMatchObject({
      field: "closesAt",
    });
    expect(await setParticipationWindow(admin, created.id, window)).toEqual({ ok: true, changed: true });
    expect(await getWorkspacePlan(created.id)).toMatchObject({
      participationOpensAt: window.opensAt,
      participationClosesAt: window.closesAt,
    });
    expect(await setParticipationWindow(admin, created.id, null)).toEqual({ ok: true, changed: true });
    const kinds = (await planHistory(created.id)).map((h) => h.kind);
    expect(kinds).toEqual(["plan.window", "plan.window", "plan.calendar", "plan.created"]);

    await changePlanStage(admin, created.id, "IMPLEMENTATION");
    expect(await setParticipationWindow(admin, created.id, window)).toMatchObject({ field: "opensAt" });
  });
});
