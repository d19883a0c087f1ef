import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import {
  claimDueMessages,
  deleteOldMessages,
  markAttemptFailed,
  markCancelled,
  markSent,
  nextDueAt,
  releaseLeases,
  renderOutboxMessage,
  renewLease,
} from "../../app/mail/outbox.server.ts";
import type { MailSettings } from "../../app/mail/service.server.ts";
import { deleteStaleTokens } from "../../app/mail/tokens.server.ts";
import type { OutboxMessage } from "../../app/generated/prisma/client.ts";
import type { PrismaClient } from "../../app/utils/db.server.ts";
import { describeFailure, isPermanentFailure, type MailTransport } from "./transport.ts";

// The sender (docs/decisions/018): one loop per node that delivers the outbox. It claims due
// messages with a lease (so with several nodes one node sends each message), renders each one
// (its links' tokens are made now), sends it with its stable Message-ID and marks it sent; a
// failure schedules the next attempt with exponential backoff. While it sends it renews the lease;
// a node that dies leaves a lease that runs out, and another node (or the same one, restarted)
// sends the message again with the same Message-ID: delivery is at least once.

export type MailSenderOptions = {
  db: PrismaClient;
  settings: Pick<MailSettings, "from" | "publicUrl" | "retryBaseMs" | "leaseMs" | "pollMs">;
  transport: MailTransport;
  logger: Logger;
  /** This sender's name in the leases (random per process by default). */
  nodeId?: string;
  /** Messages claimed at a time. */
  batchSize?: number;
};

export type MailSender = {
  /** Starts the loop (and looks for due messages at once). */
  start(): void;
  /** Looks for due messages now (a message was enqueued). */
  wake(): void;
  /** Stops the loop: finishes the message being sent, gives back the others it claimed. */
  stop(): Promise<void>;
  readonly nodeId: string;
};

const SWEEP_EVERY_MS = 60 * 60 * 1000;

export function createMailSender(options: MailSenderOptions): MailSender {
  const { db, settings, transport, logger } = options;
  const nodeId = options.nodeId ?? `node-${randomUUID()}`;
  const batchSize = options.batchSize ?? 10;
  const baseUrl = settings.publicUrl;
  if (!baseUrl) throw new Error("the mail sender needs PUBLIC_URL: the links in messages point at it");
  let started = false;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let lastSweep = 0;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(kick, Math.max(0, ms));
  };

  function kick() {
    if (stopped || !started) return;
    if (running) {
      again = true;
      return;
    }
    running = cycle()
      .catch((error: unknown) => {
        logger.error({ err: error }, "mail: sender cycle failed");
        schedule(settings.pollMs);
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          kick();
        }
      });
  }

  async function cycle() {
    if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
      lastSweep = Date.now();
      await deleteOldMessages(db);
      await deleteStaleTokens(db);
    }
    const claimed = await claimDueMessages(db, nodeId, settings.leaseMs, batchSize);
    let done = 0;
    try {
      for (const message of claimed) {
        if (stopped) break;
        await deliver(message);
        done += 1;
      }
    } finally {
      // What this node claimed and will not send now goes back at once (stopping, or a failure
      // of the database): no one has to wait for the lease to run out.
      const left = claimed.slice(done).map((m) => m.id);
      if (left.length > 0) await releaseLeases(db, left, nodeId).catch(() => {});
    }
    if (stopped) return;
    if (claimed.length === batchSize) {
      again = true;
      return;
    }
    const next = await nextDueAt(db);
    const wait = next ? next.getTime() - Date.now() : settings.pollMs;
    schedule(Math.min(settings.pollMs, Math.max(50, wait)));
  }

  async function deliver(message: OutboxMessage) {
    // Keep the claim while the message is rendered and sent, however long the SMTP server takes.
    const heartbeat = setInterval(
      () => void renewLease(db, message.id, nodeId, settings.leaseMs).catch(() => {}),
      Math.max(500, Math.floor(settings.leaseMs / 3)),
    );
    try {
      await attempt(message);
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function attempt(message: OutboxMessage) {
    try {
      const rendered = await renderOutboxMessage(message, { db, baseUrl: baseUrl! });
      if (!rendered) {
        await markCancelled(db, message.id, nodeId);
        logger.info({ outboxId: message.id, template: message.template }, "mail: nothing to send any more");
        return;
      }
      await transport.sendMail({
        from: settings.from,
        to: message.recipient,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: message.messageId,
        headers: { ...rendered.headers, "Auto-Submitted": "auto-generated" },
      });
    } catch (error) {
      const failure = describeFailure(error);
      const outcome = await markAttemptFailed(
        db,
        message,
        nodeId,
        { message: failure, permanent: isPermanentFailure(error) },
        settings,
      );
      // One line, not the error object (whose fields name the SMTP host and port).
      logger.warn(
        { outboxId: message.id, template: message.template, attempt: message.attempts + 1, outcome, error: failure },
        outcome === "failed" ? "mail: given up" : "mail: attempt failed, will retry",
      );
      return;
    }
    // Accepted by the SMTP server: record it, never as a failed attempt. If the database will not
    // say so, the message goes out again later, with the same Message-ID (at least once).
    if (await recordSent(message.id)) logger.info({ outboxId: message.id, template: message.template }, "mail: sent");
    else logger.warn({ outboxId: message.id }, "mail: sent after this node's lease ran out (it may go out twice)");
  }

  /** markSent, tried again a few times when the database is busy. */
  async function recordSent(id: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await markSent(db, id, nodeId);
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  return {
    nodeId,
    start() {
      if (started) return;
      started = true;
      kick();
    },
    wake() {
      if (started && !stopped) kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
