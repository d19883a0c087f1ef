import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrationFolders } from "./migrations.ts";
import { POSTGRES_MIGRATIONS } from "./paths.ts";

/**
 * Applies the committed PostgreSQL migrations that the database has not seen, in order, each in
 * its own transaction, recording them in `_prisma_migrations` with Prisma's own layout and
 * checksums. Prisma 6.19's WebAssembly schema engine cannot migrate through the pg adapter (it
 * fails reading columns of type `name`: prisma/orm#27403), so this replaces `prisma migrate
 * deploy` on PostgreSQL only; SQLite still uses Prisma's. An advisory lock keeps two nodes
 * starting at once from applying the same migration twice. Returns the names applied.
 */
export async function migratePostgres(url: string, dir = POSTGRES_MIGRATIONS): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(7425362)");
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const done = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT "migration_name", "checksum", "finished_at" FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL`,
    );
    const applied = new Map(done.rows.map((row) => [row.migration_name, row]));
    const names = migrationFolders(dir);
    const ran: string[] = [];
    for (const name of names) {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = applied.get(name);
      if (previous) {
        if (!previous.finished_at) throw new Error(`Migration ${name} failed earlier; fix the database, then retry.`);
        if (previous.checksum !== checksum) throw new Error(`Migration ${name} was changed after it was applied.`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count")
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${(error as Error).message}`);
      }
      ran.push(name);
    }
    return ran;
  } finally {
    await client.query("SELECT pg_advisory_unlock(7425362)").catch(() => {});
    await client.end();
  }
}
