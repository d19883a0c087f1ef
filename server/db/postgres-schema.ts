import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA } from "./paths.ts";

const PROVIDER = /(provider\s*=\s*)"sqlite"/;
const OUTPUT = /(output\s*=\s*)"([^"]+)"/;

/**
 * The PostgreSQL data model derived from the SQLite one, the single source: the same models, with
 * provider `postgresql` and its own generated client (`<SQLite client folder>-pg`, since Prisma's
 * query compiler is provider-specific). `target` is where the result will be written, so that
 * the client's output path, which Prisma reads relative to the schema file, stays right.
 */
export function postgresSchema(source: string, target: string = POSTGRES_SCHEMA): string {
  const output = OUTPUT.exec(source);
  if (!PROVIDER.test(source) || !output) {
    throw new Error(
      `${SQLITE_SCHEMA} no longer has the sqlite datasource or the generator output this derivation rewrites`,
    );
  }
  const client = path.resolve(path.dirname(SQLITE_SCHEMA), output[2]!) + "-pg";
  const relative = path
    .relative(path.dirname(path.resolve(target)), client)
    .split(path.sep)
    .join("/");
  const swapped = source.replace(PROVIDER, '$1"postgresql"').replace(OUTPUT, `$1"${relative}"`);
  return `// GENERATED from ${SQLITE_SCHEMA} by \`npm run db:generate\`; not committed, do not edit.\n${swapped}`;
}

/** Writes the derived PostgreSQL schema (`npm run db:generate` does, before `prisma generate`). */
export function writePostgresSchema(target: string = POSTGRES_SCHEMA): string {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, postgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"), target));
  return target;
}
