import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `signature` is the base64 HMAC-SHA256 of the raw body with the secret, as Shopify
 * (X-Shopify-Hmac-Sha256) and WooCommerce (X-WC-Webhook-Signature) sign their web hooks.
 * Compared in constant time, so the answer's timing tells an attacker nothing about the secret.
 */
export function base64HmacMatches(secret: string, body: Uint8Array, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

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
