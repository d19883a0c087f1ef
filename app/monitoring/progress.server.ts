import { createHash } from "node:crypto";
import type { Completion, ReportSource, Sector } from "~/generated/prisma/enums.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can, type Actor } from "~/utils/permissions.server.ts";
import type { AcceptedFile } from "./evidence.server.ts";

// Progress reports: the responsible institution reports each commitment's progress per period
// (a semester), milestone by milestone and indicator by indicator, with a narrative and evidence;
// civil society files its own assessment beside it. Each report is appended to the public record
// (progress.reported, with the commitment's id) in the same transaction.

export const COMPLETIONS: readonly Completion[] = ["NOT_STARTED", "LIMITED", "SUBSTANTIAL", "COMPLETE"];

/** A reporting period: a semester, "2027-S1" (January–June) or "2027-S2" (July–December). */
export type Period = `${number}-S${1 | 2}`;
const PERIOD = /^(\d{4})-S([12])$/;

export function isPeriod(value: string): value is Period {
  return PERIOD.test(value);
}

/** The semester a date falls in (in UTC, which is a few hours off Lima's only at the boundary). */
export function periodOf(date: Date): Period {
  return `${date.getUTCFullYear()}-S${date.getUTCMonth() < 6 ? 1 : 2}` as Period;
}

/** The semester before one. */
export function previousPeriod(period: Period): Period {
  const [, year, half] = PERIOD.exec(period)!;
  return (half === "2" ? `${year}-S1` : `${Number(year) - 1}-S2`) as Period;
}

/** First and last instant of a period. */
export function periodBounds(period: Period): { start: Date; end: Date } {
  const [, year, half] = PERIOD.exec(period)!;
  const y = Number(year);
  const start = new Date(Date.UTC(y, half === "1" ? 0 : 6, 1));
  const end = new Date(Date.UTC(half === "1" ? y : y + 1, half === "1" ? 6 : 0, 1) - 1);
  return { start, end };
}

/** The semesters of a plan's period, in order. */
export function planPeriods(plan: { periodStart: number; periodEnd: number }): Period[] {
  const periods: Period[] = [];
  for (let y = plan.periodStart; y <= plan.periodEnd; y += 1) periods.push(`${y}-S1`, `${y}-S2`);
  return periods;
}

/** The commitment as the progress pages and rules need it. */
export async function getReportableCommitment(id: string) {
  const c = await prisma().commitment.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      title: true,
      titleEn: true,
      status: true,
      completion: true,
      startDate: true,
      endDate: true,
      leadInstitutionId: true,
      leadInstitution: { select: { name: true, slug: true } },
      plan: { select: { id: true, name: true, isDemo: true, periodStart: true, periodEnd: true, phase: true } },
      milestones: {
        orderBy: { position: "asc" },
        select: { id: true, position: true, description: true, endDate: true, completion: true },
      },
      indicators: {
        orderBy: [{ kind: "asc" }, { position: "asc" }],
        select: { id: true, kind: true, name: true, unit: true, baseline: true, target: true, dueDate: true },
      },
      team: { select: { userId: true } },
    },
  });
  if (!c) return null;
  const { team, ...rest } = c;
  return { ...rest, teamUserIds: team.map((m) => m.userId) };
}
export type ReportableCommitment = NonNullable<Awaited<ReturnType<typeof getReportableCommitment>>>;

/** The civil-society organisations in whose name a person may file an assessment. */
export async function assessingOrganizations(actor: Actor) {
  if (!actor) return [];
  const ids = actor.memberships.filter((m) => m.sector === "CIVIL_SOCIETY").map((m) => m.organizationId);
  if (ids.length === 0) return [];
  return prisma().organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}

/** Which kinds of report a person may file on a commitment. */
export async function reportSourcesFor(actor: Actor, commitment: ReportableCommitment): Promise<ReportSource[]> {
  const sources: ReportSource[] = [];
  if (can.reportProgress(actor, commitment)) sources.push("INSTITUTION");
  if ((await assessingOrganizations(actor)).length > 0) sources.push("CIVIL_SOCIETY");
  return sources;
}

export type NewReport = {
  /** A stable id, for demo data only. */
  id?: string;
  source: ReportSource;
  period: Period;
  completion: Completion;
  narrative: string;
  /** For a civil-society assessment: the organisation it is filed for. */
  organizationId?: string | null;
  milestones: { milestoneId: string; completion: Completion; note?: string | null }[];
  indicators: { indicatorId: string; value: string; note?: string | null }[];
  links: string[];
  files: AcceptedFile[];
};

type FileFailure = { ok: false; error: "not-found" | "forbidden" | "invalid"; message?: string };

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * Files a progress report after checking who may file it and that every milestone and indicator
 * belongs to the commitment and the period to its plan; the report, its evidence, the
 * commitment's completion (for the institution's report) and the record entry commit together.
 */
export async function fileProgressReport(
  commitmentId: string,
  input: NewReport,
  actor: Actor,
): Promise<{ ok: true; reportId: string; seq: number } | FileFailure> {
  const commitment = await getReportableCommitment(commitmentId);
  if (!commitment) return { ok: false, error: "not-found" };
  let organizationId: string | null;
  let sector: Sector | null;
  if (input.source === "INSTITUTION") {
    if (!actor || !can.reportProgress(actor, commitment)) return { ok: false, error: "forbidden" };
    organizationId = commitment.leadInstitutionId;
    sector = "PUBLIC_SECTOR";
  } else {
    if (!actor || !input.organizationId || !can.assessProgress(actor, input.organizationId)) {
      return { ok: false, error: "forbidden" };
    }
    organizationId = input.organizationId;
    sector = "CIVIL_SOCIETY";
  }
  if (!planPeriods(commitment.plan).includes(input.period)) return { ok: false, error: "invalid", message: "period" };
  const milestoneIds = new Set(commitment.milestones.map((m) => m.id));
  const indicatorIds = new Set(commitment.indicators.map((i) => i.id));
  if (input.milestones.some((m) => !milestoneIds.has(m.milestoneId))) return { ok: false, error: "invalid" };
  if (input.indicators.some((i) => !indicatorIds.has(i.indicatorId))) return { ok: false, error: "invalid" };

  const report = await prisma().$transaction(async (tx) => {
    const created = await tx.progressReport.create({
      data: {
        id: input.id,
        commitmentId,
        period: input.period,
        source: input.source,
        completion: input.completion,
        narrative: input.narrative,
        authorId: actor.id,
        organizationId,
        milestones: {
          create: input.milestones.map((m) => ({
            milestoneId: m.milestoneId,
            completion: m.completion,
            note: m.note || null,
          })),
        },
        indicators: {
          create: input.indicators.map((i) => ({ indicatorId: i.indicatorId, value: i.value, note: i.note || null })),
        },
        evidence: {
          create: [
            ...input.links.map((url) => ({ url })),
            ...input.files.map((f) => ({
              fileName: f.fileName,
              mediaType: f.mediaType,
              size: f.size,
              sha256: f.sha256,
              file: { create: { data: f.data } },
            })),
          ],
        },
      },
      select: { id: true },
    });
    if (input.source === "INSTITUTION") {
      await tx.commitment.update({ where: { id: commitmentId }, data: { completion: input.completion } });
      for (const m of input.milestones) {
        await tx.milestone.update({ where: { id: m.milestoneId }, data: { completion: m.completion } });
      }
    }
    const entry = await appendAct(tx, {
      kind: "progress.reported",
      subjectType: "progress-report",
      subjectId: created.id,
      commitmentId,
      actorId: actor.id,
      sector,
      orgId: organizationId,
      data: {
        source: input.source,
        period: input.period,
        completion: input.completion,
        narrativeSha256: sha256(input.narrative),
        milestones: input.milestones.map((m) => ({ id: m.milestoneId, completion: m.completion })),
        indicators: input.indicators.map((i) => ({ id: i.indicatorId, value: i.value })),
        evidence: [
          ...input.links.map((url) => ({ url })),
          ...input.files.map((f) => ({ sha256: f.sha256, mediaType: f.mediaType, size: f.size })),
        ],
      },
    });
    return { id: created.id, seq: entry.seq };
  }, LEDGER_TRANSACTION);
  // Everyone watching the commitment or its plan sees the report at once.
  publish(`commitment:${commitmentId}`, "progress.reported", { period: input.period, source: input.source });
  publish(`plan:${commitment.plan.id}`, "progress.reported", { commitmentId });
  return { ok: true, reportId: report.id, seq: report.seq };
}

/** Every report on a commitment, newest period first, with milestones, indicators and evidence. */
export async function listReports(commitmentId: string) {
  const reports = await prisma().progressReport.findMany({
    where: { commitmentId },
    orderBy: [{ period: "desc" }, { createdAt: "desc" }],
    select: {
      id: true,
      period: true,
      source: true,
      completion: true,
      narrative: true,
      createdAt: true,
      author: { select: { name: true } },
      organization: { select: { name: true, slug: true } },
      milestones: { select: { milestoneId: true, completion: true, note: true } },
      indicators: { select: { indicatorId: true, value: true, note: true } },
      evidence: {
        orderBy: { createdAt: "asc" },
        select: { id: true, url: true, fileName: true, mediaType: true, size: true, sha256: true },
      },
    },
  });
  return reports;
}
export type ReportView = Awaited<ReturnType<typeof listReports>>[number];

/**
 * The reports of a commitment paired by period: the institution's latest report and civil
 * society's latest assessment for each period, side by side.
 */
export function pairByPeriod(reports: ReportView[]) {
  const byPeriod = new Map<string, { period: string; institution: ReportView | null; civilSociety: ReportView[] }>();
  for (const report of reports) {
    const row = byPeriod.get(report.period) ?? { period: report.period, institution: null, civilSociety: [] };
    if (report.source === "INSTITUTION") row.institution ??= report;
    else if (!row.civilSociety.some((r) => r.organization?.slug === report.organization?.slug)) {
      row.civilSociety.push(report);
    }
    byPeriod.set(report.period, row);
  }
  return [...byPeriod.values()];
}
