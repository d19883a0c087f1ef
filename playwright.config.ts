import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3300);
const baseURL = `http://127.0.0.1:${PORT}`;

// Browser tests run Debian's Chromium (Playwright's own browser download cannot work here)
// against the real server, built and started fresh on its own SQLite file with demo data.
export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.test.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command:
      "rm -f tests/.tmp/e2e.db tests/.tmp/e2e.db-wal tests/.tmp/e2e.db-shm && npm run build --silent && node --import tsx server/index.ts",
    url: `${baseURL}/healthz`,
    env: { PORT: String(PORT), HOST: "127.0.0.1", DATABASE_URL: "file:./tests/.tmp/e2e.db", LOG_LEVEL: "warn" },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
