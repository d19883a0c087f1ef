import { mailNotificationsAtOnce } from "~/mail/notifications.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { isUniqueViolation } from "./common.server.ts";

// Following and in-app notifications. A person follows a proposal or a commitment; replies to
// them, responses and status changes of what they follow, and mentions of their name reach them
// as notifications, and the unread count in their private live room `user:<id>` updates at once.

export type FollowSubject = { type: "proposal"; id: string } | { type: "commitment"; id: string };

const subjectKey = (subject: FollowSubject) => `${subject.type}:${subject.id}`;

export async function isFollowing(userId: string, subject: FollowSubject): Promise<boolean> {
  const row = await prisma().follow.findUnique({
    where: { userId_subjectKey: { userId, subjectKey: subjectKey(subject) } },
    select: { id: true },
  });
  return row !== null;
}

/** Follows a subject (idempotent). */
export async function follow(userId: string, subject: FollowSubject): Promise<void> {
  try {
    await prisma().follow.create({
      data: {
        userId,
        subjectKey: subjectKey(subject),
        proposalId: subject.type === "proposal" ? subject.id : null,
        commitmentId: subject.type === "commitment" ? subject.id : null,
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export async function unfollow(userId: string, subject: FollowSubject): Promise<void> {
  await prisma().follow.deleteMany({ where: { userId, subjectKey: subjectKey(subject) } });
}

export async function followerIds(subject: FollowSubject): Promise<string[]> {
  const rows = await prisma().follow.findMany({ where: { subjectKey: subjectKey(subject) }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

export type NewNotification = {
  kind: "reply" | "comment" | "response" | "status" | "mention";
  link: string;
  text: string;
  proposalId?: string | null;
  commentId?: string | null;
};

/** Notifies each person once (never the one who acted) and updates their live unread count. */
export async function notify(userIds: Iterable<string>, notification: NewNotification, exceptUserId?: string) {
  const recipients = [...new Set(userIds)].filter((id) => id !== exceptUserId);
  if (recipients.length === 0) return;
  const created = await prisma().notification.createManyAndReturn({
    select: { id: true, userId: true },
    data: recipients.map((userId) => ({
      userId,
      kind: notification.kind,
      link: notification.link,
      text: notification.text.slice(0, 300),
      proposalId: notification.proposalId ?? null,
      commentId: notification.commentId ?? null,
    })),
  });
  for (const userId of recipients) {
    publish(`user:${userId}`, "notification", { unread: await unreadCount(userId) });
  }
  // By mail too, for those who want each one at once (docs/decisions/024); digests go out later.
  await mailNotificationsAtOnce(created);
}

export async function unreadCount(userId: string): Promise<number> {
  return prisma().notification.count({ where: { userId, readAt: null } });
}

export async function listNotifications(userId: string, limit = 50) {
  const rows = await prisma().notification.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, kind: true, link: true, text: true, readAt: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, readAt: r.readAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }));
}

/** Marks one notification (or all, without an id) read; returns the new unread count. */
export async function markRead(userId: string, notificationId?: string): Promise<number> {
  await prisma().notification.updateMany({
    where: { userId, readAt: null, ...(notificationId ? { id: notificationId } : {}) },
    data: { readAt: new Date() },
  });
  const unread = await unreadCount(userId);
  publish(`user:${userId}`, "notification", { unread });
  return unread;
}

/**
 * People mentioned in a text as `@Name Surname`, among the given candidates (the people taking part
 * in the thread): the longest name that follows an @ wins.
 */
export function mentionedUserIds(text: string, candidates: { id: string; name: string }[]): string[] {
  const found = new Set<string>();
  const lower = text.toLocaleLowerCase("es");
  const sorted = [...candidates].sort((a, b) => b.name.length - a.name.length);
  for (let at = lower.indexOf("@"); at !== -1; at = lower.indexOf("@", at + 1)) {
    const rest = lower.slice(at + 1);
    const match = sorted.find((c) => {
      const name = c.name.toLocaleLowerCase("es");
      if (!rest.startsWith(name)) return false;
      const next = rest.charAt(name.length);
      return next === "" || !/[\p{L}\p{N}]/u.test(next);
    });
    if (match) found.add(match.id);
  }
  return [...found];
}
