import { LOCALE_TAGS, type Locale } from "~/i18n.ts";

// Every message has a plain-text body and an HTML body built from the same parts. Each part is
// text (translations with the person's name or anything else a person wrote interpolated); the
// HTML body escapes every one of them, so nothing a person wrote is ever HTML. Links are ours
// (built from PUBLIC_URL) and escaped as attributes too.

/** The parts of a message, in order. */
export type MailParts = {
  locale: Locale;
  /** Also the HTML title. */
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** The one button of the message. */
  action?: { label: string; url: string };
  /** Paragraphs after the button (expiry, what to do if it was not you). */
  after?: string[];
  footer: string;
};

export type MailContent = { subject: string; text: string; html: string };

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/** One line of a header: no line breaks or other control characters can reach it. */
export function headerText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

export function renderMail(parts: MailParts): MailContent {
  const subject = headerText(parts.subject);
  const after = parts.after ?? [];
  const text = [
    parts.greeting,
    ...parts.paragraphs,
    ...(parts.action ? [`${parts.action.label}:\n${parts.action.url}`] : []),
    ...after,
    `--\n${parts.footer}`,
  ].join("\n\n");
  const paragraph = (value: string) => `<p style="margin:0 0 16px">${escapeHtml(value)}</p>`;
  const button = parts.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(parts.action.url)}" style="background:#0b5f6e;color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;display:inline-block">${escapeHtml(parts.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:14px;color:#444444;word-break:break-all">${escapeHtml(parts.action.url)}</p>`
    : "";
  const html = [
    "<!doctype html>",
    `<html lang="${LOCALE_TAGS[parts.locale]}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:600px;margin:0 auto;padding:24px">',
    paragraph(parts.greeting),
    ...parts.paragraphs.map(paragraph),
    button,
    ...after.map(paragraph),
    `<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0"><p style="font-size:13px;color:#555555">${escapeHtml(parts.footer)}</p>`,
    "</body>",
    "</html>",
  ].join("\n");
  return { subject, text: `${text}\n`, html: `${html}\n` };
}
