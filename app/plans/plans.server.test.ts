import { describe, expect, it } from "vitest";
import type { ActivityEvent } from "~/live-events.ts";
import { eventBus } from "~/utils/bus.server.ts";
import { createPlanWithCommitment, createUser, useTestDatabase } from "../../tests/support/factories.ts";
import { getPlan, nextPhases, setPlanPhase } from "./plans.server.ts";

describe("plans", () => {
  it("moves one phase at a time", () => {
    expect(nextPhases("CO_CREATION")).toEqual(["IMPLEMENTATION"]);
    expect(nextPhases("IMPLEMENTATION")).toEqual(["CO_CREATION", "CLOSED"]);
    expect(nextPhases("CLOSED")).toEqual(["IMPLEMENTATION"]);
  });

  it("changes a phase, records the act and announces it live", async () => {
    const prisma = await useTestDatabase();
    const admin = await createUser({ role: "ADMIN" });
    const { plan } = await createPlanWithCommitment();
    const heard: ActivityEvent[] = [];
    const unsubscribe = eventBus().subscribe("activity", (event: ActivityEvent) => void heard.push(event));
    try {
      expect(await setPlanPhase(plan.id, "IMPLEMENTATION", admin.id)).toBe("changed");
    } finally {
      unsubscribe();
    }
    expect((await getPlan(plan.id))?.phase).toBe("IMPLEMENTATION");
    const activity = await prisma.activity.findMany({ where: { subjectId: plan.id } });
    expect(activity).toHaveLength(1);
    expect(heard).toEqual([
      expect.objectContaining({ id: activity[0]!.id, kind: "plan.phase", actorName: admin.name }),
    ]);
  });

  it("refuses a jump of two phases and unknown plans, changing nothing", async () => {
    const prisma = await useTestDatabase();
    const admin = await createUser({ role: "ADMIN" });
    const { plan } = await createPlanWithCommitment();
    expect(await setPlanPhase(plan.id, "CLOSED", admin.id)).toBe("invalid");
    expect(await setPlanPhase("no-such-plan", "CLOSED", admin.id)).toBe("not-found");
    expect((await getPlan(plan.id))?.phase).toBe("CO_CREATION");
    expect(await prisma.activity.count({ where: { subjectId: plan.id } })).toBe(0);
  });
});
