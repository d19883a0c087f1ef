import nodemailer from "nodemailer";

// The SMTP transport (nodemailer) from SMTP_URL: smtp://user:password@host:587 (STARTTLS when the
// server offers it) or smtps://user:password@host:465 (TLS from the first byte). Timeouts are short
// and bounded, so an attempt against a server that hangs ends and is retried later; the sender
// renews its lease on the message meanwhile.

/** What the sender needs of a transport: nodemailer's sendMail. */
export type MailTransport = {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers: Record<string, string>;
  }): Promise<unknown>;
  close(): void;
};

export function createSmtpTransport(url: string): MailTransport {
  return nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    dnsTimeout: 10_000,
  });
}

/**
 * Whether an SMTP failure is final for this message (the server refused the recipient or the
 * message itself with a 5xx reply), rather than worth another attempt (connection refused, a
 * timeout, a 4xx reply, or credentials the administrator may still fix).
 */
export function isPermanentFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { permanent, code } = error as { permanent?: boolean; code?: string };
  return permanent === true && code !== "EAUTH";
}

/** A failure as one line for the outbox (no credentials: nodemailer's messages carry none). */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, responseCode } = error as { code?: string; responseCode?: number };
  return [code, responseCode, error.message].filter(Boolean).join(" ");
}
