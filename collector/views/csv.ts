/**
 * CSV as RFC 4180 writes it: CRLF between records, a field quoted when it holds a comma, a
 * quote or a line break, quotes inside doubled. Text that a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a carriage return) is written with a leading apostrophe, so
 * an advocate who names themselves "=HYPERLINK(…)" cannot make the merchant's spreadsheet act.
 */

export type CsvCell = string | number | boolean | null | undefined;

/** Characters a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field. Numbers are written as numbers (a negative amount stays a number); text is defused and quoted as needed. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRecord(values: readonly CsvCell[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
