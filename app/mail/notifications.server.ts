import type { Prisma } from "~/generated/prisma/client.ts";
import { prisma, type PrismaClient } from "~/utils/db.server.ts";
import { enqueueMail, wakeMailSender } from "./outbox.server.ts";
import { checkToken } from "./tokens.server.ts";

// When notifications become mail (docs/decisions/024). Each person chooses at
// /cuenta/notificaciones: IMMEDIATE (a message per notification, enqueued when it is created),
// DAILY (the default: one digest of what is still unread, at most once per digest period), or
// NEVER. Only confirmed addresses of accounts that were not erased get any. A notification is put
// in the outbox once (`emailedAt`), so neither a change of choice nor several nodes repeat it.

/** Whether a person's notifications go out by mail in this way. */
const mailable = (choice: "IMMEDIATE" | "DAILY") =>
  ({ notificationEmail: choice, emailVerifiedAt: { not: null }, erasedAt: null }) satisfies Prisma.UserWhereInput;

/**
 * Enqueues a message for each of these new notifications whose person wants them at once; marks
 * them mailed. Returns how many messages were enqueued.
 */
export async function mailNotificationsAtOnce(notifications: { id: string; userId: string }[]): Promise<number> {
  if (notifications.length === 0) return 0;
  const recipients = await prisma().user.findMany({
    where: { id: { in: [...new Set(notifications.map((n) => n.userId))] }, ...mailable("IMMEDIATE") },
    select: { id: true, email: true, locale: true },
  });
  if (recipients.length === 0) return 0;
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const due = notifications.filter((n) => byId.has(n.userId));
  await prisma().$transaction(async (tx) => {
    for (const notification of due) {
      const person = byId.get(notification.userId)!;
      await enqueueMail(
        {
          template: "notification",
          params: { notificationId: notification.id },
          to: { email: person.email, userId: person.id, locale: person.locale },
        },
        tx,
      );
    }
    await tx.notification.updateMany({ where: { id: { in: due.map((n) => n.id) } }, data: { emailedAt: new Date() } });
  });
  wakeMailSender();
  return due.length;
}

/** The most notifications one digest lists (the rest wait for the next one). */
const DIGEST_LIMIT = 200;

/**
 * Enqueues the digests that are due at `now`: for each person who chose DAILY, whose last digest
 * (or account, before the first) is at least `periodMs` old, and who has unread notifications not
 * mailed yet. Each digest is claimed by a compare-and-set on the person's `digestSentAt`, so with
 * several nodes running this at once each digest is enqueued once. Returns how many were enqueued.
 */
export async function enqueueDueDigests(periodMs: number, now = new Date(), db: PrismaClient = prisma()) {
  const before = new Date(now.getTime() - periodMs);
  const people = await db.user.findMany({
    where: {
      ...mailable("DAILY"),
      OR: [{ digestSentAt: { lte: before } }, { digestSentAt: null, createdAt: { lte: before } }],
      notifications: { some: { readAt: null, emailedAt: null } },
    },
    select: { id: true, email: true, locale: true, digestSentAt: true },
    take: 500,
  });
  let enqueued = 0;
  for (const person of people) {
    const sent = await db.$transaction(async (tx) => {
      const { count } = await tx.user.updateMany({
        where: { id: person.id, digestSentAt: person.digestSentAt },
        data: { digestSentAt: now },
      });
      if (count !== 1) return false; // another node took this digest
      const pending = await tx.notification.findMany({
        where: { userId: person.id, readAt: null, emailedAt: null },
        orderBy: { createdAt: "asc" },
        take: DIGEST_LIMIT,
        select: { id: true },
      });
      if (pending.length === 0) return false;
      const ids = pending.map((n) => n.id);
      await enqueueMail(
        {
          template: "notification-digest",
          params: { userId: person.id, notificationIds: ids },
          to: { email: person.email, userId: person.id, locale: person.locale },
        },
        tx,
      );
      await tx.notification.updateMany({ where: { id: { in: ids } }, data: { emailedAt: now } });
      return true;
    });
    if (sent) enqueued += 1;
  }
  if (enqueued > 0) wakeMailSender();
  return enqueued;
}

export const NOTIFICATION_EMAIL_CHOICES = ["IMMEDIATE", "DAILY", "NEVER"] as const;
export type NotificationEmailChoice = (typeof NOTIFICATION_EMAIL_CHOICES)[number];

export async function notificationEmailOf(userId: string) {
  return prisma().user.findUnique({
    where: { id: userId },
    select: { notificationEmail: true, emailVerifiedAt: true, email: true },
  });
}

/** Sets how a person's notifications reach them by mail. */
export async function setNotificationEmail(userId: string, choice: NotificationEmailChoice): Promise<void> {
  await prisma().user.update({ where: { id: userId }, data: { notificationEmail: choice } });
}

export type UnsubscribeOutcome = { ok: true } | { ok: false; reason: "unknown" | "expired" };

/**
 * Whether an unsubscribe link works (for its page), or, with `apply`, stops the person's
 * notification mail. The token is checked, not spent (see TOKEN_PURPOSES.unsubscribe).
 */
export async function unsubscribe(token: string, apply: boolean): Promise<UnsubscribeOutcome> {
  const check = await checkToken("unsubscribe", token);
  if (!check.ok) return { ok: false, reason: check.reason === "expired" ? "expired" : "unknown" };
  if (apply) {
    const { count } = await prisma().user.updateMany({
      where: { id: check.subjectId, erasedAt: null },
      data: { notificationEmail: "NEVER" },
    });
    if (count !== 1) return { ok: false, reason: "unknown" };
  }
  return { ok: true };
}
