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

// After NFKC (fullwidth letters and dots become plain ones) and with every Unicode full stop read
// as ".": a scheme, "www.", or any name.tld with a top-level domain of two or more letters.
const LINK_PATTERN = /[\p{L}][\p{L}\p{N}+.-]*:\/\/|www\.|[\p{L}\p{N}-]+\.\p{L}{2,}(?![\p{L}\p{N}])/u;
const FULL_STOPS = /[\u3002\uFF0E\uFF61\u2024\u2027\u00B7\u0589\u06D4\u0701\u0702\u1362\u166E\u1803\u1809\u2E3C\uA4FF\uA60E\uA6F3\uFE52]/gu;

/** Whether an advocate's note holds something that reads as a link (a scheme, "www.", or name.tld in any script). */
export function hasLink(text: string): boolean {
  return LINK_PATTERN.test(text.normalize('NFKC').replace(FULL_STOPS, '.'));
}
