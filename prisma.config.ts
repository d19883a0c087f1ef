import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

process.env.DATABASE_URL ??= "file:./data/minka.db";

// Prisma runs on its WebAssembly engines with a driver adapter: no native engine download.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    const file = path.resolve(process.env.DATABASE_URL!.replace(/^file:/, "").replace(/\?.*$/, ""));
    // SQLite creates the file but not its folder (data/ on a fresh clone).
    mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: `file:${file}` });
  },
});
