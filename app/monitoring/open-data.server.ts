import { prisma } from "~/utils/db.server.ts";
import { toCsv, type CsvValue } from "~/utils/csv.server.ts";
import { limaDay } from "~/utils/format.ts";
import { isOverdue, planCompliance } from "./monitoring.server.ts";

// The open-data registry of /datos: each dataset is one entry with its columns and a function
// that reads its rows. /datos lists them, /datos/<id>.csv and /datos/<id>.json serve them.
//
// To publish another area's data (proposals with counts, forum sessions, agreements...), write a
// `Dataset` beside that area's model and add it to DATASETS below: one import and one entry.
// Datasets hold public data only: ids of people, never their names or emails.

export const DATA_LICENSE = {
  name: "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)",
  id: "CC-BY-4.0",
  url: "https://creativecommons.org/licenses/by/4.0/deed.es",
} as const;

export type Row = Record<string, CsvValue>;

export type Dataset = {
  /** The file name: /datos/<id>.csv. Lowercase letters and hyphens. */
  id: string;
  /** Locale keys (under "monitoring.data.sets.<id>") hold the title and description. */
  columns: readonly string[];
  rows: () => Promise<Row[]>;
};

/** The day in Lima: a session at 19:00 Lima is 00:00 UTC the next day, and a due date ends at 23:59 Lima. */
const iso = (d: Date | null | undefined) => (d ? limaDay(d) : null);
const flag = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

const plans: Dataset = {
  id: "planes",
  columns: [
    "id",
    "name",
    "ordinal",
    "period_start",
    "period_end",
    "scope",
    "territory_id",
    "territory",
    "phase",
    "commitment_count",
    "declared_compliance",
    "computed_compliance",
    "is_demo",
    "url",
  ],
  rows: async () =>
    (await planCompliance()).map((p) => ({
      id: p.id,
      name: p.name,
      ordinal: p.ordinal,
      period_start: p.periodStart,
      period_end: p.periodEnd,
      scope: p.scope,
      territory_id: p.territory.id,
      territory: p.territory.name,
      phase: p.phase,
      commitment_count: p.commitmentCount,
      declared_compliance: p.declaredCompliance,
      computed_compliance: p.computedCompliance,
      is_demo: p.isDemo,
      url: `/planes/${p.id}`,
    })),
};

/** Commitments with the columns of OGP's commitment spreadsheet, then Minka's own. */
const commitments: Dataset = {
  id: "compromisos",
  columns: [
    "commitment_unique_identifier",
    "country_locality",
    "region",
    "theme",
    "year_of_submission",
    "action_plan_number",
    "commitment_number",
    "title",
    "short_title",
    "full_text",
    "lead_institution",
    "supporting_institutions",
    "url",
    "ogp_value_access_to_information",
    "ogp_value_civic_participation",
    "ogp_value_public_accountability",
    "ogp_value_technology",
    "specificity",
    "potential_impact",
    "completion",
    "did_it_open_government",
    "minka_id",
    "plan_id",
    "status",
    "start_date",
    "end_date",
  ],
  rows: async () => {
    const rows = await prisma().commitment.findMany({
      orderBy: [{ plan: { periodStart: "asc" } }, { planId: "asc" }, { number: "asc" }],
      select: {
        id: true,
        ogpId: true,
        number: true,
        title: true,
        titleEn: true,
        summary: true,
        description: true,
        policyArea: true,
        status: true,
        completion: true,
        earlyResults: true,
        sourceUrl: true,
        startDate: true,
        endDate: true,
        valueAccessToInformation: true,
        valueCivicParticipation: true,
        valuePublicAccountability: true,
        valueTechnology: true,
        theme: { select: { name: true } },
        leadInstitution: { select: { name: true } },
        supportingActors: { orderBy: { position: "asc" }, select: { name: true } },
        plan: {
          select: {
            id: true,
            ordinal: true,
            periodStart: true,
            scope: true,
            territory: { select: { name: true } },
          },
        },
      },
    });
    return rows.map((c) => ({
      commitment_unique_identifier: c.ogpId,
      country_locality: c.plan.scope === "NATIONAL" ? "Peru" : c.plan.territory.name,
      region: c.plan.scope === "NATIONAL" ? null : c.plan.territory.name,
      theme: c.theme?.name ?? c.policyArea,
      year_of_submission: c.plan.periodStart,
      action_plan_number: c.plan.ordinal,
      commitment_number: c.number,
      title: c.title ?? c.titleEn,
      short_title: c.titleEn && c.title ? c.titleEn : null,
      full_text: c.description ?? c.summary,
      lead_institution: c.leadInstitution?.name ?? null,
      supporting_institutions: c.supportingActors.map((a) => a.name).join("; ") || null,
      url: c.sourceUrl ?? `/compromisos/${c.id}`,
      ogp_value_access_to_information: flag(c.valueAccessToInformation),
      ogp_value_civic_participation: flag(c.valueCivicParticipation),
      ogp_value_public_accountability: flag(c.valuePublicAccountability),
      ogp_value_technology: flag(c.valueTechnology),
      specificity: null,
      potential_impact: null,
      completion: c.completion,
      did_it_open_government: c.earlyResults,
      minka_id: c.id,
      plan_id: c.plan.id,
      status: c.status,
      start_date: iso(c.startDate),
      end_date: iso(c.endDate),
    }));
  },
};

const milestones: Dataset = {
  id: "hitos",
  columns: [
    "id",
    "commitment_id",
    "position",
    "description",
    "output",
    "start_date",
    "end_date",
    "responsible",
    "completion",
    "overdue",
  ],
  rows: async () => {
    const now = new Date();
    const rows = await prisma().milestone.findMany({ orderBy: [{ commitmentId: "asc" }, { position: "asc" }] });
    return rows.map((m) => ({
      id: m.id,
      commitment_id: m.commitmentId,
      position: m.position,
      description: m.description,
      output: m.output,
      start_date: iso(m.startDate),
      end_date: iso(m.endDate),
      responsible: m.responsible,
      completion: m.completion,
      overdue: isOverdue(m, now),
    }));
  },
};

const progress: Dataset = {
  id: "avances",
  columns: [
    "id",
    "commitment_id",
    "period",
    "source",
    "organization",
    "completion",
    "narrative",
    "evidence_count",
    "filed_at",
    "url",
  ],
  rows: async () => {
    const rows = await prisma().progressReport.findMany({
      orderBy: [{ commitmentId: "asc" }, { period: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        commitmentId: true,
        period: true,
        source: true,
        completion: true,
        narrative: true,
        createdAt: true,
        organization: { select: { name: true } },
        _count: { select: { evidence: true } },
      },
    });
    return rows.map((r) => ({
      id: r.id,
      commitment_id: r.commitmentId,
      period: r.period,
      source: r.source,
      organization: r.organization?.name ?? null,
      completion: r.completion,
      narrative: r.narrative,
      evidence_count: r._count.evidence,
      filed_at: r.createdAt,
      url: `/compromisos/${r.commitmentId}/avances#${r.id}`,
    }));
  },
};

const indicators: Dataset = {
  id: "indicadores",
  columns: [
    "id",
    "commitment_id",
    "kind",
    "name",
    "unit",
    "baseline",
    "target",
    "due_date",
    "latest_value",
    "latest_period",
  ],
  rows: async () => {
    const rows = await prisma().indicator.findMany({
      orderBy: [{ commitmentId: "asc" }, { kind: "asc" }, { position: "asc" }],
      include: {
        values: {
          where: { report: { source: "INSTITUTION" } },
          orderBy: [{ report: { period: "desc" } }, { report: { createdAt: "desc" } }],
          take: 1,
          select: { value: true, report: { select: { period: true } } },
        },
      },
    });
    return rows.map((i) => ({
      id: i.id,
      commitment_id: i.commitmentId,
      kind: i.kind,
      name: i.name,
      unit: i.unit,
      baseline: i.baseline,
      target: i.target,
      due_date: iso(i.dueDate),
      latest_value: i.values[0]?.value ?? null,
      latest_period: i.values[0]?.report.period ?? null,
    }));
  },
};

const indicatorValues: Dataset = {
  id: "valores-indicadores",
  columns: ["report_id", "commitment_id", "period", "source", "indicator_id", "value", "note"],
  rows: async () => {
    const rows = await prisma().indicatorValue.findMany({
      orderBy: [{ report: { commitmentId: "asc" } }, { report: { period: "asc" } }],
      select: {
        reportId: true,
        indicatorId: true,
        value: true,
        note: true,
        report: { select: { commitmentId: true, period: true, source: true } },
      },
    });
    return rows.map((v) => ({
      report_id: v.reportId,
      commitment_id: v.report.commitmentId,
      period: v.report.period,
      source: v.report.source,
      indicator_id: v.indicatorId,
      value: v.value,
      note: v.note,
    }));
  },
};

const practices: Dataset = {
  id: "buenas-practicas",
  columns: [
    "id",
    "title",
    "entity",
    "territory_id",
    "territory",
    "theme",
    "what_was_done",
    "results",
    "published_at",
    "commitment_ids",
    "url",
  ],
  rows: async () => {
    const rows = await prisma().goodPractice.findMany({
      where: { status: "PUBLISHED" },
      orderBy: { publishedAt: "asc" },
      include: { territory: { select: { name: true } }, commitments: { select: { commitmentId: true } } },
    });
    return rows.map((p) => ({
      id: p.id,
      title: p.title,
      entity: p.entity,
      territory_id: p.territoryId,
      territory: p.territory.name,
      theme: p.theme,
      what_was_done: p.whatWasDone,
      results: p.results,
      published_at: p.publishedAt,
      commitment_ids: p.commitments.map((c) => c.commitmentId).join(";") || null,
      url: `/buenas-practicas/${p.id}`,
    }));
  },
};

const forumSessions: Dataset = {
  id: "sesiones-foro",
  columns: ["id", "title", "scheduled_at", "location", "status", "is_demo"],
  rows: async () =>
    (await prisma().forumSession.findMany({ orderBy: { scheduledAt: "asc" } })).map((f) => ({
      id: f.id,
      title: f.title,
      scheduled_at: f.scheduledAt,
      location: f.location,
      status: f.status,
      is_demo: f.isDemo,
    })),
};

/**
 * Proposals with their counts, status, response and linked commitment. Supports are counted, never
 * attributed: no voter appears here (the public record holds per-proposal pseudonyms only).
 */
const proposals: Dataset = {
  id: "propuestas",
  columns: [
    "id",
    "plan_id",
    "title",
    "body",
    "status",
    "author_sector",
    "organization_id",
    "organization",
    "theme",
    "territory_id",
    "territory",
    "votes",
    "votes_civil_society",
    "votes_public_sector",
    "votes_private_sector",
    "votes_academia",
    "votes_no_sector",
    "endorsements",
    "comments",
    "response_reason",
    "responded_at",
    "commitment_id",
    "created_at",
    "url",
  ],
  rows: async () => {
    const [rows, bySector] = await Promise.all([
      prisma().proposal.findMany({
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          planId: true,
          title: true,
          body: true,
          status: true,
          authorSector: true,
          organizationId: true,
          organization: { select: { name: true } },
          theme: { select: { name: true } },
          territoryId: true,
          territory: { select: { name: true } },
          voteCount: true,
          endorsementCount: true,
          commentCount: true,
          responseReason: true,
          respondedAt: true,
          commitmentId: true,
          createdAt: true,
        },
      }),
      prisma().proposalVote.groupBy({ by: ["proposalId", "sector"], _count: { _all: true } }),
    ]);
    const votes = new Map<string, Record<string, number>>();
    for (const v of bySector) {
      const counts = votes.get(v.proposalId) ?? {};
      counts[v.sector ?? "NONE"] = (counts[v.sector ?? "NONE"] ?? 0) + v._count._all;
      votes.set(v.proposalId, counts);
    }
    return rows.map((p) => {
      const v = votes.get(p.id) ?? {};
      return {
        id: p.id,
        plan_id: p.planId,
        title: p.title,
        body: p.body,
        status: p.status,
        author_sector: p.authorSector,
        organization_id: p.organizationId,
        organization: p.organization?.name ?? null,
        theme: p.theme?.name ?? null,
        territory_id: p.territoryId,
        territory: p.territory?.name ?? null,
        votes: p.voteCount,
        votes_civil_society: v.CIVIL_SOCIETY ?? 0,
        votes_public_sector: v.PUBLIC_SECTOR ?? 0,
        votes_private_sector: v.PRIVATE_SECTOR ?? 0,
        votes_academia: v.ACADEMIA ?? 0,
        votes_no_sector: v.NONE ?? 0,
        endorsements: p.endorsementCount,
        comments: p.commentCount,
        response_reason: p.responseReason,
        responded_at: p.respondedAt,
        commitment_id: p.commitmentId,
        created_at: p.createdAt,
        url: `/propuestas/${p.id}`,
      };
    });
  },
};

/** The forum's agreements and their follow-up (overdue: past due and not done). */
const forumAgreements: Dataset = {
  id: "acuerdos-foro",
  columns: [
    "id",
    "session_id",
    "session_number",
    "session_date",
    "text",
    "responsible",
    "due_date",
    "status",
    "done_at",
    "overdue",
    "evidence",
    "commitment_id",
    "url",
  ],
  rows: async () => {
    const now = Date.now();
    const rows = await prisma().forumAgreement.findMany({
      orderBy: [{ session: { scheduledAt: "asc" } }, { createdAt: "asc" }, { id: "asc" }],
      include: { session: { select: { number: true, scheduledAt: true } } },
    });
    return rows.map((a) => ({
      id: a.id,
      session_id: a.sessionId,
      session_number: a.session.number,
      session_date: iso(a.session.scheduledAt),
      text: a.text,
      responsible: a.responsible,
      due_date: iso(a.dueDate),
      status: a.status,
      done_at: a.doneAt,
      overdue: flag(a.status !== "DONE" && a.dueDate.getTime() < now),
      evidence: a.evidence,
      commitment_id: a.commitmentId,
      url: `/foro/sesiones/${a.sessionId}`,
    }));
  },
};

const FORUM_SECTORS = ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA"] as const;

/** The forum's motions with their results, in total and by sector (members' votes are counted, not named). */
const forumMotions: Dataset = {
  id: "mociones-foro",
  columns: [
    "id",
    "session_id",
    "session_number",
    "text",
    "status",
    "votes_for",
    "votes_against",
    "votes_abstain",
    ...FORUM_SECTORS.flatMap((s) => [
      `${s.toLowerCase()}_for`,
      `${s.toLowerCase()}_against`,
      `${s.toLowerCase()}_abstain`,
    ]),
    "commitment_id",
    "opened_at",
    "closed_at",
    "url",
  ],
  rows: async () => {
    const rows = await prisma().forumMotion.findMany({
      orderBy: [{ session: { scheduledAt: "asc" } }, { openedAt: "asc" }, { id: "asc" }],
      include: {
        session: { select: { number: true } },
        votes: { select: { choice: true, sector: true } },
      },
    });
    return rows.map((m) => {
      const count = (choice: string, sector?: string) =>
        m.votes.filter((v) => v.choice === choice && (!sector || v.sector === sector)).length;
      const bySector: Row = {};
      for (const sector of FORUM_SECTORS) {
        const key = sector.toLowerCase();
        bySector[`${key}_for`] = count("FOR", sector);
        bySector[`${key}_against`] = count("AGAINST", sector);
        bySector[`${key}_abstain`] = count("ABSTAIN", sector);
      }
      return {
        id: m.id,
        session_id: m.sessionId,
        session_number: m.session.number,
        text: m.text,
        status: m.status,
        votes_for: count("FOR"),
        votes_against: count("AGAINST"),
        votes_abstain: count("ABSTAIN"),
        ...bySector,
        commitment_id: m.commitmentId,
        opened_at: m.openedAt,
        closed_at: m.closedAt,
        url: `/foro/sesiones/${m.sessionId}`,
      };
    });
  },
};

/** The public record, entry by entry, as stored (hashes included, so anyone can re-verify it). */
const ledger: Dataset = {
  id: "registro",
  columns: [
    "seq",
    "at",
    "kind",
    "subject_type",
    "subject_id",
    "actor_id",
    "pseudonym",
    "sector",
    "org_id",
    "commitment_id",
    "data",
    "prev_hash",
    "hash",
  ],
  rows: async () => {
    const rows = await prisma().ledgerEntry.findMany({ orderBy: { seq: "asc" } });
    return rows.map((e) => ({
      seq: e.seq,
      at: e.at,
      kind: e.kind,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      actor_id: e.actorId,
      pseudonym: e.pseudonym,
      sector: e.sector,
      org_id: e.orgId,
      commitment_id: e.commitmentId,
      data: e.data,
      prev_hash: e.prevHash,
      hash: e.hash,
    }));
  },
};

/** Every dataset of /datos, in the order the page lists them. Add other areas' datasets here. */
export const DATASETS: readonly Dataset[] = [
  plans,
  commitments,
  milestones,
  progress,
  indicators,
  indicatorValues,
  practices,
  forumSessions,
  forumAgreements,
  forumMotions,
  proposals,
  ledger,
];

export function findDataset(id: string): Dataset | undefined {
  return DATASETS.find((d) => d.id === id);
}

/** A dataset as CSV text. */
export async function datasetCsv(dataset: Dataset): Promise<string> {
  const rows = await dataset.rows();
  return toCsv(
    dataset.columns,
    rows.map((row) => dataset.columns.map((column) => row[column])),
  );
}

/** A dataset as a JSON document with its licence. */
export async function datasetJson(dataset: Dataset, generatedAt = new Date()) {
  const rows = await dataset.rows();
  return {
    dataset: dataset.id,
    license: DATA_LICENSE,
    generatedAt: generatedAt.toISOString(),
    columns: dataset.columns,
    data: rows.map((row) =>
      Object.fromEntries(
        dataset.columns.map((c) => [c, row[c] instanceof Date ? (row[c] as Date).toISOString() : (row[c] ?? null)]),
      ),
    ),
  };
}
