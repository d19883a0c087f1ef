// CI's drift check: the PostgreSQL schema is the one derived from prisma/schema.prisma, and both
// migration histories end exactly at the current data model. Exit 1 naming what drifted.
import { readFileSync } from "node:fs";
import path from "node:path";
import { diffSinceLastMigration } from "./db-migration-lib.ts";
import { POSTGRES_DIR, POSTGRES_SCHEMA, postgresSchema } from "./postgres-schema.ts";

const problems: string[] = [];
const expected = postgresSchema(readFileSync(path.join("prisma", "schema.prisma"), "utf8"));
let current = "";
try {
  current = readFileSync(POSTGRES_SCHEMA, "utf8");
} catch {
  // missing: reported below
}
if (current !== expected) problems.push(`${POSTGRES_SCHEMA} differs from the one derived from prisma/schema.prisma`);
for (const [label, dir, schema] of [
  ["SQLite", path.join("prisma", "migrations"), path.join("prisma", "schema.prisma")],
  ["PostgreSQL", path.join(POSTGRES_DIR, "migrations"), POSTGRES_SCHEMA],
] as const) {
  const sql = diffSinceLastMigration(dir, schema);
  if (/\b(CREATE|ALTER|DROP)\b/i.test(sql))
    problems.push(`${label} migrations do not reach the current schema:\n${sql}`);
}
if (problems.length > 0) {
  console.error(`Data model drift:\n- ${problems.join("\n- ")}\nRun \`npm run db:migration -- <name>\`.`);
  process.exit(1);
}
console.log("Data model, PostgreSQL schema and both migration histories agree.");
