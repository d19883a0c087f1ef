import { copyFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, vi } from "vitest";
import { TEMPLATE_DB, TMP_DIR } from "./paths.ts";
import { createTestDatabase, onPostgres, TEMPLATE_NAME } from "./postgres.ts";

// Each test file gets its own copy of the migrated template database, so files run in parallel
// without sharing rows. Modules that read DATABASE_URL see this file's copy.
if (onPostgres) {
  process.env.DATABASE_URL = await createTestDatabase(TEMPLATE_NAME);
} else {
  const file = path.join(TMP_DIR, `${randomUUID()}.db`);
  copyFileSync(TEMPLATE_DB, file);
  process.env.DATABASE_URL = `file:${file}`;
}
process.env.LOG_LEVEL ??= "silent";

// Any stray console.error fails the test that caused it.
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});

afterAll(async () => {
  const { disposeServices, installedServices } = await import("~/services.server.ts");
  const services = installedServices();
  if (services) await disposeServices(services);
});
