import { stringify } from "csv-stringify/sync";

export type CsvValue = string | number | boolean | Date | null | undefined;

// Spreadsheet programs run a cell that starts with one of these as a formula ("CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as text, with a leading apostrophe when a spreadsheet would read it as a formula. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "1" : "0";
  const text = String(value);
  // Plain numbers are data, not formulas (e.g. a negative indicator value).
  if (typeof value === "number") return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A CSV document (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line
 * breaks quoted and quotes doubled) with a header row, safe to open in a spreadsheet, with a BOM
 * so Excel reads it as UTF-8.
 */
export function toCsv(headers: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const body = stringify([headers.map(csvCell), ...rows.map((row) => row.map(csvCell))], {
    record_delimiter: "windows",
    // Quote any field with a line break (a bare \n too), or leading or trailing spaces.
    quoted_match: [/[\r\n]/, /^\s|\s$/],
  });
  return `\uFEFF${body}`;
}
