import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS, type Provider } from "./paths.ts";
import { writePostgresSchema } from "./postgres-schema.ts";
import { diffDatamodels, hasStatements } from "./prisma-cli.ts";
import { lastMigrations, readSnapshot, withDatamodels, writeSnapshot } from "./snapshot.ts";

const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

/** A migration's name as a folder suffix: lower case, words joined by `_`. */
export function migrationName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

/**
 * The SQL of the next migration for each provider: from the snapshot (the model as of the last
 * migration) to prisma/schema.prisma. Refuses to plan from nothing when migrations exist but the
 * snapshot does not (it would recreate every table).
 */
export async function planMigration(): Promise<Record<Provider, string>> {
  if (!readSnapshot() && PROVIDERS.some((provider) => lastMigrations()[provider] !== null)) {
    throw new Error("the migration snapshot is missing while migrations exist: restore it from git");
  }
  return withDatamodels(async (files) => {
    const [sqlite, postgresql] = await Promise.all(
      PROVIDERS.map((provider) => diffDatamodels(files[provider].snapshot, files[provider].schema)),
    );
    return { sqlite: sqlite!, postgresql: postgresql! };
  });
}

/**
 * `npm run db:migration -- <name>`: writes the next migration of each provider whose model
 * changed (`<UTC stamp>_<name>/migration.sql`), then the new snapshot, and regenerates the
 * derived PostgreSQL schema. Returns the folders created (none when nothing changed).
 */
export async function createMigration(rawName: string, now = new Date()): Promise<string[]> {
  const name = migrationName(rawName);
  if (!name) throw new Error("a migration needs a name");
  writePostgresSchema();
  const plan = await planMigration();
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const last = lastMigrations();
  const created: string[] = [];
  for (const provider of PROVIDERS) {
    if (!hasStatements(plan[provider])) continue;
    const folder = `${stamp}_${name}`;
    const dir = path.join(MIGRATIONS[provider], folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), plan[provider]);
    writeFileSync(path.join(MIGRATIONS[provider], "migration_lock.toml"), `provider = "${provider}"\n`);
    last[provider] = folder;
    created.push(dir);
  }
  if (created.length > 0) writeSnapshot(last);
  return created;
}
