import { createHash, createHmac, randomBytes } from "node:crypto";
import type { Prisma, Sector } from "~/generated/prisma/client.ts";
import { canonicalJson } from "~/utils/canonical-json.ts";
import { isPostgresClient, prisma, type PrismaClient } from "~/utils/db.server.ts";

/**
 * The public record ("¿Quién propuso y respaldó qué?"): every act is appended to a hash-chained
 * log. Each entry's hash is the SHA-256 of the canonical JSON of its fields, which include the
 * previous entry's hash, so changing, deleting or reordering any stored entry breaks the chain
 * from that entry on, and `verifyLedger` names it.
 *
 * People are referenced by user id, never by name: names are looked up when the record is shown,
 * so erasing a person's data (Ley 29733) leaves the chain verifying. Votes are recorded under a
 * pseudonym (an HMAC of the voter and the subject with a server secret): counts can be checked
 * against the record without revealing who voted.
 */

/** The hash that precedes the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** Every kind of act the record holds. */
export const ACT_KINDS = [
  "proposal.published",
  "proposal.withdrawn",
  "proposal.status",
  "proposal.responded",
  "vote.cast",
  "vote.withdrawn",
  "endorsement.made",
  "endorsement.withdrawn",
  "comment.posted",
  "comment.edited",
  "comment.deleted",
  "comment.responded",
  "content.hidden",
  "content.restored",
  "commitment.status",
  "commitment.approved",
  "commitment.team_joined",
  "commitment.team_left",
  "forum.session.held",
  "forum.motion.decided",
  "forum.agreement.made",
  "forum.agreement.done",
  "forum.minutes.approved",
  "progress.reported",
  "practice.published",
  "account.erased",
  // The secretariat's workspace (docs/decisions/019).
  "plan.created",
  "plan.changed",
  "plan.phase",
  "plan.calendar",
  "plan.window",
  "commitment.created",
  "commitment.team_role",
  "organization.created",
  "organization.changed",
  "organization.verified",
  // Invitations (docs/decisions/025): by role, organisation and commitment, never an address.
  "invitation.sent",
  "invitation.accepted",
  // Second factor (docs/decisions/023): an administrator removed another person's lost factor.
  "account.second_factor_reset",
] as const;
export type ActKind = (typeof ACT_KINDS)[number];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

export type Act = {
  kind: ActKind;
  subjectType: string;
  subjectId: string;
  /** The person who acted, named in the record (omit for pseudonymous or system acts). */
  actorId?: string | null;
  /** A pseudonym instead of a name (see `votePseudonym`). */
  pseudonym?: string | null;
  sector?: Sector | null;
  /** Organisation on whose behalf the act was done. */
  orgId?: string | null;
  /** The commitment this act concerns or feeds (a proposal accepted into it, a forum agreement on it...). */
  commitmentId?: string | null;
  /** Details of the act: small, public, and without personal data beyond ids. */
  data?: { [key: string]: Json | undefined };
  /** Defaults to now. */
  at?: Date;
};

export type LedgerEntry = {
  seq: number;
  at: Date;
  kind: string;
  subjectType: string;
  subjectId: string;
  actorId: string | null;
  pseudonym: string | null;
  sector: Sector | null;
  orgId: string | null;
  commitmentId: string | null;
  data: string;
  prevHash: string;
  hash: string;
};

type Db = PrismaClient | Prisma.TransactionClient;

/** The SHA-256 (hex) an entry must carry, computed from its content and the previous hash. */
export function entryHash(entry: Omit<LedgerEntry, "hash">): string {
  const body = canonicalJson({
    seq: entry.seq,
    at: entry.at.toISOString(),
    kind: entry.kind,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    actorId: entry.actorId,
    pseudonym: entry.pseudonym,
    sector: entry.sector,
    orgId: entry.orgId,
    commitmentId: entry.commitmentId,
    data: entry.data,
    prevHash: entry.prevHash,
  });
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/**
 * Appends an act inside the caller's transaction, so the act and its record commit together or
 * not at all. Appends are serialised: on SQLite the transaction holds the only writer; on
 * PostgreSQL an advisory lock does; the unique `prevHash` makes a fork impossible either way.
 */
export async function appendAct(tx: Prisma.TransactionClient, act: Act): Promise<LedgerEntry> {
  if (isPostgresClient(tx)) await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(7425361)");
  const head = await tx.ledgerEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const full = nextEntry(head, act);
  await tx.ledgerEntry.create({ data: full });
  return full;
}

/**
 * The entry that follows `head` (null for the first) for an act, with its hash. For a caller that
 * writes it itself inside its own transaction, having read the head in that transaction.
 */
export function nextEntry(head: { seq: number; hash: string } | null, act: Act): LedgerEntry {
  const entry: Omit<LedgerEntry, "hash"> = {
    seq: (head?.seq ?? 0) + 1,
    // Millisecond precision, as every database stores it.
    at: new Date(Math.floor((act.at ?? new Date()).getTime())),
    kind: act.kind,
    subjectType: act.subjectType,
    subjectId: act.subjectId,
    actorId: act.actorId ?? null,
    pseudonym: act.pseudonym ?? null,
    sector: act.sector ?? null,
    orgId: act.orgId ?? null,
    commitmentId: act.commitmentId ?? null,
    data: canonicalJson(act.data ?? {}),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...entry, hash: entryHash(entry) };
}

/** Appends an act in a transaction of its own. */
export async function recordAct(act: Act, db: PrismaClient = prisma()): Promise<LedgerEntry> {
  return db.$transaction((tx) => appendAct(tx, act), LEDGER_TRANSACTION);
}

/**
 * Transaction options for acts: appends queue behind one another (on PostgreSQL, on the advisory
 * lock), so a burst needs longer than Prisma's default 2 s to get a connection and finish.
 */
export const LEDGER_TRANSACTION = { maxWait: 15_000, timeout: 15_000 } as const;

const PSEUDONYM_SECRET = "ledger-pseudonym-key";
let cachedKey: { db: Db; key: string } | null = null;

async function pseudonymKey(db: Db): Promise<string> {
  if (cachedKey?.db === db) return cachedKey.key;
  let existing = await db.appSecret.findUnique({ where: { name: PSEUDONYM_SECRET } });
  if (!existing) {
    // The first acts on a new database may race to create the key (concurrent first votes, or
    // several nodes): one insert wins, the others hit the unique name, and everyone reads the
    // winner. (Prisma's upsert reads then inserts, so it races the same way on PostgreSQL.)
    try {
      await db.appSecret.create({ data: { name: PSEUDONYM_SECRET, value: randomBytes(32).toString("hex") } });
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
    existing = await db.appSecret.findUniqueOrThrow({ where: { name: PSEUDONYM_SECRET } });
  }
  cachedKey = { db, key: existing.value };
  return existing.value;
}

/**
 * The pseudonym under which a person's vote on one subject is recorded: stable for that person
 * and subject (so a withdrawal matches its vote), unlinkable across subjects and to the person
 * without the server's secret.
 */
export async function votePseudonym(userId: string, subjectId: string, db: Db = prisma()): Promise<string> {
  const key = await pseudonymKey(db);
  return createHmac("sha256", key).update(`${userId}\u0000${subjectId}`).digest("hex").slice(0, 32);
}

export type VerifyResult =
  | { ok: true; count: number; head: { seq: number; hash: string; at: Date } | null }
  | { ok: false; count: number; broken: { seq: number; position: number; reason: string } };

/**
 * Walks the whole chain in order and checks each entry: its position (no gap, no reordering),
 * the previous hash it carries, and its own hash. Reads in pages so memory stays flat.
 */
export async function verifyLedger(db: PrismaClient = prisma(), pageSize = 2000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let head: { seq: number; hash: string; at: Date } | null = null;
  for (;;) {
    const rows: LedgerEntry[] = await db.ledgerEntry.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: pageSize,
    });
    for (const row of rows) {
      const position = count + 1;
      if (row.seq !== expectedSeq) {
        return fail(row.seq, position, `expected entry ${expectedSeq}, found ${row.seq}: an entry is missing`);
      }
      if (row.prevHash !== prevHash) {
        return fail(row.seq, position, "its previous hash does not match the entry before it");
      }
      const { hash, ...rest } = row;
      if (entryHash(rest) !== hash) {
        return fail(row.seq, position, "its content does not match its hash");
      }
      prevHash = hash;
      expectedSeq += 1;
      count += 1;
      head = { seq: row.seq, hash: row.hash, at: row.at };
    }
    if (rows.length < pageSize) break;
  }
  // An entry below the walked range (a seq of 0 or less) is also tampering.
  const stray = await db.ledgerEntry.findFirst({ where: { seq: { lt: 1 } }, select: { seq: true } });
  if (stray) return fail(stray.seq, 0, "an entry sits outside the chain");
  return { ok: true, count, head };

  function fail(seq: number, position: number, reason: string): VerifyResult {
    return { ok: false, count, broken: { seq, position, reason } };
  }
}

/** The latest entry, for the public page's "latest verified head". */
export async function ledgerHead(db: PrismaClient = prisma()) {
  return db.ledgerEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true, at: true } });
}

/** Entries after a sequence number, oldest first, for the public API and open data. */
export async function ledgerPage(after: number, limit: number, db: PrismaClient = prisma()) {
  return db.ledgerEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: limit });
}

/** The record of one subject (a proposal, a commitment...), oldest first. */
export async function ledgerForSubject(subjectType: string, subjectId: string, db: PrismaClient = prisma()) {
  return db.ledgerEntry.findMany({ where: { subjectType, subjectId }, orderBy: { seq: "asc" } });
}
