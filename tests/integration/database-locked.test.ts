import { copyFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, prepareDatabase, type PrismaClient } from "~/utils/db.server.ts";
import { login, postForm } from "../support/http.ts";
import { TEMPLATE_DB, TMP_DIR } from "../support/paths.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { databaseDigest, demoCommitmentId } from "../security/support.ts";

// Fault: the database is locked during a write (another connection holds an exclusive lock on the
// same SQLite file). The person gets a clear 503 page with a retry message, nothing is left
// half-written, and the server works again as soon as the lock is released. A SQLite fault, so on
// a SQLite file in both test runs (the PostgreSQL run included).

let server: RunningServer;
let prisma: PrismaClient;

beforeAll(async () => {
  const file = path.join(TMP_DIR, `locked-${randomUUID()}.db`);
  copyFileSync(TEMPLATE_DB, file);
  prisma = createPrismaClient(`file:${file}`);
  await prepareDatabase(prisma);
  server = await startServer({ DATABASE_URL: `file:${file}` });
});

afterAll(async () => {
  await server?.stop();
  await prisma?.$disconnect();
});

/** Holds BEGIN EXCLUSIVE on the server's database file from a second connection. */
function lockDatabase() {
  const db = new Database(server.databaseUrl.replace(/^file:/, ""));
  db.exec("BEGIN EXCLUSIVE");
  return () => {
    db.exec("ROLLBACK");
    db.close();
  };
}

describe("database locked during a write", () => {
  it("answers 503 with a retry page, keeps nothing half-written, and recovers when the lock is released", async () => {
    const servant = await login(server, "servidor@minka.pe");
    const commitmentId = await demoCommitmentId(server, 2);
    const before = await prisma.commitment.findUniqueOrThrow({ where: { id: commitmentId }, select: { status: true } });
    const email = `bloqueo-${Date.now()}@example.pe`;
    const registration = {
      name: "Persona Bloqueada",
      email,
      password: "una frase segura",
      passwordConfirm: "una frase segura",
      consent: "on",
    };

    const release = lockDatabase();
    let digestWhileLocked: string;
    try {
      digestWhileLocked = await databaseDigest({ client: prisma });
      // A multi-row transaction (status, version, public record) and a plain registration.
      const status = await postForm(
        server,
        `/compromisos/${commitmentId}`,
        { intent: "status", to: "IN_CONSULTATION" },
        { cookie: servant },
      );
      expect(status.status).toBe(503);
      expect(status.headers.get("retry-after")).toBe("5");
      const page = await status.text();
      expect(page).toContain("Servicio ocupado por un momento");
      expect(page).toContain("No se guardó nada a medias");
      expect(page).toContain("Reintentar");

      const registered = await postForm(server, "/registro", registration);
      expect(registered.status).toBe(503);
      expect(registered.headers.getSetCookie()).toEqual([]);

      // Reading still works while the writer is locked out (WAL), and the process is alive.
      expect((await fetch(`${server.url}/planes`)).status).toBe(200);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      release();
    }

    // Nothing half-written: every table is as it was when the lock was taken.
    expect(await databaseDigest({ client: prisma })).toBe(digestWhileLocked!);
    expect(
      await prisma.commitment.findUniqueOrThrow({ where: { id: commitmentId }, select: { status: true } }),
    ).toEqual(before);
    expect(await prisma.user.count({ where: { email } })).toBe(0);

    // Recovered: the same requests now succeed.
    const retried = await postForm(
      server,
      `/compromisos/${commitmentId}`,
      { intent: "status", to: "IN_CONSULTATION" },
      { cookie: servant },
    );
    expect(retried.status).toBe(302);
    expect((await prisma.commitment.findUniqueOrThrow({ where: { id: commitmentId } })).status).toBe("IN_CONSULTATION");
    const registeredAgain = await postForm(server, "/registro", registration);
    expect(registeredAgain.status).toBe(302);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect(server.process.exitCode).toBeNull();
  }, 60_000);
});
