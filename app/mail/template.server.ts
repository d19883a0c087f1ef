import type { TFunction } from "i18next";
import type { z } from "zod";
import type { Locale } from "~/i18n.ts";
import type { PrismaClient } from "~/utils/db.server.ts";
import type { MailContent } from "./templates/layout.ts";
import type { TokenPurpose } from "./tokens.server.ts";

// What a template is (docs/decisions/018). A message in the outbox names a template and holds its
// parameters; the template turns them into a message when the message is sent (or read in the
// outbox page without SMTP): it reads what it needs from the database then, and asks for the
// tokens of its links then, so the outbox never holds a usable link nor a sent body.

export type RenderContext = {
  db: PrismaClient;
  locale: Locale;
  /** Translations in the message's language. */
  t: TFunction;
  /** The absolute address of a path of the site (PUBLIC_URL). */
  url(path: string): string;
  /** A new single-use token for a link (only its hash is stored); returns the secret. */
  token(purpose: TokenPurpose, subjectId: string): Promise<string>;
};

/** A rendered message: its content, and the links it carries (shown in the outbox page). */
export type RenderedMail = MailContent & {
  links: string[];
  /** Headers of this kind of message (List-Unsubscribe on notifications). */
  headers?: Record<string, string>;
};

export type MailTemplate<P> = {
  /** The parameters, checked when the message is enqueued and again when it is rendered. */
  params: z.ZodType<P>;
  /** The message, or null when there is nothing to send any more (the message is cancelled). */
  render(params: P, context: RenderContext): Promise<RenderedMail | null>;
};

/** Declares a template (keeps its parameter type). */
export function defineTemplate<P>(template: MailTemplate<P>): MailTemplate<P> {
  return template;
}
