import { createHmac } from 'node:crypto';
import { UUID_PATTERN } from '../contract/visitor-uuid';
import { keysMatch } from './constant-time';

/** Enough of the HMAC to make forging a tag hopeless (128 bits, in hex), short enough for a cookie. */
const TAG_LENGTH = 32;

/**
 * The collector's visitor cookie value: the uuid and a tag made with the site's secret key
 * (`<uuid>.<tag>`). The uuid travels in landing URLs, so anyone can learn it; only the collector
 * can make its tag. A click carrying a uuid without its tag is a new visitor, so a copied uuid
 * cannot re-point a friend's claim to another advocate.
 */
export function visitorCookieValue(siteKey: string, visitorUuid: string): string {
  return `${visitorUuid}.${visitorTag(siteKey, visitorUuid)}`;
}

/** The visitor uuid of a cookie this collector issued for the site, or undefined (absent, forged, another site's). */
export function visitorFromCookie(siteKey: string, value: string | undefined): string | undefined {
  const [uuid, tag, ...rest] = (value ?? '').toLowerCase().split('.');
  if (!uuid || !tag || rest.length > 0 || !UUID_PATTERN.test(uuid)) return undefined;
  return keysMatch(visitorTag(siteKey, uuid), tag) ? uuid : undefined;
}

function visitorTag(siteKey: string, visitorUuid: string): string {
  return createHmac('sha256', siteKey).update(`visitor:${visitorUuid}`).digest('hex').slice(0, TAG_LENGTH);
}
