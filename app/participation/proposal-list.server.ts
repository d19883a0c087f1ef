import type { Prisma } from "~/generated/prisma/client.ts";
import type { ProposalStatus, Sector } from "~/generated/prisma/enums.ts";
import { type PROPOSAL_SORTS } from "./forms.ts";
import { services } from "~/services.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { participationOpen } from "~/utils/permissions.server.ts";
import { normalizeText } from "./common.server.ts";
import { planWindowSelect } from "./proposals.server.ts";

// Listing proposals at any depth: the WHERE of a search (filters and every word of `q`), keyset
// cursors on indexes that hold every order with its tie-breakers, and totals cached 5 s per
// filter set (forgotten on local changes).
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

/** Forgets the cached totals (after a change to which proposals match which filters). */
export function forgetProposalTotals() {
  services().caches.proposalTotals.clear();
}

function countProposals(filters: ProposalFilters, where: Prisma.ProposalWhereInput): Promise<number> {
  const totals = services().caches.proposalTotals;
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
  const total = prisma().proposal.count({ where });
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
    prisma().proposal.findMany({
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
  const plans = await prisma().plan.findMany({
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
  return prisma().plan.findMany({
    where: { OR: [{ phase: "CO_CREATION" }, { proposals: { some: {} } }] },
    orderBy: { periodStart: "desc" },
    select: { id: true, name: true, themes: { orderBy: { position: "asc" }, select: { id: true, name: true } } },
  });
}

export async function territoriesForProposals() {
  return prisma().territory.findMany({
    where: { level: { in: ["COUNTRY", "DEPARTMENT"] } },
    orderBy: [{ level: "asc" }, { name: "asc" }],
    select: { id: true, name: true },
  });
}
