// `npm run test:postgres`: the unit and integration suites again, on PostgreSQL. Needs a
// PostgreSQL server at MINKA_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test,
// trust auth) where it may create and drop databases named minka_test_*. CI has one.
// Without a reachable server it says so and fails, unless MINKA_TEST_POSTGRES=optional.
import { spawnSync } from "node:child_process";
import pg from "pg";

const url = process.env.MINKA_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.end();
} catch (error) {
  const message = `PostgreSQL is not reachable at ${url} (${(error as Error).message}): the PostgreSQL suite did NOT run.`;
  if (process.env.MINKA_TEST_POSTGRES === "optional") {
    console.warn(message);
    process.exit(0);
  }
  console.error(
    `${message}\nStart PostgreSQL, set MINKA_TEST_POSTGRES_URL, or set MINKA_TEST_POSTGRES=optional to skip it.`,
  );
  process.exit(1);
}
const result = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, MINKA_TEST_DATABASE: "postgres", MINKA_TEST_POSTGRES_URL: url },
});
process.exit(result.status ?? 1);
