import type { Env } from "~/utils/env.server.ts";

// The mail service of one process (a field of Services, docs/decisions/017 and 018): how mail is
// configured, and a doorbell that tells this process's sender (server/mail/) a message is waiting,
// so it goes out at once instead of at the next poll. Other nodes find it when they poll.

/**
 * How mail leaves:
 *   "smtp"            SMTP_URL is set: the sender on every node delivers the outbox.
 *   "outbox"          no SMTP_URL, in demo or development mode: messages stay in the outbox, and
 *                     administrators read them at /administracion/correo (so `npm start` shows the
 *                     whole flow on one machine).
 *   "not-configured"  no SMTP_URL in production: messages wait in the outbox for SMTP to be
 *                     configured; /readyz and the outbox page say so.
 */
export type MailStatus = "smtp" | "outbox" | "not-configured";

export type MailSettings = {
  status: MailStatus;
  smtpUrl: string | null;
  /** The From header. */
  from: string;
  /** The domain of Message-IDs (the From address's). */
  messageIdDomain: string;
  /** Where the links in messages point (PUBLIC_URL); null without it (only without SMTP). */
  publicUrl: string | null;
  /** The first retry waits this long; each next one twice as long, up to an hour. */
  retryBaseMs: number;
  /** How long a node's claim on a message holds without renewal (it renews while it sends). */
  leaseMs: number;
  /** How often a sender looks for due messages when nothing woke it. */
  pollMs: number;
  /** How long a daily digest gathers notifications (MAIL_DIGEST_HOURS). */
  digestPeriodMs: number;
  /** How often a node looks for digests that are due. */
  digestCheckMs: number;
};

export type MailService = {
  settings: MailSettings;
  /** Rings this process's sender (after a message was enqueued and committed). */
  wake(): void;
  /** The sender listens here; returns the function that stops listening. */
  onWake(listener: () => void): () => void;
};

/** The From address's domain, for Message-IDs. */
function addressDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split("@").pop()!.trim().toLowerCase();
}

export function mailSettings(env: Env): MailSettings {
  const publicUrl = env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, "") : null;
  const host = publicUrl ? new URL(publicUrl).hostname : "localhost";
  const from = env.MAIL_FROM ?? `Minka <no-reply@${host}>`;
  const status: MailStatus = env.SMTP_URL
    ? "smtp"
    : env.demo || env.mode !== "production"
      ? "outbox"
      : "not-configured";
  return {
    status,
    smtpUrl: env.SMTP_URL ?? null,
    from,
    messageIdDomain: addressDomain(from),
    publicUrl,
    retryBaseMs: env.MAIL_RETRY_SECONDS * 1000,
    leaseMs: env.MAIL_LEASE_SECONDS * 1000,
    pollMs: Math.min(5000, env.MAIL_RETRY_SECONDS * 1000),
    digestPeriodMs: Math.round(env.MAIL_DIGEST_HOURS * 60 * 60 * 1000),
    digestCheckMs: env.MAIL_DIGEST_CHECK_SECONDS * 1000,
  };
}

export function createMailService(env: Env): MailService {
  const listeners = new Set<() => void>();
  return {
    settings: mailSettings(env),
    wake() {
      for (const listener of listeners) listener();
    },
    onWake(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
