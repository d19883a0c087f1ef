// `npm run restore -- <file> [--force]`: brings back a backup made by `npm run backup`.
//
// - Refuses while a server is running on the database (its pid file next to the database names a
//   live process), unless --force (then restart the server afterwards: it still holds the old file).
// - Checks the file first: a SQLite database that passes integrity_check, with Minka's tables, and
//   exactly the migrations this code expects (no missing, no unknown ones).
// - Keeps the database it replaces as <database>.replaced-<UTC timestamp> (a consistent copy).
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { APPLIED_MIGRATIONS_SQL, compareMigrations } from "../server/db/migrations.ts";
import { runningServerPid } from "../server/pidfile.ts";
import { backup } from "./backup.ts";
import { sqliteFile } from "../server/db/sqlite-file.ts";

const REQUIRED_TABLES = ["User", "Session", "Plan", "Commitment", "LedgerEntry", "_prisma_migrations"];

/** Why a file cannot be restored, or null when it is a Minka database at the current migration. */
export function checkBackup(file: string): string | null {
  if (!existsSync(file)) return `${file} does not exist`;
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return `${file} cannot be opened as SQLite: ${(error as Error).message}`;
  }
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return `${file} failed its integrity check: ${String(integrity)}`;
    const tables = new Set(
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => (row as { name: string }).name),
    );
    const absent = REQUIRED_TABLES.filter((name) => !tables.has(name));
    if (absent.length > 0) return `${file} is not a Minka database (missing tables: ${absent.join(", ")})`;
    const applied = db
      .prepare(APPLIED_MIGRATIONS_SQL)
      .all()
      .map((row) => (row as { name: string }).name);
    const { missing, unknown } = compareMigrations(applied);
    if (missing.length > 0) return `${file} lacks migrations this version needs: ${missing.join(", ")}`;
    if (unknown.length > 0) return `${file} comes from another version (unknown migrations: ${unknown.join(", ")})`;
    return null;
  } catch (error) {
    return `${file} cannot be read: ${(error as Error).message}`;
  } finally {
    db.close();
  }
}

export async function restore(file: string, target: string, options: { force?: boolean } = {}) {
  const pid = runningServerPid(target);
  if (pid !== null && !options.force) {
    throw new Error(`A Minka server (pid ${pid}) is using ${target}; stop it first, or pass --force`);
  }
  const problem = checkBackup(file);
  if (problem) throw new Error(problem);
  let kept: string | null = null;
  if (existsSync(target)) {
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z");
    kept = `${target}.replaced-${stamp}`;
    await backup(target, kept);
  }
  // Write next to the target, then move it into place in one rename; stale WAL files must go
  // (they belong to the replaced database).
  const incoming = `${target}.restoring`;
  rmSync(incoming, { force: true });
  copyFileSync(file, incoming);
  for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  renameSync(incoming, target);
  return { kept };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve("scripts/restore.ts");
if (isMain) {
  const args = process.argv.slice(2);
  const force = args.includes("--force");
  const file = args.find((arg) => !arg.startsWith("--"));
  if (!file) {
    console.error("Usage: npm run restore -- <backup file> [--force]");
    process.exit(1);
  }
  const target = sqliteFile();
  restore(path.resolve(file), target, { force })
    .then(({ kept }) => {
      console.log(`Restored ${path.resolve(file)} into ${target}`);
      if (kept) console.log(`The replaced database was kept as ${kept}`);
      if (force) console.log("If a server was running, restart it now.");
    })
    .catch((error: unknown) => {
      console.error(`Restore refused: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
