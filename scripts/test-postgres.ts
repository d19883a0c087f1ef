// `npm run test:postgres`: the unit and integration suites again on PostgreSQL, plus the
// two-node cluster tests (PostgreSQL + Redis). Needs a PostgreSQL server at MINKA_TEST_POSTGRES_URL
// (default postgresql://postgres@127.0.0.1:5432/test, where it creates and drops databases named
// minka_test_*) and Redis at MINKA_TEST_REDIS_URL (default redis://127.0.0.1:6379).
// When a service is not reachable it says so loudly and does not run what needs it; with
// MINKA_TEST_SERVICES=required (as on CI) that is a failure instead.
import { spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import pg from "pg";

const required = process.env.MINKA_TEST_SERVICES === "required";
const postgresUrl = process.env.MINKA_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const redisUrl = process.env.MINKA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function reachable(check: () => Promise<unknown>): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const postgresProblem = await reachable(async () => {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.end();
});
const redisProblem = await reachable(async () => {
  const client = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
});

function notRun(what: string, problem: string) {
  const line = `*** ${what} did NOT run: ${problem} ***`;
  if (required) {
    console.error(`${line}\n(MINKA_TEST_SERVICES=required)`);
    process.exit(1);
  }
  console.warn(line);
}

if (postgresProblem) {
  notRun("The PostgreSQL suite", `PostgreSQL is not reachable at ${postgresUrl} (${postgresProblem})`);
  process.exit(0);
}
if (redisProblem) notRun("The two-node cluster tests", `Redis is not reachable at ${redisUrl} (${redisProblem})`);

const result = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...process.env,
    MINKA_TEST_DATABASE: "postgres",
    MINKA_TEST_POSTGRES_URL: postgresUrl,
    MINKA_TEST_REDIS_URL: redisUrl,
    MINKA_TEST_CLUSTER: redisProblem ? "0" : "1",
  },
});
process.exit(result.status ?? 1);
