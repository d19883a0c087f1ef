import { DEFAULT_LOCALE, translator, type Locale } from "~/i18n.ts";
import type { Messages } from "~/locales/es.ts";
import { getLocale } from "./locale.server.ts";

/** The messages of plain-text answers (refusals, missing things): keys under `responses`. */
export type ResponseKey = `responses.${keyof Messages["responses"]}`;

/**
 * A message of `responses` in the request's language (or a locale; Spanish, the default, without
 * either: the database's busy and disk-full answers are made where no request is at hand).
 */
export function responseText(
  request: Request | Locale | undefined,
  key: ResponseKey | "participation.badCursor",
): string {
  const locale = request === undefined ? DEFAULT_LOCALE : typeof request === "string" ? request : getLocale(request);
  return translator(locale)(key);
}

/**
 * A plain-text answer in the request's language: what a route throws for a refused or unknown
 * request (`throw textResponse(request, 404, "responses.commitmentNotFound")`). The page itself
 * shows the error boundary's message for the status; this text is what a script or `curl` reads.
 */
export function textResponse(
  request: Request | undefined,
  status: number,
  key: ResponseKey | "participation.badCursor",
  init: ResponseInit = {},
): Response {
  return new Response(responseText(request, key), {
    ...init,
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...init.headers },
  });
}
