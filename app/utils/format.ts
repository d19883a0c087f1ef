import { isLocale, LOCALE_TAGS } from "~/i18n.ts";

function tag(language: string): string {
  return isLocale(language) ? LOCALE_TAGS[language] : "es-PE";
}

/** A date in the reader's language, in Peru's time zone. */
export function formatDate(
  value: string | Date,
  language: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: "long" },
) {
  return dateFormat(tag(language), options).format(new Date(value));
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (a list page formats
// dozens of dates), so each language and options pair is built once.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: "America/Lima", ...options });
    if (dateFormats.size < 100) dateFormats.set(key, format);
  }
  return format;
}

/** A whole number with the language's grouping (10.006 / 10,006). */
export function formatNumber(value: number, language: string) {
  return new Intl.NumberFormat(tag(language)).format(value);
}

/** A date and time in the reader's language, in Peru's time zone. */
export function formatDateTime(value: string | Date, language: string) {
  return formatDate(value, language, { dateStyle: "full", timeStyle: "short" });
}

/** A whole percentage. */
export function formatPercent(value: number, language: string) {
  return new Intl.NumberFormat(tag(language), { style: "percent", maximumFractionDigits: 0 }).format(value / 100);
}

const LIMA_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Lima" });

/** The calendar day (YYYY-MM-DD) of an instant in Peru's time zone: what a person in Lima calls "that day". */
export function limaDay(value: string | Date = new Date()): string {
  return LIMA_DAY.format(new Date(value));
}
