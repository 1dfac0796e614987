import { createHmac } from 'node:crypto';
import { keysMatch } from './constant-time';

/** The purchase fields a signature covers: every one that decides attribution or money. */
export interface SignedPurchaseFields {
  siteSlug: string;
  orderNumber: string;
  email: string;
  subtotal: number;
  customerId?: string | null | undefined;
  couponCode?: string | null | undefined;
  visitorUuid?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
}

/** The prefix of a version 2 signature (`v2=<hex>`); a bare hex signature is version 1. */
export const SIGNATURE_V2_PREFIX = 'v2=';

/**
 * Version 2 of what the merchant's server signs, one `name=value` line per field in a fixed
 * order after the line `vouch-purchase-v2`: every field that decides attribution or money, and
 * the names that invites show. Absent fields are empty; the email is trimmed and lower-cased,
 * the uuid lower-cased, and the subtotal written as the shortest decimal that reads back the
 * same (10, 10.5, 10.004): unlike version 1's two decimals, 10.004 and 10 differ.
 */
export function purchaseSignatureMessageV2(fields: SignedPurchaseFields): string {
  return [
    'vouch-purchase-v2',
    `site_slug=${fields.siteSlug}`,
    `order_number=${fields.orderNumber}`,
    `email=${fields.email.trim().toLowerCase()}`,
    `subtotal=${String(fields.subtotal)}`,
    `customer_id=${fields.customerId ?? ''}`,
    `coupon_code=${fields.couponCode ?? ''}`,
    `uuid=${(fields.visitorUuid ?? '').toLowerCase()}`,
    `first_name=${fields.firstName ?? ''}`,
    `last_name=${fields.lastName ?? ''}`,
  ].join('\n');
}

/**
 * Version 1, kept for the transition: `purchase:<site_slug>:<order_number>:<email>:<subtotal with
 * 2 decimals>`. It does not cover the customer id, coupon or visitor uuid, so a purchase carrying
 * any of those under a version 1 signature is not trusted (see isTrustedPurchase).
 */
export function purchaseSignatureMessage(siteSlug: string, orderNumber: string, email: string, subtotal: number): string {
  return `purchase:${siteSlug}:${orderNumber}:${email.trim().toLowerCase()}:${subtotal.toFixed(2)}`;
}

/** Hex HMAC-SHA256 of the message with the site's secret api_key. */
export function signPurchase(apiKey: string, message: string): string {
  return createHmac('sha256', apiKey).update(message).digest('hex');
}

/** What a purchase's signature proves. */
export type SignatureVerdict =
  /** Version 2 matches: the merchant's server vouches for the purchase, its attribution and the names. */
  | 'trusted_v2'
  /** Version 1 matches and the purchase carries no field it leaves out: trusted, but not the names. */
  | 'trusted_v1'
  /** A version 1 signature that matches, but the purchase carries fields it does not cover: a browser's claim. */
  | 'partly_signed'
  /** It does not match. */
  | 'invalid';

/** Checks a browser-passed signature (`v2=<hex>`, or version 1's bare hex) against the purchase. */
export function checkPurchaseSignature(apiKey: string, signature: string, fields: SignedPurchaseFields): SignatureVerdict {
  const lower = signature.toLowerCase();
  if (lower.startsWith(SIGNATURE_V2_PREFIX)) {
    return keysMatch(signPurchase(apiKey, purchaseSignatureMessageV2(fields)), lower.slice(SIGNATURE_V2_PREFIX.length)) ? 'trusted_v2' : 'invalid';
  }
  const v1 = purchaseSignatureMessage(fields.siteSlug, fields.orderNumber, fields.email, fields.subtotal);
  if (!keysMatch(signPurchase(apiKey, v1), lower)) return 'invalid';
  return fields.customerId || fields.couponCode || fields.visitorUuid ? 'partly_signed' : 'trusted_v1';
}
