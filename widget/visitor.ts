/**
 * The visitor uuid: a claim redirect sends the friend to the shop with `?vouch_uuid=...`; keeping
 * it in a first-party cookie lets the friend's purchase, maybe days later, name its referrer.
 */
import { UUID_PATTERN, VISITOR_UUID_NAME } from '../collector/contract/visitor-uuid';

const COOKIE_MAX_AGE_IN_SECONDS = 365 * 24 * 60 * 60;

/** Stores the page URL's vouch_uuid in the cookie and returns it, or undefined when the URL has none. */
export function captureVisitorUuid(location: Location, doc: Document): string | undefined {
  const uuid = new URLSearchParams(location.search).get(VISITOR_UUID_NAME);
  // Only a real uuid: anything else would be refused by the collector with every later purchase.
  if (!uuid || !UUID_PATTERN.test(uuid)) return undefined;
  // Already there when the claim link is on the shop's own origin: that cookie was set by the
  // server, which Safari keeps for its whole life, unlike one written here (7 days). Keep it.
  if (readVisitorUuid(doc) !== uuid) {
    doc.cookie = `${VISITOR_UUID_NAME}=${uuid}; Max-Age=${COOKIE_MAX_AGE_IN_SECONDS}; Path=/; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;
  }
  return uuid;
}

/** The visitor uuid kept in the cookie, if any. */
export function readVisitorUuid(doc: Document): string | undefined {
  // VISITOR_UUID_NAME spelled inside the literal: building the RegExp from it costs the bundle 37 bytes gzip.
  // visitor.test.ts writes with the constant and reads back with this, so the two cannot drift apart.
  return doc.cookie.match(/(?:^|;\s*)vouch_uuid=([\da-fA-F-]{36})(?:;|$)/)?.[1];
}
