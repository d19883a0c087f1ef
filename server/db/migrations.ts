import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SQLITE_MIGRATIONS } from "./paths.ts";

/** The migrations this code expects, from prisma/migrations (folder names, oldest first). */
export function expectedMigrations(dir = path.resolve(SQLITE_MIGRATIONS)): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The migration folders of a history, oldest first; none when the folder does not exist yet. */
export function migrationFolders(dir: string): string[] {
  return existsSync(dir) ? expectedMigrations(dir) : [];
}

/** The SQL that lists a database's successfully applied migrations (Prisma's own table). */
export const APPLIED_MIGRATIONS_SQL =
  "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";

/** The expected migrations missing from a database, and those it has that this code does not know. */
export function compareMigrations(applied: string[], expected: string[] = expectedMigrations()) {
  const have = new Set(applied);
  const know = new Set(expected);
  return {
    missing: expected.filter((name) => !have.has(name)),
    unknown: applied.filter((name) => !know.has(name)),
  };
}

/**
 * Whether a SQLite database already has exactly the migrations this code expects, read without
 * taking any lock a reader would not take. `prisma migrate deploy` on the WebAssembly schema
 * engine fails with a busy timeout while any other connection has the file open (an idle reader
 * is enough: a `ledger:verify`, a backup, a monitoring query), so a restart skips it when there is
 * nothing to apply. False (run the migrations) when the file or Prisma's table is missing, or
 * anything cannot be read.
 */
export function sqliteMigrationsUpToDate(file: string, expected: string[] = expectedMigrations()): boolean {
  if (!existsSync(file)) return false;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'");
    if (!table.get()) return false;
    const applied = (db.prepare(APPLIED_MIGRATIONS_SQL).all() as { name: string }[]).map((row) => row.name);
    const { missing, unknown } = compareMigrations(applied, expected);
    return missing.length === 0 && unknown.length === 0;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
