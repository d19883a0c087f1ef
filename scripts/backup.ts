// `npm run backup [-- <file>]`: a consistent copy of the SQLite database while the server runs,
// with SQLite's online backup API (through better-sqlite3): pages are copied in steps and the copy
// restarts if a writer changes a copied page, so the result is one committed state, never a torn
// file. Default destination: data/backups/minka-<UTC timestamp>.db. The copy is checked
// (PRAGMA integrity_check) before the path is printed.
//
// PostgreSQL (DATABASE_URL=postgresql://...): use pg_dump instead, e.g.
//   pg_dump --format=custom --no-owner --file=minka-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL"
// and bring it back with pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" <file>.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sqliteFile } from "../server/db/sqlite-file.ts";

export async function backup(source: string, destination: string): Promise<string> {
  if (!existsSync(source)) throw new Error(`No database at ${source}`);
  if (existsSync(destination)) throw new Error(`${destination} already exists; choose another name`);
  mkdirSync(path.dirname(destination), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
  const copy = new Database(destination, { readonly: true, fileMustExist: true });
  try {
    const result = copy.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new Error(`The copy failed its integrity check: ${String(result)}`);
  } finally {
    copy.close();
  }
  return destination;
}

export function defaultBackupPath(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return path.resolve("data", "backups", `minka-${stamp}.db`);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve("scripts/backup.ts");
if (isMain) {
  const target = process.argv[2] ? path.resolve(process.argv[2]) : defaultBackupPath();
  backup(sqliteFile(), target)
    .then((file) => console.log(`Backup written to ${file}`))
    .catch((error: unknown) => {
      console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
