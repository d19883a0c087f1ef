import * as cookie from "cookie";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n.ts";

export const LOCALE_COOKIE = "minka_lang";

/** The visitor's language: the one they chose with the switch, else Spanish (the platform's default). */
export function getLocale(request: Request): Locale {
  return localeFromCookies(request.headers.get("Cookie"));
}

/** The language a Cookie header names (the switch's cookie), else Spanish; for code without a Fetch Request. */
export function localeFromCookies(header: string | null | undefined): Locale {
  const chosen = cookie.parse(header ?? "")[LOCALE_COOKIE];
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
