/**
 * The JSON a body holds, or undefined when it is not JSON (a signed body can still be malformed).
 * Integers too long for a JavaScript number (Shopify's ids are 18 digits) are read as strings of
 * their digits: JSON.parse would round them, and two orders' ids could read alike.
 */
export function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(quoteLongIntegers(new TextDecoder('utf-8', { fatal: true }).decode(body)));
  } catch {
    return undefined;
  }
}

/** Longest integer a JavaScript number holds exactly has 16 digits (2^53 - 1 = 9007199254740991). */
const LONGEST_EXACT_DIGITS = 15;

/** The JSON text with every integer of more than 15 digits outside a string put in quotes. */
function quoteLongIntegers(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
      continue;
    }
    if ((char >= '0' && char <= '9') || char === '-') {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end]!)) end++;
      const token = text.slice(i, end);
      out += /^-?\d+$/.test(token) && token.replace('-', '').length > LONGEST_EXACT_DIGITS ? `"${token}"` : token;
      i = end - 1;
      continue;
    }
    out += char;
  }
  return out;
}
