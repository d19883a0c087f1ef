import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Database as SqliteDatabase } from "better-sqlite3";
import { type Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-pg/client.ts";
import { services } from "~/services.server.ts";
import { textResponse } from "./responses.server.ts";

export type { PrismaClient, SqliteDatabase };

/** Whether a DATABASE_URL names PostgreSQL (else it is a SQLite `file:` URL). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Whether a client (or a transaction of one) talks to PostgreSQL. Prisma's client knows its
 * provider; the transaction client forwards it.
 */
export function isPostgresClient(client: PrismaClient | Prisma.TransactionClient): boolean {
  return (client as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}

/** The file a `file:` SQLite URL points at, resolved against the working directory. */
export function sqliteFilePath(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** The better-sqlite3 connection a client's adapter opened last (null before it connects). */
type SqliteHolder = { db: SqliteDatabase | null };

// Kept on the client itself: the Remix build and the server's code are two module graphs that
// share the client the composition root built (app/services.server.ts), not this module's state.
const SQLITE_HOLDER = "__minkaSqliteConnection";

function holderOf(client: PrismaClient): SqliteHolder | undefined {
  if (isPostgresClient(client)) return undefined;
  return (client as unknown as Record<string, SqliteHolder | undefined>)[SQLITE_HOLDER];
}

/**
 * A Prisma client for a DATABASE_URL: SQLite through better-sqlite3 (the file is created if
 * missing), or PostgreSQL through node-postgres with a pool of `poolSize` connections. Both
 * clients come from the same data model (the PostgreSQL schema is derived from the SQLite one),
 * so the rest of the code sees one type. Call `prepareDatabase` before use.
 */
export function createPrismaClient(url: string, options: { poolSize?: number } = {}): PrismaClient {
  if (isPostgresUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
    // Prisma's defaults (2 s to get a connection, 5 s per transaction) cut off co-drafting storage
    // and projection on a CPU-starved node (seen in bench:cluster: sockets closed with 4500).
    // Waiting longer is better than failing a write whose author is still connected.
    return new PostgresPrismaClient({
      adapter,
      transactionOptions: { maxWait: 10_000, timeout: 20_000 },
    }) as unknown as PrismaClient;
  }
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 });
  // Keep a reference to the connection the adapter opens (see sqliteConnection).
  const holder: SqliteHolder = { db: null };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    holder.db = betterSqliteConnectionOf(adapter);
    if (holder.db) releaseLockWhenCommitFails(adapter, holder.db);
    return adapter;
  };
  // A database that stays locked past the busy timeout (another process holding a write lock, a
  // long backup) becomes a 503 "try again" answer instead of a crash page, and a full disk a 507
  // "no space, try again later". Thrown inside a transaction, either rolls the whole transaction
  // back: nothing is left half-written.
  const extended = new PrismaClient({ adapter: factory }).$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw asRetryResponse(error);
        }
      },
    },
  }) as unknown as PrismaClient;
  // The COMMIT of a transaction is no operation of the extension's: its failure (the WAL cannot
  // grow on a full disk) comes out of $transaction itself, after the rollback.
  const transaction = extended.$transaction.bind(extended) as (...args: unknown[]) => Promise<unknown>;
  const wrappedTransaction = async (...args: unknown[]) => {
    try {
      return await transaction(...args);
    } catch (error) {
      throw asRetryResponse(error);
    }
  };
  const client = new Proxy(extended, {
    get: (target, property, receiver) =>
      property === "$transaction"
        ? wrappedTransaction
        : property === SQLITE_HOLDER
          ? holder
          : Reflect.get(target, property, receiver),
  });
  return client;
}

/** A busy database or a full disk as the Response that tells the person to retry; else the error itself. */
function asRetryResponse(error: unknown): unknown {
  if (isDatabaseBusy(error)) return databaseBusyResponse();
  if (isStorageFull(error)) return storageFullResponse();
  return error;
}

/** Whether an error is SQLite's "database is locked" after the busy timeout (Prisma P1008). */
export function isDatabaseBusy(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as {
    code?: string;
    meta?: { driverAdapterError?: { cause?: { originalCode?: string } } };
  };
  const original = meta?.driverAdapterError?.cause?.originalCode;
  return original === "SQLITE_BUSY" || original === "SQLITE_LOCKED" || (code === "P1008" && original === undefined);
}

/** Seconds a client should wait before retrying after a busy database. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/** The answer for a request that met a busy database: 503 with Retry-After (Remix renders the error page). */
export function databaseBusyResponse(): Response {
  return textResponse(undefined, 503, "responses.databaseBusy", {
    statusText: "Service Unavailable",
    headers: { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) },
  });
}

/**
 * Whether an error is the database's disk being full: SQLite's SQLITE_FULL (ENOSPC while writing
 * the file or its WAL), through Prisma's adapter or straight from better-sqlite3 (the collaboration
 * server's prepared statements), or PostgreSQL's disk_full (53100).
 */
export function isStorageFull(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as {
    code?: string;
    meta?: { driverAdapterError?: { cause?: { originalCode?: string; code?: string } } };
  };
  const cause = meta?.driverAdapterError?.cause;
  return (
    code === "SQLITE_FULL" ||
    cause?.originalCode === "SQLITE_FULL" ||
    cause?.originalCode === "53100" ||
    cause?.code === "53100"
  );
}

/** Seconds a client should wait before retrying after the disk was full (freeing space takes a person). */
export const STORAGE_FULL_RETRY_AFTER_SECONDS = 60;

/** The answer for a request that met a full disk: 507 with Retry-After (Remix renders the error page). */
export function storageFullResponse(): Response {
  return textResponse(undefined, 507, "responses.storageFull", {
    statusText: "Insufficient Storage",
    headers: { "Retry-After": String(STORAGE_FULL_RETRY_AFTER_SECONDS) },
  });
}

type AdapterTransaction = {
  executeRaw(query: { sql: string }): Promise<number>;
  rollback(): Promise<void>;
};

/**
 * Works around @prisma/adapter-better-sqlite3 6.19 leaving the connection unusable after a failed
 * COMMIT (SQLITE_FULL when the WAL cannot grow on a full disk, an I/O error): Prisma's transaction
 * manager then never calls the transaction's commit() or rollback(), which is what releases the
 * adapter's transaction lock, so every later transaction waited forever (and SQLite may still hold
 * the failed transaction open). Here a failed COMMIT rolls back what SQLite still holds and
 * releases the lock before the error goes on: the process recovers once the cause is gone.
 */
function releaseLockWhenCommitFails(adapter: unknown, db: SqliteDatabase): void {
  const target = adapter as { startTransaction(...args: unknown[]): Promise<AdapterTransaction> };
  const start = target.startTransaction.bind(target);
  target.startTransaction = async (...args: unknown[]) => {
    const transaction = await start(...args);
    const executeRaw = transaction.executeRaw.bind(transaction);
    transaction.executeRaw = async (query) => {
      try {
        return await executeRaw(query);
      } catch (error) {
        if (/^\s*COMMIT\b/i.test(query.sql)) {
          try {
            if (db.open && db.inTransaction) db.exec("ROLLBACK");
          } finally {
            await transaction.rollback();
          }
        }
        throw error;
      }
    };
    return transaction;
  };
}

/** The adapter's better-sqlite3 handle (its `client` property), or null if it has none. */
function betterSqliteConnectionOf(adapter: unknown): SqliteDatabase | null {
  const candidate = (adapter as { client?: unknown } | null)?.client as Partial<SqliteDatabase> | undefined;
  return candidate &&
    typeof candidate.prepare === "function" &&
    typeof candidate.transaction === "function" &&
    typeof candidate.inTransaction === "boolean" &&
    typeof candidate.open === "boolean"
    ? (candidate as SqliteDatabase)
    : null;
}

/**
 * The better-sqlite3 connection under a client made by `createPrismaClient` (connecting it if
 * needed): the same connection Prisma uses, so the same pragmas and no lock contention between
 * two connections. Null for any other client. A caller that writes through it must never do so
 * while `inTransaction` is true: that transaction is Prisma's (see server/collab/storage.ts).
 */
export async function sqliteConnection(client: PrismaClient = prisma()): Promise<SqliteDatabase | null> {
  const holder = holderOf(client);
  if (!holder) return null;
  if (!holder.db?.open) await client.$connect();
  return holder.db?.open ? holder.db : null;
}

/**
 * On SQLite, sets the connection's pragmas: WAL so readers never block the writer, NORMAL sync
 * (durable across a process crash), and foreign keys, which SQLite leaves off by default.
 * PostgreSQL needs nothing.
 */
export async function prepareDatabase(client: PrismaClient = prisma()): Promise<void> {
  if (isPostgresClient(client)) return;
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
}

/** The process's database client (built with its services, app/services.server.ts). */
export function prisma(): PrismaClient {
  return services().db;
}
