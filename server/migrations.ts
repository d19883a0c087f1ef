import { readdirSync } from "node:fs";
import path from "node:path";

/** The migrations this code expects, from prisma/migrations (folder names, oldest first). */
export function expectedMigrations(dir = path.resolve("prisma/migrations")): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The SQL that lists a database's successfully applied migrations (Prisma's own table). */
export const APPLIED_MIGRATIONS_SQL =
  "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";

/** The expected migrations missing from a database, and those it has that this code does not know. */
export function compareMigrations(applied: string[], expected: string[] = expectedMigrations()) {
  const have = new Set(applied);
  const know = new Set(expected);
  return {
    missing: expected.filter((name) => !have.has(name)),
    unknown: applied.filter((name) => !know.has(name)),
  };
}
