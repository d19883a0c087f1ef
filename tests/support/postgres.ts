import { randomUUID } from "node:crypto";
import pg from "pg";

/**
 * The suite runs on SQLite by default. `MINKA_TEST_DATABASE=postgres` (what `npm run
 * test:postgres` sets) runs it on PostgreSQL instead: at MINKA_TEST_POSTGRES_URL, by default the
 * local server's `test` database, used only to create and drop the suite's own databases.
 */
export const onPostgres = process.env.MINKA_TEST_DATABASE === "postgres";
export const POSTGRES_ADMIN_URL = process.env.MINKA_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
export const TEMPLATE_NAME = "minka_test_template";
const PREFIX = "minka_test_";

function urlFor(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a database (a copy of `template` when given) and returns its URL. */
export async function createTestDatabase(template?: string): Promise<string> {
  const name = `${PREFIX}${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  await withAdmin(async (client) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
        return;
      } catch (error) {
        // Copies of one template cannot start at the very same moment: wait and retry.
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  return urlFor(name);
}

/** Drops every database the suite made (and the template when asked). */
export async function dropTestDatabases(includeTemplate: boolean): Promise<void> {
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`,
    );
    for (const { datname } of rows) {
      if (datname === TEMPLATE_NAME && !includeTemplate) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}

/** A fresh template database with every migration applied. */
export async function createTemplateDatabase(): Promise<void> {
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_NAME}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_NAME}"`);
  });
  const { migratePostgres } = await import("../../server/db/migrate-postgres.ts");
  await migratePostgres(urlFor(TEMPLATE_NAME));
}
