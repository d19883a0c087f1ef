import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { migratePostgres } from "./migrate-postgres.ts";
import { MIGRATION_SNAPSHOT, POSTGRES_SCHEMA, SQLITE_SCHEMA, type Provider } from "./paths.ts";
import { postgresSchema } from "./postgres-schema.ts";
import { diffDatamodels, hasStatements, prisma } from "./prisma-cli.ts";
import { lastMigrations, readSnapshot, withDatamodels } from "./snapshot.ts";
import { postgresStructure, sqliteStructure, structureDifferences } from "./structure.ts";

export type DriftReport = {
  /** What drifted; empty when the schema, the snapshot and both histories agree. */
  problems: string[];
  /** What was checked, and what could not be. */
  notes: string[];
};

const LABEL: Record<Provider, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };

/**
 * CI's drift check (`npm run db:check`), three links of one chain:
 * - the schema and the snapshot: prisma/schema.prisma has no change that no migration holds
 *   (the diff from the snapshot is empty, for SQLite and for the derived PostgreSQL model), and
 *   the snapshot names the last migration of each history;
 * - the snapshot and the migrations: the database each history builds, applied by the runner
 *   production uses (`prisma migrate deploy`, `migratePostgres`), has exactly the structure of a
 *   database built from the snapshot. SQLite runs in a temporary file; PostgreSQL in two scratch
 *   databases on `postgresUrl`'s server, when it is reachable (with `requirePostgres`, its absence
 *   is a problem, as on CI; otherwise a note says it was not checked);
 * - the derived PostgreSQL schema (prisma/generated) is the one `npm run db:generate` would write.
 */
export async function checkDrift(options: { postgresUrl: string; requirePostgres: boolean }): Promise<DriftReport> {
  const problems: string[] = [];
  const notes: string[] = [];

  const generated = existsSync(POSTGRES_SCHEMA) ? readFileSync(POSTGRES_SCHEMA, "utf8") : null;
  if (generated !== postgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"))) {
    problems.push(`${POSTGRES_SCHEMA} is ${generated === null ? "missing" : "stale"}: run \`npm run db:generate\``);
  }

  const snapshot = readSnapshot();
  if (!snapshot) {
    problems.push(`${MIGRATION_SNAPSHOT} is missing`);
    return { problems, notes };
  }
  const last = lastMigrations();
  for (const provider of ["sqlite", "postgresql"] as const) {
    if (snapshot.last[provider] !== last[provider]) {
      problems.push(
        `${MIGRATION_SNAPSHOT} was written with ${LABEL[provider]} migration ${snapshot.last[provider] ?? "none"}, ` +
          `but the last one is ${last[provider] ?? "none"}`,
      );
    }
  }

  await withDatamodels(async (files) => {
    const work = (["sqlite", "postgresql"] as const).map(async (provider) => {
      const [pending, fromEmpty] = await Promise.all([
        diffDatamodels(files[provider].snapshot, files[provider].schema),
        diffDatamodels(null, files[provider].snapshot!),
      ]);
      if (hasStatements(pending)) {
        problems.push(
          `${SQLITE_SCHEMA} has ${LABEL[provider]} changes that no migration holds ` +
            `(run \`npm run db:migration -- <name>\`):\n${pending.trim()}`,
        );
      }
      const differences =
        provider === "sqlite"
          ? await compareSqlite(fromEmpty)
          : await comparePostgres(fromEmpty, options, { problems, notes });
      if (differences === null) return;
      if (differences.length > 0) {
        problems.push(
          `the ${LABEL[provider]} migrations do not build the database the snapshot describes:\n  ${differences.join("\n  ")}`,
        );
      } else {
        notes.push(`${LABEL[provider]}: the migrations build exactly the snapshot's database.`);
      }
    });
    await Promise.all(work);
  });
  return { problems, notes };
}

/** SQLite: the migrations through `prisma migrate deploy` against the snapshot's own SQL. */
async function compareSqlite(snapshotSql: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "minka-db-check-"));
  try {
    const migrated = path.join(dir, "migrations.db");
    await prisma(["migrate", "deploy"], { DATABASE_URL: `file:${migrated}` });
    const fresh = path.join(dir, "snapshot.db");
    const db = new Database(fresh);
    try {
      db.exec(snapshotSql);
    } finally {
      db.close();
    }
    return structureDifferences(sqliteStructure(migrated), sqliteStructure(fresh), ["migrations", "snapshot"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * PostgreSQL: `migratePostgres` into one scratch database, the snapshot's SQL into another. Null
 * when the server is not reachable (a problem when it is required, else a note).
 */
async function comparePostgres(
  snapshotSql: string,
  options: { postgresUrl: string; requirePostgres: boolean },
  report: DriftReport,
): Promise<string[] | null> {
  const admin = new pg.Client({ connectionString: options.postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    const why = `PostgreSQL is not reachable at ${options.postgresUrl} (${(error as Error).message})`;
    if (options.requirePostgres) report.problems.push(`the PostgreSQL migrations could not be checked: ${why}`);
    else report.notes.push(`*** The PostgreSQL migrations were NOT checked against the snapshot: ${why} ***`);
    return null;
  }
  const names = ["migrations", "snapshot"].map((kind) => `minka_check_${kind}_${randomUUID().slice(0, 8)}`);
  const urls = names.map((name) => {
    const url = new URL(options.postgresUrl);
    url.pathname = `/${name}`;
    return url.toString();
  });
  try {
    for (const name of names) await admin.query(`CREATE DATABASE "${name}"`);
    await migratePostgres(urls[0]!);
    const fresh = new pg.Client({ connectionString: urls[1]! });
    await fresh.connect();
    try {
      await fresh.query(snapshotSql);
    } finally {
      await fresh.end();
    }
    const [migrated, snapshot] = await Promise.all(urls.map((url) => postgresStructure(url)));
    return structureDifferences(migrated!, snapshot!, ["migrations", "snapshot"]);
  } finally {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}
