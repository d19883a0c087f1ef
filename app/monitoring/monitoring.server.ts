import type { Completion, PlanPhase, Sector } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { periodBounds, periodOf, previousPeriod } from "./progress.server.ts";

// Completion and compliance, the flags that call for attention (overdue milestones, silent
// commitments), and the figures of the /seguimiento dashboards.
//
// A plan's compliance is the share of its commitments whose completion is substantial or
// complete — the measure OGP's Independent Reporting Mechanism reports. Historical plans also
// show the figure the source declared (Plan.declaredCompliance), which Minka does not recompute.

export const SECTORS: readonly Sector[] = ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA"];
export const COMPLETION_KEYS = ["NOT_STARTED", "LIMITED", "SUBSTANTIAL", "COMPLETE", "UNKNOWN"] as const;
export type CompletionKey = (typeof COMPLETION_KEYS)[number];

/** Compliance in percent of a list of completions (null when there are no commitments). */
export function compliance(completions: readonly (Completion | null)[]): number | null {
  if (completions.length === 0) return null;
  const done = completions.filter((c) => c === "SUBSTANTIAL" || c === "COMPLETE").length;
  return Math.round((done / completions.length) * 100);
}

/** Whether a milestone is overdue: its end date has passed and it is not complete. */
export function isOverdue(milestone: { endDate: Date | null; completion: Completion | null }, now: Date): boolean {
  return (
    milestone.endDate !== null && milestone.endDate.getTime() < now.getTime() && milestone.completion !== "COMPLETE"
  );
}

/**
 * Whether a commitment is silent: its plan is being implemented, it had started by the end of the
 * last period, and its institution filed no report for the last period or the current one.
 */
export function isSilent(
  c: { startDate: Date | null; plan: { phase: PlanPhase }; reportPeriods: readonly string[] },
  now: Date,
): boolean {
  if (c.plan.phase !== "IMPLEMENTATION") return false;
  const current = periodOf(now);
  const last = previousPeriod(current);
  if (c.startDate && c.startDate.getTime() > periodBounds(last).end.getTime()) return false;
  return !c.reportPeriods.includes(last) && !c.reportPeriods.includes(current);
}

type Filter = { territoryId?: string | null };

async function commitmentsForMonitoring(filter: Filter) {
  const rows = await prisma().commitment.findMany({
    where: filter.territoryId ? { plan: { territoryId: filter.territoryId } } : {},
    orderBy: [{ planId: "asc" }, { number: "asc" }],
    select: {
      id: true,
      number: true,
      title: true,
      titleEn: true,
      completion: true,
      startDate: true,
      policyArea: true,
      theme: { select: { name: true } },
      leadInstitution: { select: { name: true, acronym: true } },
      plan: { select: { id: true, name: true, phase: true, territory: { select: { id: true, name: true } } } },
      milestones: { select: { id: true, description: true, endDate: true, completion: true } },
      progressReports: { where: { source: "INSTITUTION" }, select: { period: true } },
    },
  });
  return rows.map(({ progressReports, ...c }) => ({ ...c, reportPeriods: progressReports.map((r) => r.period) }));
}

/** The commitments that need attention: overdue milestones and silent commitments. */
export async function attentionFlags(filter: Filter = {}, now = new Date()) {
  const commitments = await commitmentsForMonitoring(filter);
  return {
    overdue: commitments.flatMap((c) =>
      c.milestones
        .filter((m) => isOverdue(m, now))
        .map((m) => ({
          commitmentId: c.id,
          commitmentNumber: c.number,
          commitmentTitle: c.title ?? c.titleEn,
          planName: c.plan.name,
          milestone: m.description,
          endDate: m.endDate!.toISOString(),
        })),
    ),
    silent: commitments
      .filter((c) => isSilent(c, now))
      .map((c) => ({ commitmentId: c.id, number: c.number, title: c.title ?? c.titleEn, planName: c.plan.name })),
    lastPeriod: previousPeriod(periodOf(now)),
  };
}

/** Each plan's compliance: computed from its commitments' completion, and the source's declared figure. */
export async function planCompliance(filter: Filter = {}) {
  const plans = await prisma().plan.findMany({
    where: filter.territoryId ? { territoryId: filter.territoryId } : {},
    orderBy: [{ periodStart: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      ordinal: true,
      periodStart: true,
      periodEnd: true,
      scope: true,
      phase: true,
      isDemo: true,
      declaredCompliance: true,
      territory: { select: { id: true, name: true } },
      commitments: { select: { completion: true } },
    },
  });
  return plans.map(({ commitments, ...plan }) => {
    const assessed = commitments.filter((c) => c.completion !== null);
    return {
      ...plan,
      commitmentCount: commitments.length,
      assessedCount: assessed.length,
      computedCompliance: assessed.length > 0 ? compliance(commitments.map((c) => c.completion)) : null,
    };
  });
}

/** One plan's progress: compliance, completion counts and each commitment's completion and flags. */
export async function planProgress(planId: string, now = new Date()) {
  const plan = await prisma().plan.findUnique({
    where: { id: planId },
    select: { id: true, name: true, phase: true, declaredCompliance: true, periodStart: true, periodEnd: true },
  });
  if (!plan) return null;
  const commitments = (await commitmentsForMonitoring({})).filter((c) => c.plan.id === planId);
  const counts = Object.fromEntries(COMPLETION_KEYS.map((k) => [k, 0])) as Record<CompletionKey, number>;
  for (const c of commitments) counts[c.completion ?? "UNKNOWN"] += 1;
  return {
    plan: { ...plan },
    declaredCompliance: plan.declaredCompliance,
    computedCompliance: commitments.some((c) => c.completion) ? compliance(commitments.map((c) => c.completion)) : null,
    completionCounts: counts,
    commitments: commitments.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title ?? c.titleEn,
      completion: c.completion,
      reportedPeriods: [...new Set(c.reportPeriods)].sort(),
      overdueMilestones: c.milestones.filter((m) => isOverdue(m, now)).length,
      silent: isSilent(c, now),
    })),
  };
}

type Group = { key: string; label: string } & Record<CompletionKey, number>;

function groupCompletion<T>(
  rows: T[],
  keyOf: (row: T) => string,
  completionOf: (row: T) => Completion | null,
): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const key = keyOf(row);
    const group =
      groups.get(key) ?? ({ key, label: key, ...Object.fromEntries(COMPLETION_KEYS.map((k) => [k, 0])) } as Group);
    group[completionOf(row) ?? "UNKNOWN"] += 1;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.label.localeCompare(b.label, "es"));
}

/** Progress of commitments grouped by theme, lead institution and the plan's territory. */
export async function progressBreakdown(filter: Filter = {}) {
  const commitments = await commitmentsForMonitoring(filter);
  return {
    byTheme: groupCompletion(
      commitments,
      (c) => c.theme?.name ?? c.policyArea ?? "—",
      (c) => c.completion,
    ),
    byInstitution: groupCompletion(
      commitments,
      (c) => c.leadInstitution?.name ?? "—",
      (c) => c.completion,
    ),
    byTerritory: groupCompletion(
      commitments,
      (c) => c.plan.territory.name,
      (c) => c.completion,
    ),
  };
}

/**
 * Participation over time from the public record: acts per month by sector, and acts by region
 * (the department of the person who acted), with the departments and sectors that took no part.
 */
export async function participation(filter: Filter = {}) {
  const [entries, departments] = await Promise.all([
    prisma().ledgerEntry.findMany({ select: { at: true, sector: true, actorId: true }, orderBy: { seq: "asc" } }),
    prisma().territory.findMany({
      where: { level: "DEPARTMENT" },
      select: { id: true, name: true },
      orderBy: { id: "asc" },
    }),
  ]);
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const users = await prisma().user.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, territory: { select: { id: true, level: true, parentId: true } } },
  });
  // A person's region is their department (a province or district counts for its department).
  const departmentOf = new Map<string, string | null>();
  const territoryParents = await prisma().territory.findMany({ select: { id: true, level: true, parentId: true } });
  const byId = new Map(territoryParents.map((t) => [t.id, t]));
  const toDepartment = (id: string | null | undefined): string | null => {
    let t = id ? byId.get(id) : undefined;
    while (t && t.level !== "DEPARTMENT") t = t.parentId ? byId.get(t.parentId) : undefined;
    return t?.id ?? null;
  };
  for (const u of users) departmentOf.set(u.id, toDepartment(u.territory?.id));

  const wanted = filter.territoryId ? toDepartment(filter.territoryId) : null;
  const selected = entries.filter((e) => {
    if (!filter.territoryId || byId.get(filter.territoryId)?.level === "COUNTRY") return true;
    return e.actorId !== null && departmentOf.get(e.actorId) === wanted;
  });

  const months = new Map<string, Record<Sector | "NONE", number>>();
  for (const e of selected) {
    const month = e.at.toISOString().slice(0, 7);
    const row = months.get(month) ?? { CIVIL_SOCIETY: 0, PUBLIC_SECTOR: 0, PRIVATE_SECTOR: 0, ACADEMIA: 0, NONE: 0 };
    row[e.sector ?? "NONE"] += 1;
    months.set(month, row);
  }
  const bySector = Object.fromEntries([...SECTORS, "NONE"].map((s) => [s, 0])) as Record<Sector | "NONE", number>;
  for (const e of selected) bySector[e.sector ?? "NONE"] += 1;

  const byDepartment = new Map<string, number>();
  let unknownRegion = 0;
  for (const e of selected) {
    const dep = e.actorId ? departmentOf.get(e.actorId) : null;
    if (dep) byDepartment.set(dep, (byDepartment.get(dep) ?? 0) + 1);
    else unknownRegion += 1;
  }
  return {
    total: selected.length,
    overTime: [...months.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, counts]) => ({ month, ...counts })),
    bySector,
    byRegion: departments
      .map((d) => ({ id: d.id, name: d.name, count: byDepartment.get(d.id) ?? 0 }))
      .filter((d) => d.count > 0)
      .sort((a, b) => b.count - a.count),
    unknownRegion,
    missingRegions: departments.filter((d) => !byDepartment.has(d.id)).map((d) => d.name),
    missingSectors: SECTORS.filter((s) => bySector[s] === 0),
  };
}

/** Territories to filter by: the country, then the departments and any provinces seeded. */
export function listTerritories() {
  return prisma().territory.findMany({
    orderBy: [{ level: "asc" }, { id: "asc" }],
    select: { id: true, name: true, level: true },
  });
}

/** The territory id from a query string value, if it names a known territory. */
export async function territoryParam(value: string | null): Promise<string | null> {
  if (!value || value.length > 20) return null;
  const t = await prisma().territory.findUnique({ where: { id: value }, select: { id: true } });
  return t?.id ?? null;
}
