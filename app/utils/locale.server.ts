import * as cookie from "cookie";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n.ts";

export const LOCALE_COOKIE = "minka_lang";

/** The visitor's language: the one they chose with the switch, else Spanish (the platform's default). */
export function getLocale(request: Request): Locale {
  const chosen = cookie.parse(request.headers.get("Cookie") ?? "")[LOCALE_COOKIE];
  return isLocale(chosen) ? chosen : DEFAULT_LOCALE;
}

/** A Set-Cookie value remembering a language for a year. */
export function localeCookie(locale: Locale, secure: boolean): string {
  return cookie.serialize(LOCALE_COOKIE, locale, {
    path: "/",
    sameSite: "lax",
    secure,
    httpOnly: true,
    maxAge: 365 * 24 * 60 * 60,
  });
}
