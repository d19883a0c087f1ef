import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { type Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-pg/client.ts";
import { getEnv } from "./env.server.ts";
import { singleton } from "./singleton.server.ts";

export type { PrismaClient };

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

/**
 * A Prisma client for a DATABASE_URL: SQLite through better-sqlite3 (the file is created if
 * missing), or PostgreSQL through node-postgres with a pool of `poolSize` connections. Both
 * clients come from the same data model (the PostgreSQL schema is derived from the SQLite one),
 * so the rest of the code sees one type. Call `prepareDatabase` before use.
 */
export function createPrismaClient(url: string, options: { poolSize?: number } = {}): PrismaClient {
  if (isPostgresUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
    return new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  }
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 }) });
  // A database that stays locked past the busy timeout (another process holding a write lock, a
  // long backup) becomes a 503 "try again" answer instead of a crash page. Thrown inside a
  // transaction, it rolls the whole transaction back: nothing is left half-written.
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          if (isDatabaseBusy(error)) throw databaseBusyResponse();
          throw error;
        }
      },
    },
  }) as unknown as PrismaClient;
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
  return new Response("La base de datos está ocupada. No se guardó nada; inténtalo de nuevo en unos segundos.", {
    status: 503,
    statusText: "Service Unavailable",
    headers: { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS), "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * On SQLite, sets the connection's pragmas: WAL so readers never block the writer, NORMAL sync
 * (durable across a process crash), and foreign keys, which SQLite leaves off by default.
 * PostgreSQL needs nothing.
 */
export async function prepareDatabase(client: PrismaClient = prisma): Promise<void> {
  if (isPostgresClient(client)) return;
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
}

/** The process-wide Prisma client. */
export const prisma: PrismaClient = singleton("prisma", () => {
  const env = getEnv();
  return createPrismaClient(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
});
