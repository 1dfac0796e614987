/**
 * Parsing of an email share's recipient list. Pure (no Node APIs) so the widget's form
 * validates exactly as the collector does.
 */

/**
 * Most recipients one email share may name unless the site sets email_limits.recipients_per_share
 * (the campaign's recipients_per_share tells the widget the site's own).
 */
export const DEFAULT_RECIPIENTS_PER_SHARE = 10;

/** Longest address RFC 5321 allows. */
const MAX_EMAIL_LENGTH = 254;

// Deliberately simple: one @, a dot in the domain, no spaces or brackets. Real validation is delivery.
const EMAIL_PATTERN = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]{2,}$/;

/** Whether a string looks like a deliverable address. */
export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(value);
}

/** Lower-cases and trims an address, the form it is stored and compared in. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

export interface ParsedRecipients {
  /** Distinct valid addresses, normalised, in the order given (a repeated address is kept once). */
  valid: string[];
  /** Entries that are not addresses, as typed. */
  invalid: string[];
}

/** Splits "a@x.com, b@y.com\nc@z.com" (commas, semicolons, new lines) into addresses. */
export function parseRecipients(input: string | readonly string[]): ParsedRecipients {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const typed of typeof input === 'string' ? input.split(/[,;\n\r]+/) : input) {
    const entry = typed.trim();
    // normalizeEmail, less the trim just done: the widget's bundle does without the function.
    const email = entry.toLowerCase();
    if (!entry) continue;
    if (!isEmailAddress(email)) invalid.push(entry);
    else if (!valid.includes(email)) valid.push(email);
  }
  return { valid, invalid };
}
