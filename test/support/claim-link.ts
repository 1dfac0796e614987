import { expect } from 'vitest';

/** What a friend's browser holds after following a claim link, before it reaches the shop. */
export interface ClaimVisit {
  /** The visitor uuid the collector put on the landing URL (`vouch_uuid`). */
  uuid: string;
  /** Where the redirect sends the friend: the shop's page, uuid included. */
  landingUrl: URL;
  /** The visitor cookie the collector set, as a Cookie header value (`name=value`); '' if it set none. */
  cookie: string;
}

/** Where a click comes from: its network (sent as X-Forwarded-For), the cookies it already has, and the page it was on (Referer). */
export interface ClickSource {
  ip?: string;
  cookie?: string;
  referer?: string;
  /** The browser's User-Agent header. */
  userAgent?: string;
}

/**
 * Follows a claim link like a browser that stops at the redirect (a 302 is expected) and answers
 * the visitor uuid, the landing URL and the visitor cookie.
 */
export async function followClaimLink(claimUrl: string, from: ClickSource = {}): Promise<ClaimVisit> {
  const headers: Record<string, string> = {};
  if (from.ip) headers['x-forwarded-for'] = from.ip;
  if (from.cookie) headers.cookie = from.cookie;
  if (from.referer) headers.referer = from.referer;
  if (from.userAgent) headers['user-agent'] = from.userAgent;
  const response = await fetch(claimUrl, { redirect: 'manual', headers });
  expect(response.status, `claim link ${claimUrl}`).toBe(302);
  const landingUrl = new URL(response.headers.get('location')!);
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  return { uuid: landingUrl.searchParams.get('vouch_uuid')!, landingUrl, cookie };
}
