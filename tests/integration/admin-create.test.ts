import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/utils/db.server.ts";
import { hashPassword } from "~/utils/password.server.ts";
import { TEMPLATE_DB, TMP_DIR } from "../support/paths.ts";
import { createTestDatabase, onPostgres, TEMPLATE_NAME } from "../support/postgres.ts";
import { postForm } from "../support/http.ts";
import { enrolAtLogin } from "../support/second-factor.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// `npm run admin:create` as an operator runs it, against databases of its own: an empty
// production database gets its first administrator (who then logs in to the real server), and
// every refusal has its message and exit code. The administrator's first login enrols a second
// factor.

const PASSWORD = "la clave de la secretaría";
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.stop();
});

/** A database of its own: a new SQLite path (nothing there yet) or a migrated copy. */
async function database(kind: "empty" | "migrated"): Promise<string> {
  if (onPostgres) return createTestDatabase(kind === "empty" ? undefined : TEMPLATE_NAME);
  const file = path.join(TMP_DIR, `admin-${randomUUID()}.db`);
  if (kind === "migrated") copyFileSync(TEMPLATE_DB, file);
  return `file:${file}`;
}

/** Runs a shell command line as an operator would; resolves with its exit code and output. */
function sh(command: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const { NODE_ENV: _vitest, ...inherited } = process.env;
    const child = spawn("bash", ["-c", command], {
      env: { ...inherited, NODE_ENV: "production", MINKA_DEMO: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const create = (databaseUrl: string, args: string, password = PASSWORD) =>
  sh(`printf '%s\\n' "$PW" | npm run --silent admin:create -- ${args}`, { DATABASE_URL: databaseUrl, PW: password });

describe("npm run admin:create", () => {
  it("creates the first administrator of an empty production database, who then logs in", async () => {
    const databaseUrl = await database("empty");
    const made = await sh(
      `echo "$PW" | npm run admin:create -- --email Secretaria@Example.PE --name "Ana Secretaria"`,
      { DATABASE_URL: databaseUrl, PW: PASSWORD },
    );
    expect(made.stderr).toBe("");
    expect(made.code, made.stdout).toBe(0);
    expect(made.stdout).toContain("Administrator secretaria@example.pe created.");

    const server = await startServer({ DATABASE_URL: databaseUrl, NODE_ENV: "production", MINKA_DEMO: "0" });
    servers.push(server);
    // The first login enrols the administrator's second factor (docs/decisions/023).
    const { cookie, recoveryCodes } = await enrolAtLogin(server, "secretaria@example.pe", PASSWORD);
    expect(recoveryCodes).toHaveLength(10);
    const account = await fetch(`${server.url}/cuenta`, { headers: { Cookie: cookie } });
    expect(await account.text()).toContain("Ana Secretaria");
    const outbox = await fetch(`${server.url}/administracion/correo`, { headers: { Cookie: cookie } });
    expect(outbox.status).toBe(200);
    // Production without SMTP_URL: the workspace and /readyz say mail is not configured.
    expect(await outbox.text()).toContain("El correo no está configurado");
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", mail: "not configured" });

    // In production the page never shows a message's content (its links would work).
    expect((await postForm(server, "/recuperar-contrasena", { email: "secretaria@example.pe" })).status).toBe(302);
    const db = createPrismaClient(databaseUrl);
    try {
      const waiting = await db.outboxMessage.findFirstOrThrow({ where: { recipient: "secretaria@example.pe" } });
      expect(waiting.status).toBe("PENDING");
      const read = await postForm(server, "/administracion/correo", { intent: "read", id: waiting.id }, { cookie });
      expect(read.status).toBe(403);
      expect(await read.text()).not.toContain("/recuperar-contrasena/");
      expect(await db.mailToken.count()).toBe(0);
    } finally {
      await db.$disconnect();
    }

    // A second administrator is appointed from the workspace, never by this command.
    const again = await create(databaseUrl, `--email otra@example.pe --name "Otra Persona"`);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain("this database already has an administrator");
  }, 180_000);

  it("refuses a weak password, a bad email and missing arguments, creating nothing", async () => {
    const databaseUrl = await database("migrated");
    const weak = await create(databaseUrl, `--email ana@example.pe --name "Ana"`, "corta");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("password: The password must be at least 10 characters long.");
    const badEmail = await create(databaseUrl, `--email no-es-un-correo --name "Ana Pérez"`);
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toContain("email: Enter a valid email");
    const missing = await create(databaseUrl, `--email ana@example.pe`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Both --email and --name are required.");
    const unknown = await create(databaseUrl, `--email ana@example.pe --name "Ana" --role ADMIN`);
    expect(unknown.code).toBe(1);
    const db = createPrismaClient(databaseUrl);
    try {
      expect(await db.user.count()).toBe(0);
    } finally {
      await db.$disconnect();
    }
  }, 120_000);

  it("refuses an email already taken; with people but no administrator it creates one", async () => {
    const databaseUrl = await database("migrated");
    const db = createPrismaClient(databaseUrl);
    try {
      await db.user.create({
        data: { email: "vecina@example.pe", name: "Vecina", passwordHash: await hashPassword("una clave cualquiera") },
      });
      const taken = await create(databaseUrl, `--email VECINA@example.pe --name "Vecina Dos"`);
      expect(taken.code).toBe(2);
      expect(taken.stderr).toContain("VECINA@example.pe already has an account");
      expect(await db.user.count()).toBe(1);
      // The only administrator erased their account, say: this is the only way back.
      const made = await create(databaseUrl, `--email nueva@example.pe --name "Nueva Secretaria"`);
      expect(made.code, made.stderr).toBe(0);
      expect(await db.user.findUniqueOrThrow({ where: { email: "nueva@example.pe" } })).toMatchObject({
        role: "ADMIN",
        name: "Nueva Secretaria",
      });
    } finally {
      await db.$disconnect();
    }
  }, 120_000);
});
