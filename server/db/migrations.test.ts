import { copyFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { TEMPLATE_DB, TMP_DIR } from "../../tests/support/paths.ts";
import { sqliteMigrationsUpToDate } from "./migrations.ts";

// The check that lets a restart skip `prisma migrate deploy` (which times out while another
// connection has the file open): true only for a database at exactly this code's migrations.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function copyOfTemplate() {
  const file = path.join(TMP_DIR, `migrations-${randomUUID()}.db`);
  copyFileSync(TEMPLATE_DB, file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  open.push(db);
  return { file, db };
}

describe("sqliteMigrationsUpToDate", () => {
  it("is true for a migrated database while another connection holds it open", () => {
    const { file, db } = copyOfTemplate();
    db.prepare("SELECT count(*) FROM _prisma_migrations").get();
    expect(sqliteMigrationsUpToDate(file)).toBe(true);
  });

  it("is false when a migration is missing, failed or unknown, or there is no database", () => {
    const missing = copyOfTemplate();
    missing.db.exec(
      "DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)",
    );
    expect(sqliteMigrationsUpToDate(missing.file)).toBe(false);

    const failed = copyOfTemplate();
    failed.db.exec(
      "UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)",
    );
    expect(sqliteMigrationsUpToDate(failed.file)).toBe(false);

    const unknown = copyOfTemplate();
    unknown.db
      .prepare(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, started_at, applied_steps_count) VALUES (?, '', '99990101000000_from_the_future', 1, 1, 1)",
      )
      .run(randomUUID());
    expect(sqliteMigrationsUpToDate(unknown.file)).toBe(false);

    const empty = path.join(TMP_DIR, `migrations-${randomUUID()}.db`);
    open.push(new Database(empty));
    expect(sqliteMigrationsUpToDate(empty)).toBe(false);
    expect(sqliteMigrationsUpToDate(path.join(TMP_DIR, `absent-${randomUUID()}.db`))).toBe(false);
  });
});
