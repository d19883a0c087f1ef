import { z } from "zod";
import { defineTemplate, type RenderContext } from "../template.server.ts";
import { renderMail } from "./layout.ts";

// The account's messages: address verification at registration (and from /cuenta), and the
// password reset asked for at /recuperar-contrasena.

const forPerson = z.object({ userId: z.string().min(1).max(100) });

/** The person the message is for, unless the account was erased meanwhile. */
async function recipientOf({ db }: RenderContext, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, erasedAt: true, emailVerifiedAt: true },
  });
  return user && !user.erasedAt ? user : null;
}

export const verifyEmailTemplate = defineTemplate({
  params: forPerson,
  async render({ userId }, context) {
    const user = await recipientOf(context, userId);
    // Verified meanwhile (another message's link): nothing to send.
    if (!user || user.emailVerifiedAt) return null;
    const { t, locale } = context;
    const url = context.url(`/verificar-correo/${await context.token("verify-email", user.id)}`);
    const content = renderMail({
      locale,
      subject: t("mail.verifyEmail.subject"),
      greeting: t("mail.greeting", { name: user.name }),
      paragraphs: [t("mail.verifyEmail.intro")],
      action: { label: t("mail.verifyEmail.action"), url },
      after: [t("mail.verifyEmail.expiry"), t("mail.verifyEmail.notYou")],
      footer: t("mail.footer"),
    });
    return { ...content, links: [url] };
  },
});

export const passwordResetTemplate = defineTemplate({
  params: forPerson,
  async render({ userId }, context) {
    const user = await recipientOf(context, userId);
    if (!user) return null;
    const { t, locale } = context;
    const url = context.url(`/recuperar-contrasena/${await context.token("password-reset", user.id)}`);
    const content = renderMail({
      locale,
      subject: t("mail.passwordReset.subject"),
      greeting: t("mail.greeting", { name: user.name }),
      paragraphs: [t("mail.passwordReset.intro")],
      action: { label: t("mail.passwordReset.action"), url },
      after: [t("mail.passwordReset.expiry"), t("mail.passwordReset.notYou")],
      footer: t("mail.footer"),
    });
    return { ...content, links: [url] };
  },
});
