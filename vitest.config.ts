import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "server/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "tests/security/**/*.test.ts",
      // The fault suite (kill -9 cycles, protocol fuzzing, disk full) runs on the embedded default.
      ...(process.env.MINKA_TEST_DATABASE === "postgres" ? [] : ["tests/faults/**/*.test.ts"]),
      ...(process.env.MINKA_TEST_DATABASE === "postgres" ? ["tests/postgres/**/*.test.ts"] : []),
      // Several nodes need PostgreSQL and Redis: only in `npm run test:postgres`, when both are up.
      ...(process.env.MINKA_TEST_CLUSTER === "1" ? ["tests/cluster/**/*.test.ts"] : []),
    ],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/per-file-database.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
