import { createHmac } from 'node:crypto';
import { keysMatch } from './constant-time';

/** 128 bits of the HMAC, in hex. */
const SHARE_KEY_LENGTH = 32;

/**
 * The key that lets a browser send email invites for an offer: an HMAC of the offer id with the
 * site's secret key. Offer codes travel in links and answers anyone can see; the share key is
 * handed only to callers the merchant vouched for (the secret key, a signed purchase, a show_url
 * made for the advocate), so a stranger who learns an advocate's code or email cannot send mail
 * in the advocate's name or use up their invites.
 */
export function shareKeyOf(siteKey: string, offerId: string): string {
  return createHmac('sha256', siteKey).update(`share:${offerId}`).digest('hex').slice(0, SHARE_KEY_LENGTH);
}

/** Whether a browser-sent share key is the offer's. */
export function isShareKeyOf(siteKey: string, offerId: string, given: string): boolean {
  return keysMatch(shareKeyOf(siteKey, offerId), given.toLowerCase());
}
