import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import type { Statement, Transaction } from "better-sqlite3";
import type { Sector } from "~/generated/prisma/enums.ts";
import { services } from "~/services.server.ts";
import { sqliteConnection, type PrismaClient, type SqliteDatabase } from "~/utils/db.server.ts";
import { recordAuthor } from "./authors.server.ts";

// Where the collaboration server keeps documents: the append-only log of each room's updates
// (CollabUpdate) with the owners of the client ids they introduce (CollabAuthor), and the
// compacted snapshot (CollabSnapshot). The rooms' hot paths go through this small interface:
//
// - SqliteCollabStorage (the default on SQLite): prepared better-sqlite3 statements on the very
//   connection Prisma's adapter opened, one transaction per batch of updates. Prisma's query
//   compiler costs more per statement than everything else the collaboration server does per
//   update, and these are its most frequent queries (docs/benchmarks.md).
// - PrismaCollabStorage: the same rows through Prisma. Used when the connection is not SQLite,
//   and the model for a PostgreSQL implementation.
//
// Contract: append() resolves once the rows are committed (a room relays an update only after it
// is durable), with the ids of the updates in order; readState() returns a room's snapshot and the
// updates stored after it, in id order; saveSnapshot() never moves a snapshot backwards.

export type UpdateToStore = {
  data: Uint8Array<ArrayBuffer>;
  userId: string | null;
  sector: Sector | null;
  /** Client ids this update writes with that are not recorded in CollabAuthor yet. */
  newClientIds?: readonly number[];
};

export type StoredRows = {
  snapshot: { state: Uint8Array; upToId: number } | null;
  /** The updates stored after the snapshot (id > upToId), in id order. */
  rows: { id: number; data: Uint8Array }[];
};

export interface CollabStorage {
  /**
   * Appends updates to a room's log in one transaction, with the CollabAuthor rows of the client
   * ids they introduce (first writer wins); resolves with the updates' ids, in order, once
   * committed.
   */
  append(room: string, updates: readonly UpdateToStore[]): Promise<number[]>;
  /** A room's snapshot and the updates after it. */
  readState(room: string): Promise<StoredRows>;
  /**
   * Stores a room's snapshot folding every update up to `upToId`; false (and nothing written)
   * when the stored one already goes as far.
   */
  saveSnapshot(room: string, state: Uint8Array<ArrayBuffer>, upToId: number): Promise<boolean>;
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
export class PrismaCollabStorage implements CollabStorage {
  constructor(private readonly db: PrismaClient) {}

  async append(room: string, updates: readonly UpdateToStore[]): Promise<number[]> {
    const authors = authorsOf(updates);
    // One multi-row INSERT per batch rather than a statement per update.
    const [rows] = await this.db.$transaction([
      this.db.collabUpdate.createManyAndReturn({
        data: updates.map((update) => ({ room, data: update.data, userId: update.userId, sector: update.sector })),
        select: { id: true },
      }),
      ...[...authors].map(([clientId, owner]) => recordAuthor(room, clientId, owner)),
    ]);
    // Autoincrement ids are handed out in insertion order, so sorted ids follow the updates.
    return (rows as { id: number }[]).map((row) => row.id).sort((a, b) => a - b);
  }

  async readState(room: string): Promise<StoredRows> {
    const snapshot = await this.db.collabSnapshot.findUnique({
      where: { room },
      select: { state: true, upToId: true },
    });
    const rows = await this.db.collabUpdate.findMany({
      where: { room, id: { gt: snapshot?.upToId ?? 0 } },
      orderBy: { id: "asc" },
      select: { id: true, data: true },
    });
    return { snapshot, rows };
  }

  async saveSnapshot(room: string, state: Uint8Array<ArrayBuffer>, upToId: number): Promise<boolean> {
    const moved = await this.db.collabSnapshot.updateMany({
      where: { room, upToId: { lt: upToId } },
      data: { state, upToId },
    });
    if (moved.count > 0) return true;
    const existing = await this.db.collabSnapshot.findUnique({ where: { room }, select: { upToId: true } });
    if (existing) return false; // as far or further already
    try {
      await this.db.collabSnapshot.create({ data: { room, state, upToId } });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "P2002") return false; // another process won the race
      throw error;
    }
  }
}

// The tables as the migrations create them. DateTimes are written as Prisma's adapter writes them
// (its default "iso8601" format), so that Prisma's comparisons on them (text in SQLite) order these
// rows with the ones Prisma wrote.
const SQL = {
  insertUpdate: 'INSERT INTO "CollabUpdate" ("room", "data", "userId", "sector", "createdAt") VALUES (?, ?, ?, ?, ?)',
  insertAuthor:
    'INSERT INTO "CollabAuthor" ("room", "clientId", "userId", "sector", "createdAt") VALUES (?, ?, ?, ?, ?) ' +
    'ON CONFLICT ("room", "clientId") DO NOTHING',
  selectSnapshot: 'SELECT "state", "upToId" FROM "CollabSnapshot" WHERE "room" = ?',
  selectUpdates: 'SELECT "id", "data" FROM "CollabUpdate" WHERE "room" = ? AND "id" > ? ORDER BY "id" ASC',
  upsertSnapshot:
    'INSERT INTO "CollabSnapshot" ("room", "state", "upToId", "updatedAt") VALUES (?, ?, ?, ?) ' +
    'ON CONFLICT ("room") DO UPDATE SET "state" = excluded."state", "upToId" = excluded."upToId", ' +
    '"updatedAt" = excluded."updatedAt" WHERE "CollabSnapshot"."upToId" < excluded."upToId"',
};

/** A DateTime as @prisma/adapter-better-sqlite3 stores it by default. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

type Prepared = {
  db: SqliteDatabase;
  append: Transaction<(room: string, updates: readonly UpdateToStore[], authors: Map<number, Owner>) => number[]>;
  selectSnapshot: Statement<[string], { state: Uint8Array; upToId: number }>;
  selectUpdates: Statement<[string, number], { id: number; data: Uint8Array }>;
  upsertSnapshot: Statement<[string, Uint8Array, number, string]>;
};

function prepare(db: SqliteDatabase): Prepared {
  // The adapter turns on safe integers for the whole connection; these statements return numbers.
  const insertUpdate = db.prepare(SQL.insertUpdate).safeIntegers(false);
  const insertAuthor = db.prepare(SQL.insertAuthor).safeIntegers(false);
  const append = db.transaction(
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
  return {
    db,
    append,
    selectSnapshot: db.prepare<[string], { state: Uint8Array; upToId: number }>(SQL.selectSnapshot).safeIntegers(false),
    selectUpdates: db
      .prepare<[string, number], { id: number; data: Uint8Array }>(SQL.selectUpdates)
      .safeIntegers(false),
    upsertSnapshot: db.prepare<[string, Uint8Array, number, string]>(SQL.upsertSnapshot).safeIntegers(false),
  };
}

/**
 * Prepared statements on the connection under Prisma's SQLite adapter. better-sqlite3 is
 * synchronous, so a batch is written and committed (BEGIN IMMEDIATE … COMMIT) without yielding,
 * and nothing else in the process can run in between. The one thing to avoid is running while a
 * Prisma transaction is open on the connection (Prisma's transactions span several turns of the
 * event loop): writes would join that transaction, reads would see its uncommitted rows. So each
 * operation waits for `inTransaction` to clear, as Prisma's own transactions wait for each other.
 */
export class SqliteCollabStorage implements CollabStorage {
  private prepared: Prepared | null = null;
  private unavailable = false;

  constructor(
    private readonly connection: () => Promise<SqliteDatabase | null>,
    private readonly fallback: CollabStorage,
  ) {}

  append(room: string, updates: readonly UpdateToStore[]): Promise<number[]> {
    const authors = authorsOf(updates);
    return this.run(
      (prepared) => prepared.append.immediate(room, updates, authors),
      () => this.fallback.append(room, updates),
    );
  }

  readState(room: string): Promise<StoredRows> {
    return this.run(
      (prepared) => {
        const snapshot = prepared.selectSnapshot.get(room) ?? null;
        return { snapshot, rows: prepared.selectUpdates.all(room, snapshot?.upToId ?? 0) };
      },
      () => this.fallback.readState(room),
    );
  }

  saveSnapshot(room: string, state: Uint8Array<ArrayBuffer>, upToId: number): Promise<boolean> {
    return this.run(
      (prepared) => prepared.upsertSnapshot.run(room, state, upToId, sqliteTimestamp(new Date())).changes > 0,
      () => this.fallback.saveSnapshot(room, state, upToId),
    );
  }

  /**
   * Runs `use` (synchronous: nothing else runs until it returns) as soon as no Prisma transaction
   * is open on the connection; `fallback` when there is no SQLite connection.
   */
  private async run<T>(use: (prepared: Prepared) => T, fallback: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const prepared = this.prepared?.db.open ? this.prepared : await this.statements();
      if (!prepared) return fallback();
      // Checked and used in the same synchronous stretch: no transaction can begin in between.
      if (prepared.db.open && !prepared.db.inTransaction) return use(prepared);
      // Prisma's transactions are short; poll at once first, then every millisecond.
      if (attempt < 16) await nextTurn();
      else await sleep(1);
    }
  }

  private async statements(): Promise<Prepared | null> {
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

/** The storage for a database: SQLite's prepared statements, else Prisma. */
export function createCollabStorage(db: PrismaClient, url: string): CollabStorage {
  const viaPrisma = new PrismaCollabStorage(db);
  return url.startsWith("file:") ? new SqliteCollabStorage(() => sqliteConnection(db), viaPrisma) : viaPrisma;
}

/** The process's storage (built with its services). */
export function collabStorage(): CollabStorage {
  return services().collabStorage;
}
