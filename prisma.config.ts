import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

process.env.DATABASE_URL ??= "file:./data/minka.db";
const postgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL);

// Prisma runs on its WebAssembly engines with a driver adapter: no native engine download.
// DATABASE_URL chooses the database: a `file:` URL is SQLite (the default), `postgresql://` is
// PostgreSQL, with its schema derived from prisma/schema.prisma into prisma/generated/ by
// `npm run db:generate` (server/db/postgres-schema.ts).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres
    ? path.join("prisma", "generated", "postgres", "schema.prisma")
    : path.join("prisma", "schema.prisma"),
  migrations: { path: postgres ? path.join("prisma", "postgres", "migrations") : path.join("prisma", "migrations") },
  async adapter() {
    if (postgres) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: process.env.DATABASE_URL! });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    const file = path.resolve(process.env.DATABASE_URL!.replace(/^file:/, "").replace(/\?.*$/, ""));
    // SQLite creates the file but not its folder (data/ on a fresh clone).
    mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: `file:${file}` });
  },
});
