import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Database as SqliteDatabase } from "better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { getEnv } from "./env.server.ts";
import { singleton } from "./singleton.server.ts";

export type { PrismaClient, SqliteDatabase };

/** The file a `file:` SQLite URL points at, resolved against the working directory. */
export function sqliteFilePath(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** The better-sqlite3 connection a client's adapter opened last (null before it connects). */
type SqliteHolder = { db: SqliteDatabase | null };

// Shared through the singleton registry, like the client itself (the Remix bundle and the server
// load this module separately).
const sqliteHolders = singleton("prisma-sqlite-connections", () => new WeakMap<PrismaClient, SqliteHolder>());

/** A Prisma client on a SQLite file (created if missing); call `prepareDatabase` before use. */
export function createPrismaClient(url: string): PrismaClient {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 });
  // Keep a reference to the connection the adapter opens (see sqliteConnection).
  const holder: SqliteHolder = { db: null };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    holder.db = betterSqliteConnectionOf(adapter);
    return adapter;
  };
  const client = new PrismaClient({ adapter: factory });
  sqliteHolders.set(client, holder);
  return client;
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
export async function sqliteConnection(client: PrismaClient = prisma): Promise<SqliteDatabase | null> {
  const holder = sqliteHolders.get(client);
  if (!holder) return null;
  if (!holder.db?.open) await client.$connect();
  return holder.db?.open ? holder.db : null;
}

/**
 * Sets the connection's pragmas: WAL so readers never block the writer, NORMAL sync (durable
 * across a process crash), and foreign keys, which SQLite leaves off by default.
 */
export async function prepareDatabase(client: PrismaClient = prisma): Promise<void> {
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
}

/** The process-wide Prisma client. */
export const prisma: PrismaClient = singleton("prisma", () => createPrismaClient(getEnv().DATABASE_URL));
