/**
 * What identifies one person in stored text: the addresses (replaced by the anonymized address
 * wherever they appear) and the other values (IP addresses, visitor uuids, user agents, customer
 * ids, names) that are dropped where they stand alone.
 */
export interface PersonalValues {
  emails: readonly string[];
  /** The address that takes the place of every one of `emails`. */
  replacementEmail: string;
  /** Values cleared wherever a JSON string or a person object holds exactly one of them. */
  exact: readonly string[];
  /**
   * Names and customer ids: cleared where a JSON string is exactly one of them, and replaced as
   * whole words in text, in rows already known to be about the person (too common to look for elsewhere).
   */
  ofPerson: readonly string[];
}

/** Keys of an object describing a person whose values are personal when the object is theirs. */
const PERSON_KEYS = new Set(['first_name', 'last_name', 'customer_id', 'custom_properties', 'username', 'ip_address', 'user_agent', 'visitor_uuid', 'uuid']);

/** What a cleared text value becomes in free text (a note, a response excerpt). */
export const ERASED_TEXT = '[erased]';

/**
 * Free text with every one of the person's addresses replaced (in any case) by the anonymized
 * address and every other identifying value by "[erased]". Answers the text unchanged when
 * nothing of the person is in it.
 */
export function scrubText(text: string, values: PersonalValues): string {
  let out = text;
  for (const email of values.emails) out = replaceAll(out, email, values.replacementEmail);
  for (const value of values.exact) if (value.length >= 4) out = replaceAll(out, value, ERASED_TEXT);
  // Longest first, so a full name goes as one; each only as a whole word ("Ann" not in "Annual").
  for (const value of [...values.ofPerson].sort((a, b) => b.length - a.length)) out = replaceWord(out, value, ERASED_TEXT);
  return out;
}

/**
 * A JSON value with the person taken out: addresses replaced, exact identifying values set to
 * null, and in any object that is the person's (it names one of their addresses) the personal
 * keys (names, customer id, custom properties, IP, user agent, visitor uuid) set to null.
 */
export function scrubJson(value: unknown, values: PersonalValues): unknown {
  if (typeof value === 'string') {
    if (values.exact.includes(value) || values.ofPerson.includes(value)) return null;
    return scrubText(value, values);
  }
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, values));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const isPersons = entries.some(([, item]) => typeof item === 'string' && values.emails.some((email) => item.toLowerCase() === email));
    return Object.fromEntries(
      entries.map(([key, item]) => {
        if (isPersons && PERSON_KEYS.has(key)) return [key, null];
        return [key, scrubJson(item, values)];
      }),
    );
  }
  return value;
}

/** A stored JSON text scrubbed as scrubJson does; text that is not JSON is scrubbed as free text. */
export function scrubJsonText(text: string, values: PersonalValues): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return scrubText(text, values);
  }
  return JSON.stringify(scrubJson(parsed, values));
}

function replaceWord(text: string, word: string, replacement: string): string {
  // A short number (a customer id like 42) would match amounts: those are cleared only as whole JSON values.
  if (word.trim().length < 2 || /^\d{1,6}$/.test(word)) return text;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), replacement);
}

function replaceAll(text: string, needle: string, replacement: string): string {
  if (!needle) return text;
  const lower = text.toLowerCase();
  const target = needle.toLowerCase();
  let from = 0;
  let out = '';
  for (let at = lower.indexOf(target); at !== -1; at = lower.indexOf(target, from)) {
    out += text.slice(from, at) + replacement;
    from = at + target.length;
  }
  return from === 0 ? text : out + text.slice(from);
}
