import type { MailTemplate } from "./template.server.ts";
import { passwordResetTemplate, verifyEmailTemplate } from "./templates/account.server.ts";
import { invitationTemplate } from "./templates/invitation.server.ts";
import { digestTemplate, notificationTemplate } from "./templates/notifications.server.ts";

// Every kind of message Minka sends, by the name the outbox stores. A new kind (an invitation, a
// notification digest) is a template module under templates/ and one more entry here; if its
// links need tokens, a purpose in tokens.server.ts too.
export const MAIL_TEMPLATES = {
  "verify-email": verifyEmailTemplate,
  "password-reset": passwordResetTemplate,
  invitation: invitationTemplate,
  notification: notificationTemplate,
  "notification-digest": digestTemplate,
};

export type TemplateName = keyof typeof MAIL_TEMPLATES;

export type TemplateParams<N extends TemplateName> =
  (typeof MAIL_TEMPLATES)[N] extends MailTemplate<infer P> ? P : never;

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(MAIL_TEMPLATES, name);
}

/** A template by its stored name, with its parameter schema; null for a name this code does not know. */
export function templateNamed(name: string): MailTemplate<unknown> | null {
  if (!isTemplateName(name)) return null;
  return MAIL_TEMPLATES[name] as unknown as MailTemplate<unknown>;
}
