import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { TEMPLATE_DB, TMP_DIR } from "./paths.ts";
import { createTemplateDatabase, dropTestDatabases, onPostgres } from "./postgres.ts";

/** Once per run: a migrated template database, and a fresh build for tests that start the server. */
export default async function setup() {
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    stdio: "ignore",
  });
  if (onPostgres) {
    await dropTestDatabases(true);
    await createTemplateDatabase();
  }
  // A production build, as `npm start` makes it (Vitest itself runs with NODE_ENV=test).
  execFileSync("npx", ["remix", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
}

export async function teardown() {
  if (onPostgres) await dropTestDatabases(true);
}
