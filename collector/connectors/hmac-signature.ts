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
