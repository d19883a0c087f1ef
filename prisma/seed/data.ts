// The demo and reference data, read from the JSON files in prisma/seed/data/ and validated here:
// each file against its schema (unknown keys are refused, so a misspelt field fails loudly), then
// every reference across files (organisation slugs, account emails, territories, proposal and
// comment keys, forum members). The seeding code (prisma/seed.ts and prisma/seed/*.ts) only reads
// what this returns; the data itself lives in the files.
import { readFileSync } from "node:fs";
import { z } from "zod";
import {
  Completion,
  IndicatorKind,
  MembershipRole,
  OrganizationKind,
  PlanPhase,
  PlanScope,
  PlatformRole,
  ReportSource,
  Sector,
  Stance,
  TeamRole,
  TerritoryLevel,
} from "../../app/generated/prisma/enums.ts";
import { teamRoleRefusal } from "../../app/drafting/team-roles.ts";
import { ATTENDANCE_STATUSES } from "../../app/forum/rules.ts";
import type { Period } from "../../app/monitoring/progress.server.ts";
import { RESPONSE_STATUSES } from "../../app/participation/forms.ts";

const DATA_DIR = new URL("./data/", import.meta.url);

const text = z.string().min(1);
const email = z.email();
/** A calendar day, `YYYY-MM-DD`. */
const day = z.iso.date();
const slug = z.string().regex(/^[a-z0-9-]+$/);
const count = z.number().int().nonnegative();

const territories = z.array(
  z.strictObject({ id: text, name: text, level: z.enum(TerritoryLevel), parentId: text.nullable() }),
);

const organizations = z.array(
  z.strictObject({
    slug,
    name: text,
    acronym: text.nullable(),
    kind: z.enum(OrganizationKind),
    sector: z.enum(Sector),
    territoryId: text,
    description: text,
  }),
);

/** A commitment of a past plan, as its sources give it (no Spanish title is sourced: `title` stays null). */
const sourcedCommitment = z.strictObject({
  number: z.number().int().positive(),
  ogpId: text.nullable(),
  titleEn: text,
  policyArea: text.nullable(),
  lead: slug.nullable(),
  earlyResults: text.nullable(),
  summary: text.nullable(),
  sourceUrl: z.url(),
  supportingActors: z
    .array(z.strictObject({ id: text, name: text, organization: slug.nullable(), sector: z.enum(Sector), role: text }))
    .optional(),
});

const plans = z.strictObject({
  plans: z.array(
    z.strictObject({
      id: slug,
      name: text,
      ordinal: text.nullable(),
      periodStart: z.number().int(),
      periodEnd: z.number().int(),
      scope: z.enum(PlanScope),
      territoryId: text,
      phase: z.enum(PlanPhase),
      summary: text,
      approvedBy: text.nullable(),
      declaredCommitmentCount: count.nullable(),
      declaredCompliance: z.number().min(0).max(100).nullable(),
      sourceNote: text,
      themes: z.array(text),
    }),
  ),
  sourcedCommitments: z.array(z.strictObject({ planId: slug, commitments: z.array(sourcedCommitment) })),
});

const demoPlan = z.strictObject({
  plan: z.strictObject({
    id: slug,
    name: text,
    periodStart: z.number().int(),
    periodEnd: z.number().int(),
    summary: text,
    sourceNote: text,
    themes: z.array(text).min(1),
  }),
  commitments: z.array(
    z.strictObject({
      id: slug,
      number: z.number().int().positive(),
      theme: text,
      lead: slug,
      title: text,
      problem: text,
      baseline: text,
      description: text,
      contribution: text,
      values: z.strictObject({
        access: z.boolean(),
        participation: z.boolean(),
        accountability: z.boolean(),
        technology: z.boolean(),
      }),
      startDate: day,
      endDate: day,
      contactName: text,
      supporting: z.array(z.strictObject({ organization: slug, role: text })),
      milestones: z.array(z.strictObject({ description: text, output: text, start: day, end: day, responsible: text })),
      indicators: z.array(
        z.strictObject({ kind: z.enum(IndicatorKind), name: text, unit: text, baseline: text, target: text, due: day }),
      ),
    }),
  ),
  /** The drafting team of every demo commitment: accounts with their place on it (decision 019). */
  team: z.array(z.strictObject({ account: email, role: z.enum(TeamRole) })),
  /** Who the recent activity on the demo plan names. */
  activity: z.strictObject({ openedBy: email, draftedBy: email }),
});

const accounts = z.strictObject({
  /** The password of every demo account. */
  password: z.string().min(8),
  accounts: z.array(z.strictObject({ email, name: text, role: z.enum(PlatformRole), territoryId: text.nullable() })),
  memberships: z.array(z.strictObject({ account: email, organization: slug, role: z.enum(MembershipRole) })),
});

/** An agenda item: free text, the n-th demo commitment (from 1), or the first pending agreement. */
const agendaItem = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("other"), title: text }),
  z.strictObject({
    kind: z.literal("commitment"),
    commitment: z.number().int().positive(),
    /** Put as free text instead when there is no such commitment (else the item is left out). */
    otherwise: text.optional(),
  }),
  z.strictObject({ kind: z.literal("agreement"), title: text }),
]);

export type AgendaItem = z.infer<typeof agendaItem>;

const rollCallStatus = z.enum(ATTENDANCE_STATUSES);

const forum = z.strictObject({
  /** Who schedules sessions, sets agendas and circulates minutes. */
  secretariat: email,
  /** Who chairs the sessions. */
  chair: email,
  members: z.array(
    z.strictObject({
      id: slug,
      organization: slug,
      sector: z.enum(Sector),
      name: text,
      role: z.enum(["chair", "secretary", "member", "alternate"]),
      regionId: text,
      account: email.nullable(),
    }),
  ),
  rules: z.strictObject({
    /** The rules' text, paragraph by paragraph (stored separated by blank lines). */
    paragraphs: z.array(text.refine((p) => !p.includes("\n"), "one paragraph per entry")),
    quorumMajority: z.boolean(),
    quorumEachSector: z.boolean(),
    publishedDaysAgo: count,
  }),
  /** The next ordinary session (the first Thursday of next month, 15:00 in Lima). */
  nextSession: z.strictObject({ title: text, location: text, agenda: z.array(agendaItem) }),
  /** Sessions held on the first Thursday of a past month, with approved minutes. */
  pastSessions: z.array(
    z.strictObject({
      monthsAgo: z.number().int().positive(),
      title: text,
      location: text,
      agenda: z.array(agendaItem).min(1),
      /** Roll call by member id; everyone else is PRESENT. */
      rollCall: z.record(z.string(), rollCallStatus),
      /** The motion put on the first agenda item, and how the voting members voted (in member order). */
      motion: text,
      votes: z.strictObject({ FOR: count, AGAINST: count, ABSTAIN: count }),
      agreement: z.strictObject({
        text,
        responsible: text,
        dueInDays: count,
        /** Done, with its evidence, so many days before it was due; null: still pending. */
        done: z.strictObject({ evidence: text, daysBeforeDue: count }).nullable(),
      }),
    }),
  ),
});

const monitoring = z.strictObject({
  actors: z.strictObject({
    /** Files the responsible institution's reports. */
    institution: email,
    /** Files civil society's assessments, for its first civil-society organisation. */
    civilSociety: email,
    /** Submits the good practices. */
    practices: email,
    /** Publishes them. */
    reviewer: email,
  }),
  reports: z.array(
    z.strictObject({
      id: slug,
      commitmentNumber: z.number().int().positive(),
      source: z.enum(ReportSource),
      period: z
        .string()
        .regex(/^\d{4}-S[12]$/)
        .transform((value) => value as Period),
      completion: z.enum(Completion),
      narrative: text,
      /** Completion of milestones by position. */
      milestones: z.record(z.string().regex(/^\d+$/), z.enum(Completion)),
      /** Indicator values in the commitment's indicator order. */
      indicators: z.array(text),
      links: z.array(z.url()),
      /** A one-page PDF evidence file built from `text` (no binary file is committed). */
      file: z.strictObject({ name: text, text }).nullable(),
    }),
  ),
  practices: z.array(
    z.strictObject({
      id: slug,
      title: text,
      entity: text,
      territoryId: text,
      theme: text,
      whatWasDone: text,
      results: text,
      evidenceUrl: z.url().nullable(),
      commitmentNumbers: z.array(z.number().int().positive()),
      publish: z.boolean(),
    }),
  ),
});

const participation = z.strictObject({
  /** The demo plan's participation window around the first seeding (set once). */
  window: z.strictObject({ opensDaysAgo: count, closesInDays: count }),
  proposals: z.array(
    z.strictObject({
      key: slug,
      author: email,
      /** On behalf of the author's first organisation. */
      onBehalf: z.boolean(),
      title: text,
      body: text,
      /** The demo plan's theme by position (from 0). */
      theme: count,
      territoryId: text.optional(),
    }),
  ),
  supports: z.array(z.strictObject({ by: email, proposals: z.array(slug) })),
  endorsements: z.array(z.strictObject({ by: email, proposal: slug, onBehalf: z.boolean() })),
  /** Comments in posting order; a reply is posted only when its parent was. */
  comments: z.array(
    z.strictObject({
      key: slug,
      by: email,
      proposal: slug,
      body: text,
      stance: z.enum(Stance),
      parent: slug.optional(),
    }),
  ),
  /** Reasoned responses, given only to proposals still awaiting one. */
  responses: z.array(
    z.strictObject({
      proposal: slug,
      by: email,
      status: z.enum(RESPONSE_STATUSES),
      reason: text.optional(),
      /** The n-th demo commitment (from 1) it feeds; the response is left out when there is none. */
      commitment: z.number().int().positive().optional(),
    }),
  ),
});

const FILES = {
  territories: ["territories.json", territories],
  organizations: ["organizations.json", organizations],
  plans: ["plans.json", plans],
  demoPlan: ["demo-plan.json", demoPlan],
  accounts: ["accounts.json", accounts],
  forum: ["forum.json", forum],
  monitoring: ["monitoring.json", monitoring],
  participation: ["participation.json", participation],
} as const;

export type SeedData = { [K in keyof typeof FILES]: z.infer<(typeof FILES)[K][1]> };

function load<K extends keyof typeof FILES>(key: K): SeedData[K] {
  const [file, schema] = FILES[key];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(new URL(file, DATA_DIR), "utf8"));
  } catch (error) {
    throw new Error(`seed data ${file}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`seed data ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data as SeedData[K];
}

/**
 * Every reference from one record to another that does not resolve, and every place on the demo
 * teams its person cannot hold.
 */
function danglingReferences(data: SeedData): string[] {
  const problems: string[] = [];
  const check = (kind: string, known: Set<string>, value: string | null | undefined, where: string) => {
    if (value != null && !known.has(value)) problems.push(`${where}: unknown ${kind} ${value}`);
  };
  const territory = new Set(data.territories.map((t) => t.id));
  const organization = new Set(data.organizations.map((o) => o.slug));
  const account = new Set(data.accounts.accounts.map((a) => a.email));
  const member = new Set(data.forum.members.map((m) => m.id));
  const proposal = new Set(data.participation.proposals.map((p) => p.key));

  for (const t of data.territories) check("territory", territory, t.parentId, `territories.json ${t.id}`);
  for (const o of data.organizations) check("territory", territory, o.territoryId, `organizations.json ${o.slug}`);
  for (const p of data.plans.plans) check("territory", territory, p.territoryId, `plans.json ${p.id}`);
  const plan = new Set(data.plans.plans.map((p) => p.id));
  for (const { planId, commitments } of data.plans.sourcedCommitments) {
    check("plan", plan, planId, "plans.json sourcedCommitments");
    for (const c of commitments) {
      check("organisation", organization, c.lead, `plans.json ${planId} #${c.number}`);
      for (const a of c.supportingActors ?? [])
        check("organisation", organization, a.organization, `plans.json ${a.id}`);
    }
  }
  const themes = new Set(data.demoPlan.plan.themes);
  for (const c of data.demoPlan.commitments) {
    check("theme", themes, c.theme, `demo-plan.json ${c.id}`);
    check("organisation", organization, c.lead, `demo-plan.json ${c.id}`);
    for (const s of c.supporting) check("organisation", organization, s.organization, `demo-plan.json ${c.id}`);
  }
  for (const e of [
    ...data.demoPlan.team.map((m) => m.account),
    data.demoPlan.activity.openedBy,
    data.demoPlan.activity.draftedBy,
  ]) {
    check("account", account, e, "demo-plan.json");
  }
  // A co-lead for government comes from government, one for civil society from outside it.
  const sectorOf = new Map(data.organizations.map((o) => [o.slug, o.sector]));
  for (const { account: email, role } of data.demoPlan.team) {
    const person = data.accounts.accounts.find((a) => a.email === email);
    if (!person) continue;
    const sectors = data.accounts.memberships
      .filter((m) => m.account === email)
      .flatMap((m) => sectorOf.get(m.organization) ?? []);
    const refusal = teamRoleRefusal(role, { role: person.role, sectors });
    if (refusal) problems.push(`demo-plan.json team: ${email} cannot be ${role} (${refusal})`);
  }
  for (const a of data.accounts.accounts) check("territory", territory, a.territoryId, `accounts.json ${a.email}`);
  for (const m of data.accounts.memberships) {
    check("account", account, m.account, "accounts.json memberships");
    check("organisation", organization, m.organization, "accounts.json memberships");
  }
  check("account", account, data.forum.secretariat, "forum.json secretariat");
  check("account", account, data.forum.chair, "forum.json chair");
  for (const m of data.forum.members) {
    check("organisation", organization, m.organization, `forum.json ${m.id}`);
    check("territory", territory, m.regionId, `forum.json ${m.id}`);
    check("account", account, m.account, `forum.json ${m.id}`);
  }
  for (const s of data.forum.pastSessions) {
    for (const id of Object.keys(s.rollCall)) check("forum member", member, id, `forum.json «${s.title}» roll call`);
  }
  for (const e of Object.values(data.monitoring.actors)) check("account", account, e, "monitoring.json actors");
  for (const p of data.monitoring.practices) check("territory", territory, p.territoryId, `monitoring.json ${p.id}`);
  for (const p of data.participation.proposals) {
    check("account", account, p.author, `participation.json ${p.key}`);
    check("territory", territory, p.territoryId, `participation.json ${p.key}`);
  }
  for (const s of data.participation.supports) {
    check("account", account, s.by, "participation.json supports");
    for (const key of s.proposals) check("proposal", proposal, key, "participation.json supports");
  }
  for (const e of data.participation.endorsements) {
    check("account", account, e.by, "participation.json endorsements");
    check("proposal", proposal, e.proposal, "participation.json endorsements");
  }
  const posted = new Set<string>();
  for (const c of data.participation.comments) {
    check("account", account, c.by, `participation.json ${c.key}`);
    check("proposal", proposal, c.proposal, `participation.json ${c.key}`);
    check("earlier comment", posted, c.parent, `participation.json ${c.key}`);
    posted.add(c.key);
  }
  for (const r of data.participation.responses) {
    check("account", account, r.by, "participation.json responses");
    check("proposal", proposal, r.proposal, "participation.json responses");
  }
  return problems;
}

/** Reads and validates every seed data file; throws naming the file and field that is wrong. */
export function loadSeedData(): SeedData {
  const data = Object.fromEntries(Object.keys(FILES).map((key) => [key, load(key as keyof typeof FILES)])) as SeedData;
  const problems = danglingReferences(data);
  if (problems.length > 0)
    throw new Error(`seed data has dangling references or broken rules:\n- ${problems.join("\n- ")}`);
  return data;
}
