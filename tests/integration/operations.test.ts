import { spawn } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/utils/db.server.ts";
import { login, postForm } from "../support/http.ts";
import { TMP_DIR } from "../support/paths.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// Operations against the real server: request ids, readiness, Prometheus metrics and who may read
// them, and a backup taken while the server writes, restored and served again.

const METRICS_TOKEN = "test-metrics-token-0123456789";
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ METRICS_TOKEN });
});

afterAll(async () => {
  await server?.stop();
});

/** Runs a script as `npm run <name>` does, on a given database; resolves with its exit code and output. */
function runScript(script: string, args: string[], databaseUrl: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("request ids", () => {
  it("gives every response an X-Request-Id, keeps a sane incoming one and replaces anything else", async () => {
    const fresh = await fetch(`${server.url}/healthz`);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${server.url}/planes`, { headers: { "X-Request-Id": "proxy-req-12345678" } });
    expect(kept.headers.get("x-request-id")).toBe("proxy-req-12345678");
    const hostile = await fetch(`${server.url}/planes`, { headers: { "X-Request-Id": "x<script>alert(1)</script>" } });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const long = await fetch(`${server.url}/planes`, { headers: { "X-Request-Id": "a".repeat(300) } });
    expect(long.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // The JSON log line of the request carries the same id, and never the headers.
    await expect.poll(() => server.output()).toContain('"id":"proxy-req-12345678"');
    expect(server.output()).not.toMatch(/"headers"/);
  });
});

describe("readiness", () => {
  it("answers /readyz 200 when the database answers and every migration is applied", async () => {
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });

  it("answers /readyz 503 naming the migration a database lacks", async () => {
    const file = path.join(TMP_DIR, `unmigrated-${randomUUID()}.db`);
    const own = await startServer({ DATABASE_URL: `file:${file}` });
    try {
      const db = new Database(file);
      const last = db
        .prepare("SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name DESC")
        .get() as {
        name: string;
      };
      db.prepare("UPDATE _prisma_migrations SET rolled_back_at = CURRENT_TIMESTAMP WHERE migration_name = ?").run(
        last.name,
      );
      db.close();
      const response = await fetch(`${own.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: "unavailable",
        problems: [`migrations not applied: ${last.name}`],
      });
      // Liveness is another question: the process is up and the database answers.
      expect((await fetch(`${own.url}/healthz`)).status).toBe(200);
    } finally {
      await own.stop();
    }
  }, 90_000);
});

describe("metrics", () => {
  it("serves Prometheus metrics to this machine, with requests by route pattern, sockets, documents and stored updates", async () => {
    await (await fetch(`${server.url}/planes/paga-2012-2013`)).text();
    await (await fetch(`${server.url}/planes/no-existe`)).text();
    const scrape = async () => {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain;.*version=0\.0\.4/);
      return response.text();
    };
    await expect
      .poll(scrape)
      .toMatch(/minka_http_requests_total\{method="GET",route="\/planes\/:planId",status="404"\} [1-9]/);
    const text = await scrape();
    expect(text).toMatch(/minka_http_requests_total\{method="GET",route="\/planes\/:planId",status="200"\} [1-9]/);
    expect(text).toContain('minka_http_request_duration_seconds_bucket{le="0.1",method="GET",route="/planes/:planId"}');
    expect(text).not.toContain("paga-2012-2013");
    expect(text).toMatch(/^minka_socketio_open_sockets \d+$/m);
    expect(text).toMatch(/^minka_collab_open_connections \d+$/m);
    expect(text).toMatch(/^minka_collab_loaded_documents \d+$/m);
    // Stored updates are counted from the database: add rows and the gauge follows.
    const db = createPrismaClient(server.databaseUrl);
    try {
      await db.collabUpdate.createMany({
        data: [1, 2, 3].map(() => ({ room: "commitment/metrics-test", data: new Uint8Array([0, 0]) })),
      });
      const rows = await db.collabUpdate.count();
      expect(Number((await scrape()).match(/^minka_collab_stored_updates (\d+)$/m)?.[1])).toBe(rows);
    } finally {
      await db.$disconnect();
    }
  });

  it("refuses /metrics through a proxy without the token, and serves it with the bearer token", async () => {
    const proxied = await fetch(`${server.url}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.7" } });
    expect(proxied.status).toBe(401);
    expect(proxied.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { "X-Forwarded-For": "203.0.113.7", Authorization: "Bearer not-the-token-at-all-00000" },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${server.url}/metrics`, {
      headers: { "X-Forwarded-For": "203.0.113.7", Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("minka_http_requests_total");
  });

  it("answers 403 through a proxy when no token is configured", async () => {
    const own = await startServer();
    try {
      const proxied = await fetch(`${own.url}/metrics`, { headers: { Forwarded: "for=203.0.113.7" } });
      expect(proxied.status).toBe(403);
      expect((await fetch(`${own.url}/metrics`)).status).toBe(200);
    } finally {
      await own.stop();
    }
  }, 90_000);
});

describe("backup and restore", () => {
  it("backs up while the server writes, refuses to restore under a running server, restores and serves the copy", async () => {
    // SQLite's online backup: on a SQLite file in both test runs.
    const own = await startServer({ DATABASE_URL: `file:${path.join(TMP_DIR, `backup-source-${randomUUID()}.db`)}` });
    const dbFile = own.databaseUrl.replace(/^file:/, "");
    const backupFile = path.join(TMP_DIR, `backup-${randomUUID()}`, "minka.db");
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      while (writing) {
        await login(own, "admin@minka.pe");
        writes += 1;
      }
    })();
    try {
      await expect.poll(() => writes, { timeout: 20_000 }).toBeGreaterThan(2);
      const made = await runScript("scripts/backup.ts", [backupFile], own.databaseUrl);
      expect(made.code, made.output).toBe(0);
      expect(made.output).toContain(`Backup written to ${backupFile}`);
      const writesAtBackup = writes;
      await expect.poll(() => writes, { timeout: 20_000 }).toBeGreaterThan(writesAtBackup + 2);
      writing = false;
      await writer;

      const copy = new Database(backupFile, { readonly: true });
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const sessionsInCopy = (copy.prepare("SELECT COUNT(*) AS n FROM Session").get() as { n: number }).n;
      copy.close();
      expect(sessionsInCopy).toBeGreaterThan(0);

      // A person who registers after the backup is not in it.
      const later = `despues-${randomUUID()}@example.pe`;
      const registered = await postForm(own, "/registro", {
        name: "Después del respaldo",
        email: later,
        password: "una frase segura",
        passwordConfirm: "una frase segura",
        consent: "on",
      });
      expect(registered.status).toBe(302);

      const refused = await runScript("scripts/restore.ts", [backupFile], own.databaseUrl);
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/A Minka server \(pid \d+\) is using/);

      expect(await own.stop()).toBe(0);
      const before = new Set(readdirSync(path.dirname(dbFile)));
      const restored = await runScript("scripts/restore.ts", [backupFile], own.databaseUrl);
      expect(restored.code, restored.output).toBe(0);
      const kept = readdirSync(path.dirname(dbFile)).find(
        (name) => !before.has(name) && name.startsWith(`${path.basename(dbFile)}.replaced-`),
      );
      expect(kept, restored.output).toBeDefined();
      const replaced = new Database(path.join(path.dirname(dbFile), kept!), { readonly: true });
      expect(replaced.prepare("SELECT COUNT(*) AS n FROM User WHERE email = ?").get(later)).toEqual({ n: 1 });
      replaced.close();

      const again = await startServer({ DATABASE_URL: own.databaseUrl });
      try {
        expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
        const admin = await login(again, "admin@minka.pe");
        const laterLogin = await postForm(again, "/ingresar", { email: later, password: "una frase segura" });
        expect(laterLogin.status).toBe(400);
        expect((await fetch(`${again.url}/cuenta`, { headers: { Cookie: admin } })).status).toBe(200);
      } finally {
        await again.stop();
      }
      const verified = await runScript("scripts/ledger-verify.ts", [], own.databaseUrl);
      expect(verified.code, verified.output).toBe(0);
    } finally {
      writing = false;
      await writer.catch(() => {});
      await own.stop();
    }
  }, 180_000);

  it("refuses files that are not a Minka database at the current migration", async () => {
    const target = `file:${path.join(TMP_DIR, `restore-target-${randomUUID()}.db`)}`;
    const notSqlite = path.join(TMP_DIR, `not-a-db-${randomUUID()}.db`);
    writeFileSync(notSqlite, "hello, this is not SQLite at all ".repeat(100));
    const notSqliteResult = await runScript("scripts/restore.ts", [notSqlite], target);
    expect(notSqliteResult.code).toBe(1);
    expect(notSqliteResult.output).toMatch(/Restore refused: .*(cannot be|not a database|integrity)/);

    const otherDb = path.join(TMP_DIR, `other-${randomUUID()}.db`);
    const other = new Database(otherDb);
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    other.close();
    const otherResult = await runScript("scripts/restore.ts", [otherDb], target);
    expect(otherResult.code).toBe(1);
    expect(otherResult.output).toContain("is not a Minka database");

    const old = path.join(TMP_DIR, `old-${randomUUID()}.db`);
    copyFileSync(path.join(TMP_DIR, "template.db"), old);
    const oldDb = new Database(old);
    oldDb
      .prepare(
        "DELETE FROM _prisma_migrations WHERE migration_name = (SELECT MAX(migration_name) FROM _prisma_migrations)",
      )
      .run();
    oldDb.close();
    const oldResult = await runScript("scripts/restore.ts", [old], target);
    expect(oldResult.code).toBe(1);
    expect(oldResult.output).toContain("lacks migrations this version needs");
    expect(existsSync(target.replace(/^file:/, ""))).toBe(false);
  }, 60_000);
});
