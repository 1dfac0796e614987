/**
 * The visitor uuid: a claim redirect sends the friend to the shop with `?vouch_uuid=...`; keeping
 * it in a first-party cookie lets the friend's purchase, maybe days later, name its referrer.
 */

/** The query parameter and cookie name. */
export const VISITOR_UUID_NAME = 'vouch_uuid';

const COOKIE_MAX_AGE_IN_SECONDS = 365 * 24 * 60 * 60;

// Collector uuids are hex and dashes; anything else is refused, so nothing odd is written to a cookie.
const UUID_PATTERN = /^[\w-]{8,64}$/;

/** Stores the page URL's vouch_uuid in the cookie and returns it, or undefined when the URL has none. */
export function captureVisitorUuid(location: Location, doc: Document): string | undefined {
  const uuid = new URLSearchParams(location.search).get(VISITOR_UUID_NAME);
  if (!uuid || !UUID_PATTERN.test(uuid)) return undefined;
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  doc.cookie = `${VISITOR_UUID_NAME}=${uuid}; Max-Age=${COOKIE_MAX_AGE_IN_SECONDS}; Path=/; SameSite=Lax${secure}`;
  return uuid;
}

/** The visitor uuid kept in the cookie, if any. */
export function readVisitorUuid(doc: Document): string | undefined {
  return doc.cookie.match(/(?:^|;\s*)vouch_uuid=([\w-]{8,64})(?:;|$)/)?.[1];
}
