import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { getEnv } from "./env.server.ts";
import { singleton } from "./singleton.server.ts";

export type { PrismaClient };

/** The file a `file:` SQLite URL points at, resolved against the working directory. */
export function sqliteFilePath(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** A Prisma client on a SQLite file (created if missing); call `prepareDatabase` before use. */
export function createPrismaClient(url: string): PrismaClient {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 }) });
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
