import type { Prisma } from "~/generated/prisma/client.ts";
import type { ProposalStatus, Sector } from "~/generated/prisma/enums.ts";
import { REASONED_STATUSES, type PROPOSAL_SORTS, type RESPONSE_STATUSES } from "./forms.ts";
import { appendAct, votePseudonym, type Act } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can, participationOpen } from "~/utils/permissions.server.ts";
import { followerIds, follow, notify } from "./notifications.server.ts";
import {
  forbidden,
  invalid,
  isUniqueViolation,
  normalizeText,
  notFound,
  sectorOf,
  type Failure,
  type Participant,
} from "./common.server.ts";

// Proposals to a plan in co-creation, their supports (apoyos, one per person, private), their
// endorsements (adhesiones, public and named) and the government's reasoned response.
//
// Every change is authorised here with `can.*`, and every public act is appended to the public
// record in the same transaction as the change (a vote under the voter's pseudonym for the
// proposal). Counts are kept on the proposal in the same transaction, so the displayed count always
// equals the rows. Live rooms are told after the commit: `proposal:<id>` and `plan:<id>`.

export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

export type ProposalFilters = {
  planId?: string;
  status?: ProposalStatus;
  themeId?: string;
  territoryId?: string;
  sector?: Sector;
  q?: string;
  sort?: ProposalSort;
  page?: number;
  pageSize?: number;
};

const planWindowSelect = {
  id: true,
  name: true,
  phase: true,
  isDemo: true,
  participationOpensAt: true,
  participationClosesAt: true,
} as const;

function announce(proposal: { id: string; planId: string }, type: string, payload?: unknown) {
  publish(`proposal:${proposal.id}`, type, payload);
  publish(`plan:${proposal.planId}`, `proposal.${type}`, { proposalId: proposal.id });
}

/** The WHERE of a proposal search: filters, and every word of `q` in the normalised text. */
export function proposalWhere(filters: ProposalFilters): Prisma.ProposalWhereInput {
  const words = filters.q ? normalizeText(filters.q).split(" ").filter(Boolean).slice(0, 8) : [];
  return {
    ...(filters.planId ? { planId: filters.planId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.themeId ? { themeId: filters.themeId } : {}),
    ...(filters.territoryId ? { territoryId: filters.territoryId } : {}),
    ...(filters.sector ? { authorSector: filters.sector } : {}),
    ...(words.length > 0 ? { AND: words.map((word) => ({ searchText: { contains: word } })) } : {}),
  };
}

/** Each order's keys, most significant first; all descending, and `id` makes every key unique. */
const ORDER_KEYS = {
  support: ["voteCount", "createdAt", "id"],
  recent: ["createdAt", "id"],
  discussion: ["commentCount", "createdAt", "id"],
} as const satisfies Record<ProposalSort, readonly string[]>;

type OrderKey = "voteCount" | "commentCount" | "createdAt" | "id";
type KeyValue = number | Date | string;

/**
 * A position in a list, for keyset (cursor) pagination: the order, the direction (`n`: the page
 * after this row, `p`: the page before it), the boundary row's order keys, and the index of the
 * first row of the page it leads to (only to show "21–40 of 10,006"). Sent as base64url JSON:
 * opaque to clients, and checked field by field when it comes back.
 */
type Cursor = { sort: ProposalSort; dir: "n" | "p"; keys: KeyValue[]; start: number };

/** A cursor that is not one we made (or not for this order): the caller answers 400. */
export class InvalidCursorError extends Error {
  constructor() {
    super("Invalid cursor");
    this.name = "InvalidCursorError";
  }
}

const MAX_CURSOR_LENGTH = 400;
const MAX_START = 10_000_000;

function encodeCursor(cursor: Cursor): string {
  const keys = cursor.keys.map((k) => (k instanceof Date ? k.toISOString() : k));
  return Buffer.from(JSON.stringify([1, cursor.sort, cursor.dir, cursor.start, ...keys]), "utf8").toString("base64url");
}

/** The cursor, or InvalidCursorError when it is malformed or belongs to another order. */
export function decodeCursor(raw: string, sort: ProposalSort): Cursor {
  if (raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed)) throw new InvalidCursorError();
  const [version, cursorSort, dir, start, ...values] = parsed as unknown[];
  const names = ORDER_KEYS[sort];
  if (
    version !== 1 ||
    cursorSort !== sort ||
    (dir !== "n" && dir !== "p") ||
    !Number.isSafeInteger(start) ||
    (start as number) < 0 ||
    (start as number) > MAX_START ||
    values.length !== names.length
  ) {
    throw new InvalidCursorError();
  }
  const keys = names.map((name, i): KeyValue => {
    const value = values[i];
    if (name === "id") {
      if (typeof value !== "string" || value.length === 0 || value.length > 64) throw new InvalidCursorError();
      return value;
    }
    if (name === "createdAt") {
      const date = typeof value === "string" && value.length <= 40 ? new Date(value) : null;
      if (!date || Number.isNaN(date.getTime())) throw new InvalidCursorError();
      return date;
    }
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw new InvalidCursorError();
    return value as number;
  });
  return { sort, dir, keys, start: start as number };
}

/**
 * Rows strictly after (`n`) or before (`p`) the boundary in the order: a range on the first key
 * (so the database seeks in the order's index) and the exact lexicographic comparison.
 */
function keysetWhere(cursor: Cursor): Prisma.ProposalWhereInput {
  const names = ORDER_KEYS[cursor.sort] as readonly OrderKey[];
  const strict = cursor.dir === "n" ? "lt" : "gt";
  const loose = cursor.dir === "n" ? "lte" : "gte";
  const branches = names.map((name, i) => ({
    ...Object.fromEntries(names.slice(0, i).map((earlier, j) => [earlier, cursor.keys[j]])),
    [name]: { [strict]: cursor.keys[i] },
  }));
  return { AND: [{ [names[0]!]: { [loose]: cursor.keys[0] } }, { OR: branches }] };
}

function orderBy(sort: ProposalSort, dir: "desc" | "asc"): Prisma.ProposalOrderByWithRelationInput[] {
  return ORDER_KEYS[sort].map((name) => ({ [name]: dir }));
}

// The total for a set of filters, kept a few seconds (a count walks an index of up to every
// proposal; a search, the table): this node forgets them when a proposal is published, withdrawn
// or changes status here; another node's changes show within COUNT_TTL_MS.
const COUNT_TTL_MS = 5_000;
const COUNT_CACHE_MAX = 500;
const totals = new Map<string, { at: number; total: Promise<number> }>();

/** Forgets the cached totals (after a change to which proposals match which filters). */
export function forgetProposalTotals() {
  totals.clear();
}

function countProposals(filters: ProposalFilters, where: Prisma.ProposalWhereInput): Promise<number> {
  const key = JSON.stringify([
    filters.planId,
    filters.status,
    filters.themeId,
    filters.territoryId,
    filters.sector,
    filters.q ? normalizeText(filters.q) : null,
  ]);
  const now = Date.now();
  const cached = totals.get(key);
  if (cached && now - cached.at < COUNT_TTL_MS) return cached.total;
  if (totals.size >= COUNT_CACHE_MAX) totals.clear();
  const total = prisma.proposal.count({ where });
  totals.set(key, { at: now, total });
  total.catch(() => totals.delete(key));
  return total;
}

const listSelect = {
  id: true,
  title: true,
  status: true,
  createdAt: true,
  voteCount: true,
  endorsementCount: true,
  commentCount: true,
  authorSector: true,
  plan: { select: { id: true, name: true } },
  theme: { select: { id: true, name: true } },
  territory: { select: { id: true, name: true } },
  author: { select: { name: true } },
  organization: { select: { name: true, slug: true, sector: true } },
} as const;

/**
 * One page of proposals and the total matching. With `cursor` (from a previous page's
 * `nextCursor`/`prevCursor`) the page is an index seek after or before that row (keyset
 * pagination: the same cost at any depth, stable when proposals arrive); with `page` (the older
 * links) it is an offset on the same index. Either way the answer carries the cursors of the pages
 * around it. Throws InvalidCursorError for a cursor we did not make.
 */
export async function listProposals(filters: ProposalFilters & { cursor?: string }) {
  const pageSize = Math.min(Math.max(filters.pageSize ?? 20, 1), 100);
  const sort = filters.sort ?? "recent";
  const cursor = filters.cursor ? decodeCursor(filters.cursor, sort) : null;
  const page = cursor ? null : Math.max(1, Math.floor(filters.page ?? 1));
  const where = proposalWhere(filters);
  const [total, fetched] = await Promise.all([
    countProposals(filters, where),
    prisma.proposal.findMany({
      where: cursor ? { AND: [where, keysetWhere(cursor)] } : where,
      orderBy: orderBy(sort, cursor?.dir === "p" ? "asc" : "desc"),
      ...(page ? { skip: (page - 1) * pageSize } : {}),
      take: pageSize + 1,
      select: listSelect,
    }),
  ]);
  const more = fetched.length > pageSize;
  let rows = fetched.slice(0, pageSize);
  let start: number;
  let hasBefore: boolean;
  let hasAfter: boolean;
  if (cursor?.dir === "p") {
    rows = rows.reverse();
    // Fewer rows than asked before the boundary: this is the first page, whatever the cursor said.
    start = more ? cursor.start : 0;
    hasBefore = more;
    hasAfter = true;
  } else {
    start = cursor ? cursor.start : (page! - 1) * pageSize;
    hasBefore = start > 0;
    hasAfter = more;
  }
  const keysOf = (row: (typeof rows)[number]) => ORDER_KEYS[sort].map((name) => row[name]);
  const first = rows[0];
  const last = rows.at(-1);
  return {
    items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    /** The legacy page number (offset pagination), null when the page was reached by cursor. */
    page,
    pageSize,
    total,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    /** 1-based position of the first row shown (0 when there are none). */
    from: rows.length > 0 ? Math.min(start + 1, total) : 0,
    to: rows.length > 0 ? Math.min(start + rows.length, total) : 0,
    nextCursor:
      hasAfter && last ? encodeCursor({ sort, dir: "n", keys: keysOf(last), start: start + rows.length }) : null,
    prevCursor:
      hasBefore && first
        ? encodeCursor({ sort, dir: "p", keys: keysOf(first), start: Math.max(0, start - pageSize) })
        : null,
  };
}

/** Plans that take proposals (in co-creation), with their themes, for the form and the filters. */
export async function plansForProposals() {
  const plans = await prisma.plan.findMany({
    where: { phase: "CO_CREATION" },
    orderBy: { periodStart: "desc" },
    select: { ...planWindowSelect, themes: { orderBy: { position: "asc" }, select: { id: true, name: true } } },
  });
  return plans.map((p) => ({
    ...p,
    participationOpensAt: p.participationOpensAt?.toISOString() ?? null,
    participationClosesAt: p.participationClosesAt?.toISOString() ?? null,
    participationOpen: participationOpen(p),
  }));
}

/** The plans that have proposals, or take them, for the list's filter. */
export async function plansWithProposals() {
  return prisma.plan.findMany({
    where: { OR: [{ phase: "CO_CREATION" }, { proposals: { some: {} } }] },
    orderBy: { periodStart: "desc" },
    select: { id: true, name: true, themes: { orderBy: { position: "asc" }, select: { id: true, name: true } } },
  });
}

export async function territoriesForProposals() {
  return prisma.territory.findMany({
    where: { level: { in: ["COUNTRY", "DEPARTMENT"] } },
    orderBy: [{ level: "asc" }, { name: "asc" }],
    select: { id: true, name: true },
  });
}

/** A proposal with everything its page and the API show; null when unknown. */
export async function getProposal(id: string) {
  const p = await prisma.proposal.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      body: true,
      status: true,
      authorId: true,
      authorSector: true,
      responseReason: true,
      respondedAt: true,
      respondedById: true,
      createdAt: true,
      updatedAt: true,
      voteCount: true,
      endorsementCount: true,
      commentCount: true,
      planId: true,
      plan: { select: planWindowSelect },
      theme: { select: { id: true, name: true } },
      territory: { select: { id: true, name: true } },
      author: { select: { name: true } },
      organization: { select: { id: true, name: true, slug: true, sector: true } },
      commitment: { select: { id: true, number: true, title: true, titleEn: true } },
      endorsements: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          userId: true,
          organizationId: true,
          sector: true,
          createdAt: true,
          user: { select: { name: true } },
          organization: { select: { name: true, slug: true, sector: true } },
        },
      },
    },
  });
  if (!p) return null;
  const [bySector, responder] = await Promise.all([
    prisma.proposalVote.groupBy({ by: ["sector"], where: { proposalId: id }, _count: { _all: true } }),
    p.respondedById ? prisma.user.findUnique({ where: { id: p.respondedById }, select: { name: true } }) : null,
  ]);
  const { plan, respondedById: _responder, ...rest } = p;
  return {
    ...rest,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    respondedAt: p.respondedAt?.toISOString() ?? null,
    responderName: responder?.name ?? null,
    plan: {
      ...plan,
      participationOpensAt: plan.participationOpensAt?.toISOString() ?? null,
      participationClosesAt: plan.participationClosesAt?.toISOString() ?? null,
      participationOpen: participationOpen(plan),
    },
    votesBySector: votesBySector(bySector),
    endorsements: p.endorsements.map((e) => ({
      id: e.id,
      userId: e.userId,
      name: e.user.name,
      organization: e.organization ? { id: e.organizationId, ...e.organization } : null,
      sector: e.sector,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}

export type ProposalDetail = NonNullable<Awaited<ReturnType<typeof getProposal>>>;

/** Votes by sector, every sector listed (people without a sector under "NONE"). */
function votesBySector(rows: { sector: Sector | null; _count: { _all: number } }[]) {
  const counts: Record<Sector | "NONE", number> = {
    CIVIL_SOCIETY: 0,
    PUBLIC_SECTOR: 0,
    PRIVATE_SECTOR: 0,
    ACADEMIA: 0,
    NONE: 0,
  };
  for (const row of rows) counts[row.sector ?? "NONE"] += row._count._all;
  return counts;
}

/** What the viewer may do on a proposal and has done. */
export async function viewerState(proposal: ProposalDetail, actor: Participant | null) {
  if (!actor) {
    return { voted: false, endorsedAs: [] as string[], canWithdraw: false, canRespond: false, canVote: false };
  }
  const vote = await prisma.proposalVote.findUnique({
    where: { proposalId_userId: { proposalId: proposal.id, userId: actor.id } },
    select: { userId: true },
  });
  return {
    voted: vote !== null,
    endorsedAs: proposal.endorsements.filter((e) => e.userId === actor.id).map((e) => e.organization?.id ?? ""),
    canWithdraw: can.withdrawProposal(actor, proposal),
    canRespond: can.respondToContribution(actor) && proposal.status !== "WITHDRAWN",
    canVote: can.supportProposal(actor, proposal, proposal.plan),
  };
}

export type NewProposal = {
  planId: string;
  title: string;
  body: string;
  themeId?: string;
  territoryId?: string;
  organizationId?: string;
  submissionKey?: string;
};

/** Publishes a proposal; a resubmission with the same key returns the first one. */
export async function publishProposal(
  actor: Participant | null,
  input: NewProposal,
): Promise<{ ok: true; id: string; created: boolean } | Failure> {
  if (!actor) return forbidden;
  if (input.submissionKey) {
    const existing = await prisma.proposal.findUnique({
      where: { submissionKey: input.submissionKey },
      select: { id: true, authorId: true },
    });
    if (existing && existing.authorId === actor.id) return { ok: true, id: existing.id, created: false };
    if (existing) return invalid("participation.errors.duplicateSubmission");
  }
  const plan = await prisma.plan.findUnique({ where: { id: input.planId }, select: planWindowSelect });
  if (!plan) return invalid("participation.errors.planRequired");
  if (plan.phase !== "CO_CREATION") return invalid("participation.errors.planNotInCoCreation");
  if (!can.publishProposal(actor, plan, input.organizationId)) return forbidden;
  if (input.themeId) {
    const theme = await prisma.theme.findFirst({ where: { id: input.themeId, planId: plan.id }, select: { id: true } });
    if (!theme) return invalid("participation.errors.themeInvalid");
  }
  if (input.territoryId) {
    const territory = await prisma.territory.findUnique({ where: { id: input.territoryId }, select: { id: true } });
    if (!territory) return invalid("participation.errors.territoryInvalid");
  }
  const sector = sectorOf(actor, input.organizationId);
  try {
    const proposal = await prisma.$transaction(async (tx) => {
      const created = await tx.proposal.create({
        data: {
          planId: plan.id,
          authorId: actor.id,
          organizationId: input.organizationId ?? null,
          authorSector: sector,
          themeId: input.themeId ?? null,
          territoryId: input.territoryId ?? null,
          title: input.title,
          body: input.body,
          searchText: normalizeText(`${input.title} ${input.body}`),
          submissionKey: input.submissionKey ?? null,
        },
        select: { id: true, planId: true },
      });
      await appendAct(tx, {
        kind: "proposal.published",
        subjectType: "proposal",
        subjectId: created.id,
        actorId: actor.id,
        sector,
        orgId: input.organizationId ?? null,
        data: { planId: plan.id },
      });
      return created;
    });
    forgetProposalTotals();
    await follow(actor.id, { type: "proposal", id: proposal.id });
    publish(`plan:${plan.id}`, "proposal.published", { proposalId: proposal.id });
    return { ok: true, id: proposal.id, created: true };
  } catch (error) {
    if (input.submissionKey && isUniqueViolation(error)) {
      const existing = await prisma.proposal.findUnique({
        where: { submissionKey: input.submissionKey },
        select: { id: true, authorId: true },
      });
      if (existing?.authorId === actor.id) return { ok: true, id: existing.id, created: false };
    }
    throw error;
  }
}

async function proposalForAct(id: string) {
  return prisma.proposal.findUnique({
    where: { id },
    select: {
      id: true,
      planId: true,
      title: true,
      authorId: true,
      status: true,
      commitmentId: true,
      plan: { select: planWindowSelect },
    },
  });
}

/** The author withdraws their proposal (before it is answered). */
export async function withdrawProposal(actor: Participant | null, id: string): Promise<{ ok: true } | Failure> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor || actor.id !== p.authorId) return forbidden;
  if (!can.withdrawProposal(actor, p)) return invalid("participation.errors.cannotWithdraw");
  const moved = await prisma.$transaction(async (tx) => {
    const result = await tx.proposal.updateMany({
      where: { id, status: p.status },
      data: { status: "WITHDRAWN" },
    });
    if (result.count > 0) {
      await appendAct(tx, {
        kind: "proposal.withdrawn",
        subjectType: "proposal",
        subjectId: id,
        actorId: actor.id,
        sector: sectorOf(actor),
        data: { from: p.status },
      });
    }
    return result.count;
  });
  if (moved === 0) return invalid("participation.errors.cannotWithdraw");
  forgetProposalTotals();
  announce(p, "status", { status: "WITHDRAWN" });
  await notify(
    await followerIds({ type: "proposal", id }),
    { kind: "status", link: `/propuestas/${id}`, text: p.title, proposalId: id },
    actor.id,
  );
  return { ok: true };
}

export type ProposalResponse = {
  status: (typeof RESPONSE_STATUSES)[number];
  reason?: string;
  commitmentId?: string;
};

/**
 * The plan's team answers a proposal: under evaluation, or accepted / partly accepted (with the
 * commitment of the same plan it became or fed) / not accepted, each of those three with a reason.
 */
export async function respondToProposal(
  actor: Participant | null,
  id: string,
  response: ProposalResponse,
): Promise<{ ok: true } | Failure> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor || !can.respondToContribution(actor)) return forbidden;
  if (p.status === "WITHDRAWN") return invalid("participation.errors.withdrawn");
  const reasoned = (REASONED_STATUSES as readonly string[]).includes(response.status);
  const reason = response.reason?.trim() ?? "";
  if (reasoned && reason.length < 10) return invalid("participation.errors.reasonRequired");
  const linksCommitment = response.status === "ACCEPTED" || response.status === "PARTLY_ACCEPTED";
  let commitmentId: string | null = null;
  if (linksCommitment) {
    const commitment = response.commitmentId
      ? await prisma.commitment.findFirst({
          where: { id: response.commitmentId, planId: p.planId },
          select: { id: true },
        })
      : null;
    if (!commitment) return invalid("participation.errors.commitmentRequired");
    commitmentId = commitment.id;
  }
  const now = new Date();
  const moved = await prisma.$transaction(async (tx) => {
    const result = await tx.proposal.updateMany({
      where: { id, status: p.status },
      data: {
        status: response.status,
        responseReason: reasoned ? reason : null,
        respondedAt: reasoned ? now : null,
        respondedById: reasoned ? actor.id : null,
        commitmentId,
      },
    });
    if (result.count > 0) {
      await appendAct(tx, {
        kind: reasoned ? "proposal.responded" : "proposal.status",
        subjectType: "proposal",
        subjectId: id,
        actorId: actor.id,
        sector: sectorOf(actor),
        commitmentId,
        data: { from: p.status, to: response.status, ...(reasoned ? { reason } : {}) },
        at: now,
      });
    }
    return result.count;
  });
  if (moved === 0) return invalid("participation.errors.concurrentChange");
  forgetProposalTotals();
  announce(p, "status", { status: response.status });
  if (commitmentId) publish(`commitment:${commitmentId}`, "proposal.linked", { proposalId: id });
  await notify(
    [p.authorId, ...(await followerIds({ type: "proposal", id }))],
    { kind: reasoned ? "response" : "status", link: `/propuestas/${id}`, text: p.title, proposalId: id },
    actor.id,
  );
  return { ok: true };
}

export type VoteResult = { ok: true; changed: boolean; voteCount: number } | Failure;

async function currentVoteCount(id: string): Promise<number> {
  const row = await prisma.proposal.findUnique({ where: { id }, select: { voteCount: true } });
  return row?.voteCount ?? 0;
}

/**
 * Supports a proposal: one vote per person, enforced by the primary key (proposal, person); a
 * second, concurrent or retried vote changes nothing and answers like the first.
 */
export async function castVote(actor: Participant | null, id: string): Promise<VoteResult> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor) return forbidden;
  if (!can.supportProposal(actor, p, p.plan)) {
    return participationOpen(p.plan) ? invalid("participation.errors.withdrawn") : { ok: false, error: "closed" };
  }
  const sector = sectorOf(actor);
  const pseudonym = await votePseudonym(actor.id, id);
  const act: Act = {
    kind: "vote.cast",
    subjectType: "proposal",
    subjectId: id,
    pseudonym,
    sector,
    commitmentId: p.commitmentId,
  };
  try {
    const voteCount = await prisma.$transaction(async (tx) => {
      await tx.proposalVote.create({ data: { proposalId: id, userId: actor.id, sector } });
      const updated = await tx.proposal.update({
        where: { id },
        data: { voteCount: { increment: 1 } },
        select: { voteCount: true },
      });
      await appendAct(tx, act);
      return updated.voteCount;
    });
    announce(p, "votes", { voteCount });
    return { ok: true, changed: true, voteCount };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ok: true, changed: false, voteCount: await currentVoteCount(id) };
  }
}

/** Withdraws one's support, while the window is open; withdrawing twice changes nothing. */
export async function withdrawVote(actor: Participant | null, id: string): Promise<VoteResult> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor) return forbidden;
  if (!participationOpen(p.plan)) return { ok: false, error: "closed" };
  const pseudonym = await votePseudonym(actor.id, id);
  const result = await prisma.$transaction(async (tx) => {
    const removed = await tx.proposalVote.deleteMany({ where: { proposalId: id, userId: actor.id } });
    if (removed.count === 0) return null;
    const updated = await tx.proposal.update({
      where: { id },
      data: { voteCount: { decrement: removed.count } },
      select: { voteCount: true },
    });
    await appendAct(tx, {
      kind: "vote.withdrawn",
      subjectType: "proposal",
      subjectId: id,
      pseudonym,
      sector: sectorOf(actor),
      commitmentId: p.commitmentId,
    });
    return updated.voteCount;
  });
  if (result === null) return { ok: true, changed: false, voteCount: await currentVoteCount(id) };
  announce(p, "votes", { voteCount: result });
  return { ok: true, changed: true, voteCount: result };
}

/** A named endorsement, as oneself or on behalf of an organisation where one holds a role. */
export async function endorse(
  actor: Participant | null,
  id: string,
  organizationId?: string | null,
): Promise<{ ok: true; changed: boolean } | Failure> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor) return forbidden;
  if (p.status === "WITHDRAWN") return invalid("participation.errors.withdrawn");
  if (!can.endorseProposal(actor, p, organizationId)) return forbidden;
  const sector = sectorOf(actor, organizationId);
  try {
    await prisma.$transaction(async (tx) => {
      await tx.endorsement.create({
        data: {
          proposalId: id,
          userId: actor.id,
          organizationId: organizationId ?? null,
          organizationKey: organizationId ?? "",
          sector,
        },
      });
      await tx.proposal.update({ where: { id }, data: { endorsementCount: { increment: 1 } } });
      await appendAct(tx, {
        kind: "endorsement.made",
        subjectType: "proposal",
        subjectId: id,
        actorId: actor.id,
        sector,
        orgId: organizationId ?? null,
        commitmentId: p.commitmentId,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: true, changed: false };
    throw error;
  }
  announce(p, "endorsements");
  return { ok: true, changed: true };
}

/** Withdraws one's endorsement (as oneself or for the organisation). */
export async function withdrawEndorsement(
  actor: Participant | null,
  id: string,
  organizationId?: string | null,
): Promise<{ ok: true; changed: boolean } | Failure> {
  const p = await proposalForAct(id);
  if (!p) return notFound;
  if (!actor) return forbidden;
  const changed = await prisma.$transaction(async (tx) => {
    const removed = await tx.endorsement.deleteMany({
      where: { proposalId: id, userId: actor.id, organizationKey: organizationId ?? "" },
    });
    if (removed.count === 0) return false;
    await tx.proposal.update({ where: { id }, data: { endorsementCount: { decrement: removed.count } } });
    await appendAct(tx, {
      kind: "endorsement.withdrawn",
      subjectType: "proposal",
      subjectId: id,
      actorId: actor.id,
      sector: sectorOf(actor, organizationId),
      orgId: organizationId ?? null,
      commitmentId: p.commitmentId,
    });
    return true;
  });
  if (changed) announce(p, "endorsements");
  return { ok: true, changed };
}

/** The proposals that became or fed a commitment, for the commitment's page. */
export async function proposalsForCommitment(commitmentId: string) {
  const rows = await prisma.proposal.findMany({
    where: { commitmentId },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, status: true, voteCount: true },
  });
  return rows;
}

/**
 * A plan's response rate and pending items, oldest first: its proposals (not withdrawn) and the
 * anchored comments on its commitment drafts. Answered means a reasoned response.
 */
export async function responseStats(planId: string, pendingLimit = 20) {
  const [proposals, answeredProposals, pendingProposals, comments, answeredComments, pendingComments] =
    await Promise.all([
      prisma.proposal.count({ where: { planId, status: { not: "WITHDRAWN" } } }),
      prisma.proposal.count({ where: { planId, status: { in: [...REASONED_STATUSES] } } }),
      prisma.proposal.findMany({
        where: { planId, status: { in: ["PUBLISHED", "UNDER_EVALUATION"] } },
        orderBy: { createdAt: "asc" },
        take: pendingLimit,
        select: { id: true, title: true, status: true, createdAt: true },
      }),
      prisma.comment.count({ where: anchoredWhere(planId) }),
      prisma.comment.count({ where: { ...anchoredWhere(planId), responseStatus: { not: null } } }),
      prisma.comment.findMany({
        where: { ...anchoredWhere(planId), responseStatus: null },
        orderBy: { createdAt: "asc" },
        take: pendingLimit,
        select: {
          id: true,
          body: true,
          anchorQuote: true,
          createdAt: true,
          commitment: { select: { id: true, number: true } },
        },
      }),
    ]);
  const total = proposals + comments;
  const answered = answeredProposals + answeredComments;
  const pending = [
    ...pendingProposals.map((p) => ({
      type: "proposal" as const,
      id: p.id,
      text: p.title,
      status: p.status as string,
      createdAt: p.createdAt.toISOString(),
      link: `/propuestas/${p.id}`,
    })),
    ...pendingComments.map((c) => ({
      type: "comment" as const,
      id: c.id,
      text: c.anchorQuote ?? c.body,
      status: "PENDING",
      createdAt: c.createdAt.toISOString(),
      link: `/compromisos/${c.commitment?.id ?? ""}/comentarios#comentario-${c.id}`,
    })),
  ]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .slice(0, pendingLimit);
  return {
    total,
    answered,
    rate: total === 0 ? null : answered / total,
    proposals: { total: proposals, answered: answeredProposals },
    comments: { total: comments, answered: answeredComments },
    /** How many contributions await a reasoned response (the list holds the oldest ones). */
    pendingCount: total - answered,
    pending,
  };
}

function anchoredWhere(planId: string): Prisma.CommentWhereInput {
  return {
    commitment: { planId },
    anchorField: { not: null },
    parentId: null,
    deletedAt: null,
    hiddenAt: null,
  };
}

/** The organisations a person may act for (where they hold a role), for the endorsement form. */
export async function actingOrganizations(actor: Participant | null) {
  if (!actor || actor.memberships.length === 0) return [] as { id: string; name: string; sector: Sector }[];
  return prisma.organization.findMany({
    where: { id: { in: actor.memberships.map((m) => m.organizationId) } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, sector: true },
  });
}

type CommitmentOption = { id: string; number: number; title: string | null; titleEn: string | null };

/** A plan's commitments, for linking an accepted proposal. */
export async function planCommitments(planId: string): Promise<CommitmentOption[]> {
  return prisma.commitment.findMany({
    where: { planId },
    orderBy: { number: "asc" },
    select: { id: true, number: true, title: true, titleEn: true },
  });
}

export async function noCommitments(): Promise<CommitmentOption[]> {
  return [];
}

/** Whether a proposal with this id exists (published or not). */
export async function proposalExists(id: string): Promise<boolean> {
  return (await prisma.proposal.findUnique({ where: { id }, select: { id: true } })) !== null;
}
