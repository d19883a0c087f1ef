// Creates a new migration, for SQLite and for PostgreSQL, from the difference between the schema
// at the last migration and prisma/schema.prisma. `prisma migrate dev` needs a native engine we
// cannot download, so each migration folder keeps a snapshot of the schema it produced, and we
// diff schema to schema. The PostgreSQL schema is derived from the SQLite one (postgres-schema.ts).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { diffSinceLastMigration } from "./db-migration-lib.ts";
import { POSTGRES_DIR, POSTGRES_SCHEMA, postgresSchema } from "./postgres-schema.ts";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:migration -- <name>");
  process.exit(1);
}

mkdirSync(POSTGRES_DIR, { recursive: true });
writeFileSync(POSTGRES_SCHEMA, postgresSchema(readFileSync(path.join("prisma", "schema.prisma"), "utf8")));

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const targets = [
  { provider: "sqlite", schema: path.join("prisma", "schema.prisma"), dir: path.join("prisma", "migrations") },
  { provider: "postgresql", schema: POSTGRES_SCHEMA, dir: path.join(POSTGRES_DIR, "migrations") },
];

let created = 0;
for (const target of targets) {
  const sql = diffSinceLastMigration(target.dir, target.schema);
  if (!/\b(CREATE|ALTER|DROP|INSERT|UPDATE)\b/i.test(sql)) {
    console.log(`${target.provider}: the schema has not changed since the last migration.`);
    continue;
  }
  const dir = path.join(target.dir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  writeFileSync(path.join(dir, "schema.prisma"), readFileSync(target.schema, "utf8"));
  writeFileSync(path.join(target.dir, "migration_lock.toml"), `provider = "${target.provider}"\n`);
  console.log(`Created ${dir}`);
  created += 1;
}
if (created === 0) console.log("Nothing to do.");
