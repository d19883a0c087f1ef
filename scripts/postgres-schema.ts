// Derives the PostgreSQL data model from prisma/schema.prisma, the single source: same models,
// provider `postgresql`, its own generated client. `--check` exits 1 if the committed file drifted.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const POSTGRES_DIR = path.join("prisma", "postgres");
export const POSTGRES_SCHEMA = path.join(POSTGRES_DIR, "schema.prisma");

export function postgresSchema(source: string): string {
  const swapped = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/app\/generated\/prisma"/, 'output       = "../../app/generated/prisma-pg"');
  if (!swapped.includes('"postgresql"') || !swapped.includes("prisma-pg")) {
    throw new Error("prisma/schema.prisma no longer has the datasource or generator this script rewrites");
  }
  return "// GENERATED from prisma/schema.prisma by `npm run db:postgres-schema`; do not edit by hand.\n" + swapped;
}

if (import.meta.url === `file://${path.resolve(process.argv[1] ?? "")}`) {
  const expected = postgresSchema(readFileSync(path.join("prisma", "schema.prisma"), "utf8"));
  const current = existsSync(POSTGRES_SCHEMA) ? readFileSync(POSTGRES_SCHEMA, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (current !== expected) {
      console.error(
        `${POSTGRES_SCHEMA} is out of date: run \`npm run db:migration -- <name>\` or \`npm run db:postgres-schema\`.`,
      );
      process.exit(1);
    }
    console.log(`${POSTGRES_SCHEMA} matches prisma/schema.prisma.`);
  } else {
    mkdirSync(POSTGRES_DIR, { recursive: true });
    writeFileSync(POSTGRES_SCHEMA, expected);
    console.log(`Wrote ${POSTGRES_SCHEMA}`);
  }
}
