import type { Prisma } from "~/generated/prisma/client.ts";
import { isPostgresClient, prisma, type PrismaClient } from "~/utils/db.server.ts";
import {
  entryLeafHash,
  fromHex,
  nodesCompletedBy,
  nodesFor,
  rangeNodes,
  toHex,
  type Hash,
  type NodeGetter,
  type NodeId,
  type Range,
} from "./merkle.ts";

/**
 * The stored Merkle tree of the public record (docs/decisions/021): the perfect-subtree nodes of
 * `merkle.ts`, one row each in LedgerTreeNode, written in the transaction that appends the entry
 * completing them, so the tree and the chain commit together. Appends are already serialised (the
 * SQLite writer, the PostgreSQL advisory lock in `appendAct`), so the tree needs no lock of its own.
 */

type Db = PrismaClient | Prisma.TransactionClient;

/** The PostgreSQL advisory lock that serialises appends to the record (and so to its tree). */
export const LEDGER_APPEND_LOCK = 7425361;

/** How many leaves the stored tree holds: one past its last level-0 node. */
export async function storedTreeSize(db: Db = prisma()): Promise<number> {
  const last = await db.ledgerTreeNode.findFirst({
    where: { level: 0 },
    orderBy: { idx: "desc" },
    select: { idx: true },
  });
  return last ? last.idx + 1 : 0;
}

/** Reads the given nodes; throws if one is missing (the tree is shorter than asked). */
export async function readNodes(ids: readonly NodeId[], db: Db = prisma()): Promise<NodeGetter> {
  const found = new Map<string, Hash>();
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    if (chunk.length === 0) continue;
    const rows = await db.ledgerTreeNode.findMany({
      where: { OR: chunk.map((id) => ({ level: id.level, idx: id.index })) },
    });
    for (const row of rows) found.set(`${row.level}:${row.idx}`, fromHex(row.hash));
  }
  return (level, index) => {
    const hash = found.get(`${level}:${index}`);
    if (!hash) throw new Error(`the record's tree has no node ${level}:${index}`);
    return hash;
  };
}

/** A getter over exactly the nodes that the given ranges need. */
export async function nodesForRanges(ranges: readonly Range[], db: Db = prisma()): Promise<NodeGetter> {
  return readNodes(nodesFor(ranges), db);
}

/**
 * Adds the leaves of entries `from + 1 .. from + hashes.length` (entry hashes, hex) to a stored
 * tree of exactly `from` leaves: reads the tree's right edge once (the perfect subtrees of
 * [0, from), the only stored nodes new leaves can close over) and writes every completed node.
 */
async function writeLeaves(tx: Db, from: number, hashes: readonly string[]): Promise<void> {
  if (hashes.length === 0) return;
  const stored = await readNodes(from === 0 ? [] : rangeNodes({ start: 0, end: from }), tx);
  const written = new Map<string, Hash>();
  const node: NodeGetter = (level, index) => written.get(`${level}:${index}`) ?? stored(level, index);
  const rows: { level: number; idx: number; hash: string }[] = [];
  hashes.forEach((hash, i) => {
    for (const done of nodesCompletedBy(from + i, entryLeafHash(hash), node)) {
      written.set(`${done.level}:${done.index}`, done.hash);
      rows.push({ level: done.level, idx: done.index, hash: toHex(done.hash) });
    }
  });
  for (let i = 0; i < rows.length; i += 500) await tx.ledgerTreeNode.createMany({ data: rows.slice(i, i + 500) });
}

/**
 * Drops every node that covers a leaf at or beyond `size`. Only for a chain that became shorter
 * than its tree, which an append never does: someone deleted entries (a test resetting its rows,
 * or tampering, which the signed checkpoints expose: the tree is rebuilt from the chain as it is).
 */
async function truncateTree(tx: Db, size: number): Promise<void> {
  const levels = Array.from({ length: 32 }, (_, level) => ({ level, idx: { gte: Math.floor(size / 2 ** level) } }));
  await tx.ledgerTreeNode.deleteMany({ where: { OR: levels } });
}

/** Entry hashes of entries `from + 1 .. to`, in order. */
async function entryHashes(tx: Db, from: number, to: number): Promise<string[]> {
  const out: string[] = [];
  while (from + out.length < to) {
    const rows = await tx.ledgerEntry.findMany({
      where: { seq: { gt: from + out.length, lte: to } },
      orderBy: { seq: "asc" },
      select: { seq: true, hash: true },
      take: 2000,
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.seq !== from + out.length + 1) throw new Error(`the record has no entry ${from + out.length + 1}`);
      out.push(row.hash);
    }
  }
  if (from + out.length !== to) throw new Error(`the record has no entry ${from + out.length + 1}`);
  return out;
}

/**
 * Puts the entry `seq` (just written in `tx`) into the tree, in the same transaction. A tree that
 * is behind (a record older than the tree, migrated in) catches up first; one that is ahead of the
 * chain is cut back to it.
 */
export async function appendToTree(tx: Prisma.TransactionClient, entry: { seq: number; hash: string }): Promise<void> {
  const index = entry.seq - 1;
  let size = await storedTreeSize(tx);
  if (size > index) {
    await truncateTree(tx, index);
    size = await storedTreeSize(tx);
  }
  const behind = size < index ? await entryHashes(tx, size, index) : [];
  await writeLeaves(tx, size, [...behind, entry.hash]);
}

/**
 * Brings the stored tree up to the chain's head in transactions of its own (a record that predates
 * the tree, or a restored copy): run before signing a checkpoint. Serialised with appends.
 */
export async function catchUpTree(db: PrismaClient = prisma(), batch = 5000): Promise<number> {
  for (;;) {
    const done = await db.$transaction(
      async (tx) => {
        if (isPostgresClient(tx)) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${LEDGER_APPEND_LOCK})`);
        const head = await tx.ledgerEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
        const headSeq = head?.seq ?? 0;
        let size = await storedTreeSize(tx);
        if (size > headSeq) {
          await truncateTree(tx, headSeq);
          size = await storedTreeSize(tx);
        }
        const to = Math.min(headSeq, size + batch);
        await writeLeaves(tx, size, await entryHashes(tx, size, to));
        return to === headSeq ? to : null;
      },
      { maxWait: 15_000, timeout: 60_000 },
    );
    if (done !== null) return done;
  }
}
