import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, translator } from "~/i18n.ts";

type Match = { id: string; data: unknown };

/** A translated <title> for a page, in the language the root loader chose. */
export function pageTitle(matches: Match[], key: string, values?: Record<string, unknown>): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const t = translator(locale);
  return [{ title: `${t(key, values)} · Minka` }];
}
