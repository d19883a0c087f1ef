import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { useTestDatabase } from "../support/factories.ts";
import { postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { freePorts, smtpUrl, startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../support/smtp.ts";

// The SMTP server down, then back; the Minka server killed with SIGKILL while messages wait and
// while one is being sent. Messages wait in the outbox, go out once the SMTP server is back, none
// twice and none lost; a message whose delivery a crash interrupted goes out again with the same
// Message-ID (at least once).

const servers: RunningServer[] = [];
let smtp: TestSmtpServer | null = null;
let smtpPort: number;
let port: number;

async function start() {
  const server = await startServer({
    DATABASE_URL: process.env.DATABASE_URL!,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtpUrl(smtpPort),
    MAIL_RETRY_SECONDS: "1",
    MAIL_LEASE_SECONDS: "2",
  });
  servers.push(server);
  return server;
}

async function kill(server: RunningServer) {
  server.process.kill("SIGKILL");
  expect(await server.stop()).toBeNull();
}

beforeAll(async () => {
  await useTestDatabase();
  [smtpPort, port] = (await freePorts(2)) as [number, number];
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  await smtp?.close();
});

const until = async (check: () => Promise<boolean>, label: string, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const ADDRESSES = [
  "admin@minka.pe",
  "foro@minka.pe",
  "servidor@minka.pe",
  "ciudadana@minka.pe",
  "presidencia@minka.pe",
];
const resetTo = (email: string) => (mail: ReceivedMail) =>
  mail.envelope.to.includes(email) && mail.links.some((l) => l.includes("/recuperar-contrasena/"));

describe("mail while the SMTP server is down, and across kill -9", () => {
  it("keeps messages in the outbox, retries with backoff, and sends each once when SMTP is back", async () => {
    const first = await start();
    for (const email of ADDRESSES) {
      const response = await postForm(first, "/recuperar-contrasena", { email });
      expect(response.status).toBe(302);
    }
    // Nothing listens on the SMTP port: every attempt fails and is rescheduled, later each time.
    await until(async () => {
      const rows = await prisma().outboxMessage.findMany({ where: { recipient: { in: ADDRESSES } } });
      return rows.length === ADDRESSES.length && rows.every((r) => r.status === "PENDING" && r.attempts >= 2);
    }, "two failed attempts each");
    const waiting = await prisma().outboxMessage.findMany({ where: { recipient: { in: ADDRESSES } } });
    for (const row of waiting) {
      expect(row.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(row.createdAt.getTime() + 1000);
    }

    // Killed while they wait; restarted, still without SMTP; then the SMTP server comes up.
    await kill(first);
    await start();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    smtp = await startSmtpServer(smtpPort);
    await smtp.waitFor((mail) => ADDRESSES.some((email) => resetTo(email)(mail)), ADDRESSES.length, 40_000);
    // Longer than a lease and a retry: nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const received = smtp.received.filter((mail) => ADDRESSES.some((email) => resetTo(email)(mail)));
    expect(received).toHaveLength(ADDRESSES.length);
    const rows = await prisma().outboxMessage.findMany({ where: { recipient: { in: ADDRESSES } } });
    expect(rows.every((r) => r.status === "SENT" && r.sentAt !== null && r.leasedBy === null)).toBe(true);
    expect(received.map((m) => m.messageId).sort()).toEqual(rows.map((r) => r.messageId).sort());
    for (const email of ADDRESSES) expect(smtp.to(email), email).toHaveLength(1);
  }, 150_000);

  it("sends a message again, with the same Message-ID, when a crash hid that it was accepted", async () => {
    const running = servers.at(-1)!;
    const email = "academia@minka.pe";
    smtp!.hold();
    const asked = await postForm(running, "/recuperar-contrasena", { email });
    expect(asked.status).toBe(302);
    // The SMTP server has the whole message but has not answered: the sender dies waiting.
    const [copy] = await smtp!.waitFor(resetTo(email));
    await kill(running);
    smtp!.release();
    const row = await prisma().outboxMessage.findFirstOrThrow({ where: { recipient: email } });
    expect(row.status).toBe("PENDING");

    const restarted = await start();
    const copies = await smtp!.waitFor(resetTo(email), 2, 40_000);
    expect(copies.map((m) => m.messageId)).toEqual([copy!.messageId, copy!.messageId]);
    expect(copy!.messageId).toBe(row.messageId);
    await until(
      async () => (await prisma().outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status === "SENT",
      "the row marked sent",
    );
    // Each copy carries its own link (made when it was rendered); using one spends the other.
    const links = copies.map((m) =>
      m.links.find((l) => l.includes("/recuperar-contrasena/"))!.slice(restarted.url.length),
    );
    expect(links[0]).not.toBe(links[1]);
    const reset = await postForm(restarted, links[1]!, {
      password: "una frase distinta",
      passwordConfirm: "una frase distinta",
    });
    expect(reset.status).toBe(302);
    expect((await fetch(`${restarted.url}${links[0]}`)).status).toBe(410);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(smtp!.to(email)).toHaveLength(2);
  }, 150_000);
});
