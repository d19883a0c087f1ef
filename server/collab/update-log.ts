import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import type { Statement, Transaction } from "better-sqlite3";
import type { Sector } from "../../app/generated/prisma/enums.ts";
import { prisma, sqliteConnection, type SqliteDatabase } from "../../app/utils/db.server.ts";
import { recordAuthor } from "./authors.ts";

// The append-only log of a room's updates (CollabUpdate) and the owners of the client ids they
// introduce (CollabAuthor), behind one small interface so the storage can change without touching
// the rooms:
//
// - SqliteUpdateLog (the default on SQLite): prepared better-sqlite3 statements in one
//   transaction per batch, on the very connection Prisma's adapter opened. Prisma's query
//   compiler costs more per statement than everything else the collaboration server does per
//   update, and this is its hottest write (docs/benchmarks.md).
// - PrismaUpdateLog: the same rows through Prisma (a multi-row insert and upserts in one
//   transaction). Used when the connection is not SQLite, and the model for a PostgreSQL log.
//
// Both have the same contract: append() resolves once the rows are committed (so a room relays an
// update only after it is durable), with the ids of the updates in order.

export type UpdateToStore = {
  data: Uint8Array<ArrayBuffer>;
  userId: string | null;
  sector: Sector | null;
  /** Client ids this update writes with that are not recorded in CollabAuthor yet. */
  newClientIds?: readonly number[];
};

export interface UpdateLog {
  /**
   * Appends updates to a room's log in one transaction, with the CollabAuthor rows of the client
   * ids they introduce (first writer wins); resolves with the updates' ids, in order, once
   * committed.
   */
  append(room: string, updates: readonly UpdateToStore[]): Promise<number[]>;
}

type Owner = { userId: string | null; sector: Sector | null };

/** The first update (in order) that introduces each client id owns it. */
function authorsOf(updates: readonly UpdateToStore[]): Map<number, Owner> {
  const authors = new Map<number, Owner>();
  for (const update of updates) {
    for (const clientId of update.newClientIds ?? []) {
      if (!authors.has(clientId)) authors.set(clientId, { userId: update.userId, sector: update.sector });
    }
  }
  return authors;
}

/** Through Prisma: any database Prisma speaks to. */
export class PrismaUpdateLog implements UpdateLog {
  async append(room: string, updates: readonly UpdateToStore[]): Promise<number[]> {
    const authors = authorsOf(updates);
    // One multi-row INSERT per batch rather than a statement per update.
    const [rows] = await prisma.$transaction([
      prisma.collabUpdate.createManyAndReturn({
        data: updates.map((update) => ({ room, data: update.data, userId: update.userId, sector: update.sector })),
        select: { id: true },
      }),
      ...[...authors].map(([clientId, owner]) => recordAuthor(room, clientId, owner)),
    ]);
    // Autoincrement ids are handed out in insertion order, so sorted ids follow the updates.
    return (rows as { id: number }[]).map((row) => row.id).sort((a, b) => a - b);
  }
}

// The tables as the migrations create them; createdAt is written as Prisma's adapter writes a
// DateTime (its default "iso8601" format), so that Prisma's comparisons on it (text in SQLite)
// order these rows with the ones Prisma wrote.
const INSERT_UPDATE =
  'INSERT INTO "CollabUpdate" ("room", "data", "userId", "sector", "createdAt") VALUES (?, ?, ?, ?, ?)';
const INSERT_AUTHOR =
  'INSERT INTO "CollabAuthor" ("room", "clientId", "userId", "sector", "createdAt") VALUES (?, ?, ?, ?, ?) ' +
  'ON CONFLICT ("room", "clientId") DO NOTHING';

/** A DateTime as @prisma/adapter-better-sqlite3 stores it by default. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

type Prepared = {
  db: SqliteDatabase;
  write: Transaction<(room: string, updates: readonly UpdateToStore[], authors: Map<number, Owner>) => number[]>;
};

function prepare(db: SqliteDatabase): Prepared {
  // The adapter turns on safe integers for the whole connection; these statements return numbers.
  const insertUpdate: Statement = db.prepare(INSERT_UPDATE).safeIntegers(false);
  const insertAuthor: Statement = db.prepare(INSERT_AUTHOR).safeIntegers(false);
  const write = db.transaction(
    (room: string, updates: readonly UpdateToStore[], authors: Map<number, Owner>): number[] => {
      const now = sqliteTimestamp(new Date());
      const ids: number[] = [];
      for (const update of updates) {
        ids.push(Number(insertUpdate.run(room, update.data, update.userId, update.sector, now).lastInsertRowid));
      }
      for (const [clientId, owner] of authors) insertAuthor.run(room, clientId, owner.userId, owner.sector, now);
      return ids;
    },
  );
  return { db, write };
}

/**
 * Prepared statements on the connection under Prisma's SQLite adapter. better-sqlite3 is
 * synchronous, so a batch is written and committed (BEGIN IMMEDIATE … COMMIT) without yielding,
 * and nothing else in the process can run in between. The one thing to avoid is writing while a
 * Prisma transaction is open on the connection (Prisma's transactions span several turns of the
 * event loop): the rows would join that transaction. So it waits for `inTransaction` to clear,
 * as Prisma's own transactions wait for each other.
 */
export class SqliteUpdateLog implements UpdateLog {
  private prepared: Prepared | null = null;
  private unavailable = false;

  constructor(
    private readonly connection: () => Promise<SqliteDatabase | null>,
    private readonly fallback: UpdateLog,
  ) {}

  async append(room: string, updates: readonly UpdateToStore[]): Promise<number[]> {
    const authors = authorsOf(updates);
    for (let attempt = 0; ; attempt++) {
      const prepared = this.prepared?.db.open ? this.prepared : await this.statements();
      if (!prepared) return this.fallback.append(room, updates);
      if (!prepared.db.inTransaction) return prepared.write.immediate(room, updates, authors);
      // Prisma's transactions are short; poll at once first, then every millisecond.
      if (attempt < 16) await nextTurn();
      else await sleep(1);
    }
  }

  private async statements(): Promise<Prepared | null> {
    if (this.prepared?.db.open) return this.prepared;
    if (this.unavailable) return null;
    // Prisma reconnects with a new connection after $disconnect: prepare again on it.
    const db = await this.connection();
    if (!db) {
      this.unavailable = true;
      return null;
    }
    this.prepared = prepare(db);
    return this.prepared;
  }
}

/** The log for the configured database: SQLite's prepared statements, else Prisma. */
export function createUpdateLog(): UpdateLog {
  const viaPrisma = new PrismaUpdateLog();
  const url = process.env.DATABASE_URL ?? "file:";
  return url.startsWith("file:") ? new SqliteUpdateLog(() => sqliteConnection(prisma), viaPrisma) : viaPrisma;
}
