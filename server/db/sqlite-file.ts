import path from "node:path";

/** The SQLite file DATABASE_URL names (default data/minka.db), resolved against the working directory. */
export function sqliteFile(url = process.env.DATABASE_URL ?? "file:./data/minka.db"): string {
  if (!url.startsWith("file:")) {
    throw new Error("DATABASE_URL is not a SQLite file; for PostgreSQL use pg_dump and pg_restore (see the README)");
  }
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}
