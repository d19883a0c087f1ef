import { randomUUID } from "node:crypto";
import type { OutboxMessage, Prisma } from "~/generated/prisma/client.ts";
import { DEFAULT_LOCALE, isLocale, translator } from "~/i18n.ts";
import { services } from "~/services.server.ts";
import { prisma, type PrismaClient } from "~/utils/db.server.ts";
import type { MailSettings } from "./service.server.ts";
import type { RenderedMail } from "./template.server.ts";
import { templateNamed, type TemplateName, type TemplateParams } from "./templates.server.ts";
import { createToken } from "./tokens.server.ts";

// The outbox (docs/decisions/018): every message is a row here before anything tries to send it,
// never sent from inside a request. A row holds the template's name, its parameters, the
// recipient and their language; the sender (server/mail/) claims due rows with a lease, renders
// them (making their links' tokens then), sends them with their stable Message-ID and marks them
// sent, or schedules the next attempt with exponential backoff. Delivery is at least once: a crash
// after the SMTP server accepted a message and before the row says so sends it again, with the
// same Message-ID.

type Db = PrismaClient | Prisma.TransactionClient;

/** After this many failed attempts a message is given up (about four hours at the default pace). */
export const MAX_ATTEMPTS = 10;
/** The longest wait between two attempts. */
const MAX_RETRY_MS = 60 * 60 * 1000;
/** Sent and cancelled messages are kept this long (the outbox page's history), then deleted. */
const KEEP_DONE_MS = 30 * 24 * 60 * 60 * 1000;

export type MailRecipient = { email: string; userId?: string | null; locale?: string | null };

export type NewMail<N extends TemplateName> = { template: N; params: TemplateParams<N>; to: MailRecipient };

/**
 * Puts a message in the outbox. Pass the transaction of the act the message belongs to, so both
 * commit or neither; then call `wakeMailSender()` once it has committed (enqueueMail does it when
 * it runs outside a transaction).
 */
export async function enqueueMail<N extends TemplateName>(
  mail: NewMail<N>,
  db?: Db,
): Promise<{ id: string; messageId: string }> {
  const template = templateNamed(mail.template);
  if (!template) throw new Error(`unknown mail template ${mail.template}`);
  const params = template.params.parse(mail.params);
  const { settings } = services().mail;
  const row = await (db ?? prisma()).outboxMessage.create({
    data: {
      messageId: `<${randomUUID()}@${settings.messageIdDomain}>`,
      template: mail.template,
      params: JSON.stringify(params),
      recipient: mail.to.email,
      userId: mail.to.userId ?? null,
      locale: isLocale(mail.to.locale) ? mail.to.locale : DEFAULT_LOCALE,
    },
    select: { id: true, messageId: true },
  });
  if (!db) wakeMailSender();
  return row;
}

/** Tells this process's sender a message is waiting (call after the enqueueing transaction commits). */
export function wakeMailSender(): void {
  services().mail.wake();
}

type Renderable = Pick<OutboxMessage, "id" | "template" | "params" | "locale">;

/**
 * Renders a message for sending: the template reads what it needs and makes its links' tokens now.
 * Null when there is nothing to send any more; throws when the row cannot be rendered at all.
 */
export async function renderOutboxMessage(
  message: Renderable,
  options: { db?: PrismaClient; baseUrl: string },
): Promise<RenderedMail | null> {
  const db = options.db ?? prisma();
  const template = templateNamed(message.template);
  if (!template) throw new Error(`unknown mail template ${message.template}`);
  const params = template.params.parse(JSON.parse(message.params));
  const locale = isLocale(message.locale) ? message.locale : DEFAULT_LOCALE;
  const base = options.baseUrl.replace(/\/+$/, "");
  return template.render(params, {
    db,
    locale,
    t: translator(locale),
    url: (path) => `${base}${path.startsWith("/") ? path : `/${path}`}`,
    token: (purpose, subjectId) => createToken(purpose, subjectId, { outboxId: message.id, db }),
  });
}

// ---- The sender's side: claims, leases, outcomes ----

const claimable = (now: Date) =>
  ({
    status: "PENDING",
    OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
  }) satisfies Prisma.OutboxMessageWhereInput;

/**
 * Claims up to `limit` due messages for `nodeId` until now + `leaseMs`. Each claim is a
 * compare-and-set on the row (still pending, no live lease), so with several senders on one
 * database each message is claimed by one of them; a lease that ran out (its node died) can be
 * claimed again.
 */
export async function claimDueMessages(
  db: PrismaClient,
  nodeId: string,
  leaseMs: number,
  limit: number,
): Promise<OutboxMessage[]> {
  const now = new Date();
  const due = await db.outboxMessage.findMany({
    where: { ...claimable(now), nextAttemptAt: { lte: now } },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true },
  });
  const claimed: string[] = [];
  for (const { id } of due) {
    const { count } = await db.outboxMessage.updateMany({
      where: { id, ...claimable(now) },
      data: { leasedBy: nodeId, leaseUntil: new Date(now.getTime() + leaseMs) },
    });
    if (count === 1) claimed.push(id);
  }
  if (claimed.length === 0) return [];
  return db.outboxMessage.findMany({
    where: { id: { in: claimed }, leasedBy: nodeId },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
  });
}

/** Extends a claim while its message is being sent; false when the claim was lost. */
export async function renewLease(db: PrismaClient, id: string, nodeId: string, leaseMs: number): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, leasedBy: nodeId, status: "PENDING" },
    data: { leaseUntil: new Date(Date.now() + leaseMs) },
  });
  return count === 1;
}

/** Gives claimed messages back untouched (a sender stopping before it got to them). */
export async function releaseLeases(db: PrismaClient, ids: string[], nodeId: string): Promise<void> {
  if (ids.length === 0) return;
  await db.outboxMessage.updateMany({
    where: { id: { in: ids }, leasedBy: nodeId, status: "PENDING" },
    data: { leasedBy: null, leaseUntil: null },
  });
}

/** Records a delivery; false when this node no longer held the message (it may go out twice). */
export async function markSent(db: PrismaClient, id: string, nodeId: string): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, leasedBy: nodeId },
    data: {
      status: "SENT",
      sentAt: new Date(),
      attempts: { increment: 1 },
      leasedBy: null,
      leaseUntil: null,
      lastError: null,
    },
  });
  return count === 1;
}

/** Records that there is nothing to send any more. */
export async function markCancelled(db: PrismaClient, id: string, nodeId: string): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id, leasedBy: nodeId },
    data: { status: "CANCELLED", leasedBy: null, leaseUntil: null },
  });
}

/** The wait before the attempt after `attempts` failed ones: base, 2 × base, 4 × base... up to an hour. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_RETRY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Records a failed attempt: the next one after the backoff, or given up (FAILED) when the SMTP
 * server refused the message for good or after MAX_ATTEMPTS. Returns the outcome.
 */
export async function markAttemptFailed(
  db: PrismaClient,
  message: Pick<OutboxMessage, "id" | "attempts">,
  nodeId: string,
  error: { message: string; permanent: boolean },
  settings: Pick<MailSettings, "retryBaseMs">,
): Promise<"retry" | "failed"> {
  const attempts = message.attempts + 1;
  const giveUp = error.permanent || attempts >= MAX_ATTEMPTS;
  await db.outboxMessage.updateMany({
    where: { id: message.id, leasedBy: nodeId },
    data: {
      attempts,
      lastError: error.message.slice(0, 500),
      leasedBy: null,
      leaseUntil: null,
      ...(giveUp
        ? { status: "FAILED" as const }
        : { nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts, settings.retryBaseMs)) }),
    },
  });
  return giveUp ? "failed" : "retry";
}

/** When the next pending message falls due (its attempt time, or the end of another node's lease). */
export async function nextDueAt(db: PrismaClient): Promise<Date | null> {
  const next = await db.outboxMessage.findFirst({
    where: { status: "PENDING" },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true, leaseUntil: true },
  });
  if (!next) return null;
  return next.leaseUntil && next.leaseUntil > next.nextAttemptAt ? next.leaseUntil : next.nextAttemptAt;
}

/** Deletes sent and cancelled messages older than 30 days. */
export async function deleteOldMessages(db: PrismaClient = prisma()): Promise<number> {
  const { count } = await db.outboxMessage.deleteMany({
    where: { status: { in: ["SENT", "CANCELLED"] }, createdAt: { lt: new Date(Date.now() - KEEP_DONE_MS) } },
  });
  return count;
}

// ---- The administrators' outbox page ----

export type OutboxView = {
  status: MailSettings["status"];
  /** Whether the page may render messages (no SMTP, demo or development mode). */
  readable: boolean;
  counts: Record<OutboxMessage["status"], number>;
  messages: Pick<
    OutboxMessage,
    | "id"
    | "template"
    | "recipient"
    | "locale"
    | "status"
    | "attempts"
    | "nextAttemptAt"
    | "lastError"
    | "createdAt"
    | "sentAt"
    | "messageId"
  >[];
};

/** The latest messages (100) and the counts by status, for the outbox page. */
export async function outboxView(): Promise<OutboxView> {
  const { settings } = services().mail;
  const [messages, groups] = await Promise.all([
    prisma().outboxMessage.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: {
        id: true,
        template: true,
        recipient: true,
        locale: true,
        status: true,
        attempts: true,
        nextAttemptAt: true,
        lastError: true,
        createdAt: true,
        sentAt: true,
        messageId: true,
      },
    }),
    prisma().outboxMessage.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const counts = { PENDING: 0, SENT: 0, FAILED: 0, CANCELLED: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return { status: settings.status, readable: settings.status === "outbox", counts, messages };
}

/**
 * Renders a waiting message for an administrator to read, in demo and development mode without
 * SMTP only (the page is then the mailbox of everyone: in production it would hand out other
 * people's links). Its tokens are made now, as when sending; the message stays in the outbox.
 * Null when there is no such message or it is not waiting; "not-readable" outside that mode.
 */
export async function readOutboxMessage(
  id: string,
  baseUrl: string,
): Promise<(RenderedMail & { recipient: string }) | null | "not-readable" | "nothing-to-send"> {
  const { settings } = services().mail;
  if (settings.status !== "outbox") return "not-readable";
  const message = await prisma().outboxMessage.findUnique({ where: { id } });
  if (!message || message.status !== "PENDING") return null;
  const rendered = await renderOutboxMessage(message, { baseUrl: settings.publicUrl ?? baseUrl });
  if (!rendered) {
    await prisma().outboxMessage.updateMany({ where: { id, status: "PENDING" }, data: { status: "CANCELLED" } });
    return "nothing-to-send";
  }
  return { ...rendered, recipient: message.recipient };
}

/** Puts a message that was given up back in the queue, due now; false when it is not FAILED. */
export async function retryOutboxMessage(id: string): Promise<boolean> {
  const { count } = await prisma().outboxMessage.updateMany({
    where: { id, status: "FAILED" },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lastError: null },
  });
  if (count === 1) wakeMailSender();
  return count === 1;
}
