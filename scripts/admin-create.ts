// `npm run admin:create -- --email <email> --name "<name>"`: the first administrator of an
// installation (app/accounts/first-admin.server.ts). The password comes from standard input, so
// `echo "$PW" | npm run admin:create -- --email ... --name ...` works in a script; at a terminal
// it is asked for twice, without echo. The database is migrated first if it needs it.
//
// Exit codes: 0 created; 1 bad arguments or input (a weak password, an invalid email); 2 the
// email belongs to an account already; 3 the database already has an administrator (appoint more
// from the workspace).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { createFirstAdministrator } from "../app/accounts/first-admin.server.ts";
import { isPostgresUrl, prepareDatabase, prisma } from "../app/utils/db.server.ts";
import { parseEnv } from "../app/utils/env.server.ts";
import { migratePostgres } from "../server/db/migrate-postgres.ts";
import { sqliteMigrationsUpToDate } from "../server/db/migrations.ts";

const USAGE = 'Usage: npm run admin:create -- --email <email> --name "<name>"   (the password on standard input)';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

/** Everything on standard input, less one trailing line break. */
async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** A line typed at the terminal without echo. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let value = "";
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          stdin.off("data", onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write("\n");
          resolve(value);
          return;
        }
        if (char === "\u0003") {
          stdin.setRawMode(false);
          reject(new Error("cancelled"));
          return;
        }
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readPiped();
  const first = await askHidden("Password for the administrator: ");
  const second = await askHidden("The same password again: ");
  if (first !== second) fail("The two passwords differ; nothing was created.", 1);
  return first;
}

/** Applies pending migrations, as the server does on start. */
async function migrate(databaseUrl: string) {
  if (isPostgresUrl(databaseUrl)) {
    await migratePostgres(databaseUrl);
    return;
  }
  const file = path.resolve(databaseUrl.replace(/^file:/, "").replace(/\?.*$/, ""));
  if (sqliteMigrationsUpToDate(file)) return;
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    stdio: "pipe",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

let args: { email?: string; name?: string; help?: boolean };
try {
  args = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 1);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.email || !args.name) fail(`Both --email and --name are required.\n${USAGE}`, 1);

let env;
try {
  env = parseEnv();
} catch (error) {
  fail((error as Error).message, 1);
}
const password = await readPassword().catch(() => fail("Cancelled; nothing was created.", 1));
try {
  await migrate(env.DATABASE_URL);
} catch (error) {
  const { stderr } = error as { stderr?: Buffer };
  fail(`The database could not be migrated: ${stderr?.toString() || (error as Error).message}`, 1);
}
await prepareDatabase();
const result = await createFirstAdministrator({ email: args.email, name: args.name, password });
await prisma().$disconnect();
if (result.ok) {
  console.log(`Administrator ${result.email} created. Log in at /ingresar.`);
  process.exit(0);
}
if (result.reason === "invalid") {
  fail(`Nothing was created:\n${result.problems.map((problem) => `  - ${problem}`).join("\n")}`, 1);
}
if (result.reason === "email-taken") fail(`Nothing was created: ${args.email} already has an account.`, 2);
fail(
  `Nothing was created: this database already has an administrator (${result.count}). ` +
    "An administrator appoints others from the workspace.",
  3,
);
