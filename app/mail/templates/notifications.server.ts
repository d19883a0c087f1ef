import { z } from "zod";
import type { Notification } from "~/generated/prisma/client.ts";
import { defineTemplate, type RenderContext, type RenderedMail } from "../template.server.ts";
import { renderMail } from "./layout.ts";

// Notifications by mail (docs/decisions/024): one message per notification for people who asked
// for them at once, one digest of the day's unread notifications for the others. Both go only to
// addresses the person confirmed, carry a one-click unsubscribe (RFC 8058: List-Unsubscribe and
// List-Unsubscribe-Post) and a link to the preferences, and are cancelled when the person changed
// their choice, read everything in the site meanwhile, or erased their account.

type Recipient = { id: string; name: string };

/** The person, if mail about notifications may still go to them in this way. */
async function recipientOf(
  { db }: RenderContext,
  userId: string,
  choice: "IMMEDIATE" | "DAILY",
): Promise<Recipient | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, erasedAt: true, emailVerifiedAt: true, notificationEmail: true },
  });
  if (!user || user.erasedAt || !user.emailVerifiedAt || user.notificationEmail !== choice) return null;
  return user;
}

type Line = Pick<Notification, "kind" | "text" | "link">;

const lineOf = ({ t }: RenderContext, notification: Line) =>
  t(`participation.notificationKinds.${notification.kind}`, { text: notification.text });

/** The parts every notification message shares: the unsubscribe link and header, the preferences. */
async function finish(
  context: RenderContext,
  recipient: Recipient,
  parts: { subject: string; paragraphs: string[]; action: { label: string; url: string } },
): Promise<RenderedMail> {
  const { t, locale } = context;
  const unsubscribe = context.url(`/correo/baja/${await context.token("unsubscribe", recipient.id)}`);
  const preferences = context.url("/cuenta/notificaciones");
  const content = renderMail({
    locale,
    subject: parts.subject,
    greeting: t("mail.greeting", { name: recipient.name }),
    paragraphs: parts.paragraphs,
    action: parts.action,
    after: [
      t("mail.notifications.why", { url: preferences }),
      t("mail.notifications.unsubscribe", { url: unsubscribe }),
    ],
    footer: t("mail.footer"),
  });
  return {
    ...content,
    links: [parts.action.url, preferences, unsubscribe],
    headers: {
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

export const notificationTemplate = defineTemplate({
  params: z.object({ notificationId: z.string().min(1).max(100) }),
  async render({ notificationId }, context) {
    const notification = await context.db.notification.findUnique({
      where: { id: notificationId },
      select: { userId: true, kind: true, text: true, link: true },
    });
    if (!notification) return null;
    const recipient = await recipientOf(context, notification.userId, "IMMEDIATE");
    if (!recipient) return null;
    const line = lineOf(context, notification);
    return finish(context, recipient, {
      subject: line,
      paragraphs: [line],
      action: { label: context.t("mail.notifications.open"), url: context.url(notification.link) },
    });
  },
});

export const digestTemplate = defineTemplate({
  params: z.object({
    userId: z.string().min(1).max(100),
    notificationIds: z.array(z.string().min(1).max(100)).min(1).max(500),
  }),
  async render({ userId, notificationIds }, context) {
    const recipient = await recipientOf(context, userId, "DAILY");
    if (!recipient) return null;
    // What is still unread when the digest goes out (read in the site meanwhile: not repeated).
    const notifications = await context.db.notification.findMany({
      where: { id: { in: notificationIds }, userId, readAt: null },
      orderBy: { createdAt: "asc" },
      select: { kind: true, text: true, link: true },
    });
    if (notifications.length === 0) return null;
    const { t } = context;
    return finish(context, recipient, {
      subject: t("mail.notifications.digestSubject", { count: notifications.length }),
      paragraphs: [
        t("mail.notifications.digestIntro", { count: notifications.length }),
        ...notifications.map((n) => `• ${lineOf(context, n)}: ${context.url(n.link)}`),
      ],
      action: { label: t("mail.notifications.openAll"), url: context.url("/notificaciones") },
    });
  },
});
