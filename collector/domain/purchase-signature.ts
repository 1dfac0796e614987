import { createHmac } from 'node:crypto';
import { keysMatch } from './constant-time';

/**
 * What the merchant's server signs so a purchase reported from the browser can be trusted:
 * `purchase:<site_slug>:<order_number>:<email>:<subtotal with 2 decimals>`.
 */
export function purchaseSignatureMessage(siteSlug: string, orderNumber: string, email: string, subtotal: number): string {
  return `purchase:${siteSlug}:${orderNumber}:${email.trim().toLowerCase()}:${subtotal.toFixed(2)}`;
}

/** Hex HMAC-SHA256 of the message with the site's secret api_key. */
export function signPurchase(apiKey: string, message: string): string {
  return createHmac('sha256', apiKey).update(message).digest('hex');
}

/** Whether the signature the browser passed on was made with the site's key. */
export function isValidPurchaseSignature(apiKey: string, message: string, signature: string): boolean {
  return keysMatch(signPurchase(apiKey, message), signature.toLowerCase());
}
