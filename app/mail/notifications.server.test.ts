import { describe, expect, it } from "vitest";
import { notify } from "~/participation/notifications.server.ts";
import { createUser, useTestDatabase } from "../../tests/support/factories.ts";
import { enqueueDueDigests } from "./notifications.server.ts";

// When notifications become messages in the outbox (docs/decisions/024), on a real database.

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function person(
  prisma: Awaited<ReturnType<typeof useTestDatabase>>,
  choice: "IMMEDIATE" | "DAILY" | "NEVER",
  options: { verified?: boolean; createdAt?: Date } = {},
) {
  const user = await createUser({ name: `Persona ${choice}` });
  await prisma.user.update({
    where: { id: user.id },
    data: {
      notificationEmail: choice,
      emailVerifiedAt: options.verified === false ? null : new Date(),
      createdAt: options.createdAt ?? new Date(Date.now() - 2 * DAY),
    },
  });
  return user;
}

const note = (text: string) => ({ kind: "comment" as const, link: "/propuestas", text });

describe("notification mail", () => {
  it("enqueues one message per notification for IMMEDIATE, none for NEVER or an unconfirmed address", async () => {
    const prisma = await useTestDatabase();
    const atOnce = await person(prisma, "IMMEDIATE");
    const never = await person(prisma, "NEVER");
    const unconfirmed = await person(prisma, "IMMEDIATE", { verified: false });
    await notify([atOnce.id, never.id, unconfirmed.id], note("Primera"));
    await notify([atOnce.id], note("Segunda"));
    const messages = await prisma.outboxMessage.findMany({
      where: { userId: { in: [atOnce.id, never.id, unconfirmed.id] } },
    });
    expect(messages.map((m) => m.userId).sort()).toEqual([atOnce.id, atOnce.id]);
    const mailed = await prisma.notification.findMany({ where: { userId: atOnce.id } });
    expect(mailed.every((n) => n.emailedAt !== null)).toBe(true);
    expect(new Set(messages.map((m) => JSON.parse(m.params).notificationId))).toEqual(new Set(mailed.map((n) => n.id)));
    expect(await prisma.notification.count({ where: { userId: never.id, emailedAt: null } })).toBe(1);
    // The one who acted is never notified, so never mailed either.
    await notify([atOnce.id], note("Propia"), atOnce.id);
    expect(await prisma.outboxMessage.count({ where: { userId: atOnce.id } })).toBe(2);
  });

  it("gathers DAILY people's unread notifications in one digest per period, each notification once", async () => {
    const prisma = await useTestDatabase();
    const daily = await person(prisma, "DAILY");
    const newcomer = await person(prisma, "DAILY", { createdAt: new Date() });
    await notify([daily.id, newcomer.id], note("Uno"));
    await notify([daily.id, newcomer.id], note("Dos"));
    await notify([daily.id], note("Leída"));
    await prisma.notification.updateMany({ where: { userId: daily.id, text: "Leída" }, data: { readAt: new Date() } });
    // Nothing at once for DAILY.
    expect(await prisma.outboxMessage.count({ where: { userId: { in: [daily.id, newcomer.id] } } })).toBe(0);

    const now = new Date();
    // Two nodes looking at the same moment: one digest.
    const counts = await Promise.all([enqueueDueDigests(DAY, now), enqueueDueDigests(DAY, now)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    const digests = await prisma.outboxMessage.findMany({ where: { userId: { in: [daily.id, newcomer.id] } } });
    expect(digests.map((d) => d.userId)).toEqual([daily.id]); // the newcomer's first day is not over
    const listed = JSON.parse(digests[0]!.params).notificationIds as string[];
    const unread = await prisma.notification.findMany({ where: { userId: daily.id, readAt: null } });
    expect(listed.sort()).toEqual(unread.map((n) => n.id).sort());

    // Within the period nothing more, even with a new notification; after it, only the new one.
    await notify([daily.id], note("Tres"));
    expect(await enqueueDueDigests(DAY, new Date(now.getTime() + HOUR))).toBe(0);
    expect(await enqueueDueDigests(DAY, new Date(now.getTime() + DAY + 1000))).toBe(2); // daily, and the newcomer's first
    const next = await prisma.outboxMessage.findMany({
      where: { template: "notification-digest", userId: daily.id },
      orderBy: { createdAt: "asc" },
    });
    expect(next).toHaveLength(2);
    const three = await prisma.notification.findFirstOrThrow({ where: { userId: daily.id, text: "Tres" } });
    expect(JSON.parse(next[1]!.params).notificationIds).toEqual([three.id]);
    // Nothing pending: no digest, and the period does not restart.
    const before = (await prisma.user.findUniqueOrThrow({ where: { id: daily.id } })).digestSentAt;
    expect(await enqueueDueDigests(DAY, new Date(now.getTime() + 3 * DAY))).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: daily.id } })).digestSentAt).toEqual(before);
  });
});
