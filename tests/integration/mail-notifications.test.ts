import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { createUser, useTestDatabase } from "../support/factories.ts";
import { login, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { freePort, smtpUrl, startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../support/smtp.ts";

// Notifications by mail end to end (docs/decisions/024): the real server sends them through a real
// SMTP server on a local port, and what is checked is what that server received. Demo accounts
// have confirmed addresses; the digest period is shortened to seconds.

let smtp: TestSmtpServer;
let server: RunningServer;

beforeAll(async () => {
  await useTestDatabase();
  smtp = await startSmtpServer();
  const port = await freePort();
  server = await startServer({
    DATABASE_URL: process.env.DATABASE_URL!,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtpUrl(smtp.port),
    MAIL_FROM: "Minka de prueba <minka@minka.test>",
    MAIL_RETRY_SECONDS: "1",
    MAIL_DIGEST_HOURS: "0.0005",
    MAIL_DIGEST_CHECK_SECONDS: "1",
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

/** A demo commitment's comments page, followed by `follower`; returns a function that comments on it. */
async function followedThread(follower: string, commentator: string, commitmentNumber: number) {
  const commitment = await prisma().commitment.findFirstOrThrow({
    orderBy: { number: "asc" },
    skip: commitmentNumber,
    select: { id: true },
  });
  const path = `/compromisos/${commitment.id}/comentarios`;
  expect((await postForm(server, path, { intent: "follow" }, { cookie: follower })).status).toBe(302);
  return {
    /** Comments, and returns the line the follower's notification reads (as the site shows it). */
    async comment(body: string) {
      const posted = await postForm(server, path, { intent: "comment", body, stance: "FOR" }, { cookie: commentator });
      expect(posted.status, await posted.clone().text()).toBe(302);
      const notification = await prisma().notification.findFirstOrThrow({
        where: { link: { startsWith: path }, kind: "comment" },
        orderBy: { createdAt: "desc" },
      });
      return `Nuevo comentario en «${notification.text}»`;
    },
  };
}

const unsubscribeLinkOf = (mail: ReceivedMail) => {
  const header = mail.headers.get("list-unsubscribe") ?? "";
  const match = /^<(http:\/\/[^>]+\/correo\/baja\/[a-z0-9]+)>$/.exec(header);
  expect(match, header).not.toBeNull();
  return match![1]!;
};

const notificationsTo = (email: string) => (mail: ReceivedMail) =>
  mail.envelope.to.includes(email) && mail.headers.has("list-unsubscribe");

describe("notifications by mail", () => {
  it("sends each one at once to a person who chose so, with a one-click unsubscribe that works", async () => {
    // A new person (a demo account has notifications from the demo data, which a digest may
    // carry before the choice below is saved), with a confirmed address.
    const person = await createUser({ name: "Rosa Avisada" });
    const email = person.email;
    await prisma().user.update({ where: { id: person.id }, data: { emailVerifiedAt: new Date() } });
    const citizen = await login(server, email, "correct horse battery");
    const academia = await login(server, "academia@minka.pe");
    // A bad choice is refused and changes nothing; a good one is kept.
    const bad = await postForm(server, "/cuenta/notificaciones", { notificationEmail: "HOURLY" }, { cookie: citizen });
    expect(bad.status, await bad.clone().text()).toBe(400);
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).notificationEmail).toBe("DAILY");
    const saved = await postForm(
      server,
      "/cuenta/notificaciones",
      { notificationEmail: "IMMEDIATE" },
      { cookie: citizen },
    );
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect(await saved.text()).toContain("Guardamos tu elección.");
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).notificationEmail).toBe("IMMEDIATE");

    const thread = await followedThread(citizen, academia, 0);
    const line = await thread.comment("Un aporte sobre el borrador");
    const [mail] = await smtp.waitFor(notificationsTo(email), 1, 15_000);
    expect(mail!.subject).toBe(line);
    expect(mail!.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(mail!.links).toContain(`${server.url}/cuenta/notificaciones`);
    expect(mail!.links.some((l) => l.startsWith(`${server.url}/compromisos/`))).toBe(true);
    const unsubscribe = unsubscribeLinkOf(mail!);
    expect(mail!.links).toContain(unsubscribe);

    // Opening the link changes nothing (mail scanners fetch links); an unknown token is refused.
    const opened = await fetch(unsubscribe);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain("Dejar de recibirlas");
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).notificationEmail).toBe("IMMEDIATE");
    const unknown = await fetch(`${server.url}/correo/baja/abcdefghijklmnopqrstuvwxyz234567`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(unknown.status).toBe(404);
    // Other pages still refuse a post without our Origin.
    const noOrigin = await fetch(`${server.url}/cuenta/notificaciones`, {
      method: "POST",
      body: "notificationEmail=NEVER",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: citizen },
    });
    expect(noOrigin.status).toBe(403);
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).notificationEmail).toBe("IMMEDIATE");

    // The one-click POST a mail client sends (RFC 8058): no cookie, no Origin.
    const clicked = await fetch(unsubscribe, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(clicked.status).toBe(200);
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).notificationEmail).toBe("NEVER");
    // Working twice is harmless.
    expect((await fetch(unsubscribe, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(200);

    // Unsubscribed: the next notification is in the site only.
    await thread.comment("Otro aporte, ya sin correo");
    const citizenId = (await prisma().user.findUniqueOrThrow({ where: { email } })).id;
    expect(await prisma().notification.count({ where: { userId: citizenId, emailedAt: null, readAt: null } })).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // several digest checks and sender polls
    expect(smtp.received.filter(notificationsTo(email))).toHaveLength(1);
  });

  it("gathers a DAILY person's unread notifications in digests, each notification in one of them", async () => {
    const email = "foro@minka.pe";
    const forum = await login(server, email);
    const academia = await login(server, "academia@minka.pe");
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).notificationEmail).toBe("DAILY");
    const thread = await followedThread(forum, academia, 1);
    const line = await thread.comment("Primer comentario");
    await thread.comment("Segundo comentario");
    // The two may land in one digest or two, depending on when the digest check ran: together
    // they list each notification exactly once.
    const lines = (mails: ReceivedMail[]) => mails.flatMap((m) => m.text.split("\n").filter((l) => l.includes(line)));
    await expect
      .poll(() => lines(smtp.received.filter(notificationsTo(email))).length, { timeout: 20_000, interval: 250 })
      .toBe(2);
    const digests = smtp.received.filter(notificationsTo(email));
    for (const digest of digests) {
      expect(digest.subject).toMatch(/^Minka: tienes \d notificaci(ón|ones) sin leer$/);
      unsubscribeLinkOf(digest);
    }
    expect(new Set(digests.map((d) => d.messageId)).size).toBe(digests.length);
    const forumId = (await prisma().user.findUniqueOrThrow({ where: { email } })).id;
    expect(await prisma().notification.count({ where: { userId: forumId, emailedAt: null } })).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(lines(smtp.received.filter(notificationsTo(email)))).toHaveLength(2);
  });
});
