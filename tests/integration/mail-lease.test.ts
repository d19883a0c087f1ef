import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDueMessages, enqueueMail, retryDelayMs } from "~/mail/outbox.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createMailSender, type MailSender } from "../../server/mail/sender.ts";
import { createSmtpTransport } from "../../server/mail/transport.ts";
import { createUser, useTestDatabase } from "../support/factories.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { freePorts, smtpUrl, startSmtpServer, type TestSmtpServer } from "../support/smtp.ts";

// Two nodes (two real server processes) on one database and one real SMTP server: every message
// is claimed by one of them and sent once. A node that claimed messages and died leaves leases
// that run out; another sender sends them then.

let smtp: TestSmtpServer;
const senders: MailSender[] = [];
const servers: RunningServer[] = [];
const logger = pino({ level: process.env.DEBUG_MAIL ? "info" : "silent" });

beforeAll(async () => {
  await useTestDatabase();
  smtp = await startSmtpServer();
});

afterAll(async () => {
  for (const sender of senders) await sender.stop();
  for (const server of servers) await server.stop();
  await smtp?.close();
});

/**
 * A sender in this process, on this file's database client (one connection: two SQLite
 * connections in one process would wait on each other's locks inside the same event loop).
 */
function sender(nodeId: string, leaseMs = 5000) {
  const created = createMailSender({
    db: prisma(),
    nodeId,
    batchSize: 4,
    logger,
    transport: createSmtpTransport(smtpUrl(smtp.port)),
    settings: {
      from: "Minka <minka@minka.test>",
      publicUrl: "http://127.0.0.1:9",
      retryBaseMs: 1000,
      leaseMs,
      pollMs: 200,
    },
  });
  senders.push(created);
  return created;
}

async function enqueueFor(count: number) {
  const user = await createUser({ name: "Persona del Arriendo" });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { messageId } = await enqueueMail({
      template: "password-reset",
      params: { userId: user.id },
      to: { email: user.email, userId: user.id, locale: "es" },
    });
    ids.push(messageId);
  }
  return { user, ids };
}

const until = async (check: () => Promise<boolean>, label: string, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe("the lease on outbox messages", () => {
  it("backs off exponentially up to an hour", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20, 30_000)).toBe(60 * 60 * 1000);
  });

  it("lets two nodes on one database send each message once", async () => {
    for (const port of await freePorts(2)) {
      // One after the other: the first loads the demo data into the empty database.
      servers.push(
        await startServer({
          DATABASE_URL: process.env.DATABASE_URL!,
          PORT: String(port),
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          SMTP_URL: smtpUrl(smtp.port),
          MAIL_RETRY_SECONDS: "1",
        }),
      );
    }
    // Enqueued from outside both nodes: each finds them when it polls (every second), and they
    // race for every batch.
    const { user, ids } = await enqueueFor(40);
    await smtp.waitFor((mail) => mail.envelope.to.includes(user.email), ids.length, 40_000);
    await until(
      async () => (await prisma().outboxMessage.count({ where: { userId: user.id, status: "SENT" } })) === ids.length,
      "every row marked sent",
    );
    // Longer than a poll, a retry and a lease renewal: nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const received = smtp.to(user.email);
    expect(received).toHaveLength(ids.length);
    expect(received.map((m) => m.messageId).sort()).toEqual([...ids].sort());
    // One token per message: each was rendered once.
    expect(await prisma().mailToken.count({ where: { subjectId: user.id } })).toBe(ids.length);
    for (const server of servers.splice(0)) await server.stop();
  }, 150_000);

  it("sends what a dead node had claimed once its lease runs out, and only then", async () => {
    const { user, ids } = await enqueueFor(3);
    // A node claims the messages for 2 seconds and dies before sending them.
    const claimed = await claimDueMessages(prisma(), "node-dead", 2000, 10);
    expect(claimed.map((m) => m.messageId).sort()).toEqual([...ids].sort());
    const claimedAt = Date.now();
    const survivor = sender("node-survivor");
    survivor.start();
    await smtp.waitFor((mail) => mail.envelope.to.includes(user.email), ids.length);
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(1900);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smtp.to(user.email)).toHaveLength(ids.length);
  });
});
