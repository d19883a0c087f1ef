import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrationFolders } from "./migrations.ts";
import { MIGRATION_SNAPSHOT, MIGRATIONS, SQLITE_SCHEMA, type Provider } from "./paths.ts";
import { postgresSchema } from "./postgres-schema.ts";

// One snapshot of the data model as of the last migration (prisma/migrations/schema.snapshot.prisma)
// stands in for `prisma migrate dev`'s shadow database, which the WebAssembly engine cannot use:
// the next migration is the diff from it to prisma/schema.prisma, for SQLite and for the derived
// PostgreSQL model alike. Its header names the last migration of each history it corresponds to.

export type Snapshot = {
  /** The data model (a complete SQLite Prisma schema, header included). */
  text: string;
  /** The last migration of each history when the snapshot was written. */
  last: Record<Provider, string | null>;
};

const HEADER = (last: Record<Provider, string | null>) =>
  [
    `// The data model (${SQLITE_SCHEMA}) as of the last migrations below, written by`,
    "// `npm run db:migration`, which diffs the schema against it and then rewrites it; checked by",
    "// `npm run db:check`. Do not edit by hand.",
    `// sqlite: ${last.sqlite ?? "none"}`,
    `// postgresql: ${last.postgresql ?? "none"}`,
    "",
  ].join("\n");

export function readSnapshot(file = MIGRATION_SNAPSHOT): Snapshot | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  const named = (provider: Provider) => {
    const name = new RegExp(`^// ${provider}: (\\S+)$`, "m").exec(text)?.[1];
    return name && name !== "none" ? name : null;
  };
  return { text, last: { sqlite: named("sqlite"), postgresql: named("postgresql") } };
}

/** Writes the snapshot: the current schema under a header naming the last migrations. */
export function writeSnapshot(last: Record<Provider, string | null>, file = MIGRATION_SNAPSHOT): void {
  writeFileSync(file, HEADER(last) + readFileSync(SQLITE_SCHEMA, "utf8"));
}

/** The last migration folder of each history, as it is on disk. */
export function lastMigrations(): Record<Provider, string | null> {
  return {
    sqlite: migrationFolders(MIGRATIONS.sqlite).at(-1) ?? null,
    postgresql: migrationFolders(MIGRATIONS.postgresql).at(-1) ?? null,
  };
}

/** The schema files a diff needs, per provider: the snapshot's model (null: none yet) and the current one. */
export type Datamodels = Record<Provider, { snapshot: string | null; schema: string }>;

/**
 * Runs `work` with the snapshot and the current schema as files for both providers (the
 * PostgreSQL ones derived into a temporary folder, removed afterwards).
 */
export async function withDatamodels<T>(work: (files: Datamodels) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "minka-datamodels-"));
  try {
    const snapshot = readSnapshot();
    const derive = (name: string, source: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, postgresSchema(source, file));
      return file;
    };
    return await work({
      sqlite: { snapshot: snapshot ? MIGRATION_SNAPSHOT : null, schema: SQLITE_SCHEMA },
      postgresql: {
        snapshot: snapshot ? derive("snapshot.postgres.prisma", snapshot.text) : null,
        schema: derive("schema.postgres.prisma", readFileSync(SQLITE_SCHEMA, "utf8")),
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
