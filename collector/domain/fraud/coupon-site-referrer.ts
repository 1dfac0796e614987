/**
 * Signal `coupon_site_referrer`: the friend arrived from a coupon or deal site (the claim's
 * Referer is on the rule's `sites` or a subdomain of one: retailmenot.com, joinhoney.com,
 * slickdeals.net, couponfollow.com and a few more by default) — the advocate's link or code was
 * posted there for strangers.
 *
 * Default: on, flags. False-positive risk: low — a friend rarely finds a friend's link on a coupon
 * site; but browsers often send no Referer or only the origin, so a quiet signal proves nothing,
 * and a deal site the merchant partners with belongs off the list.
 */
import type { SignalResult } from './signal';

/** The host of a referrer URL, lower case, or null when it is not an absolute http(s) URL. */
function hostOf(referrerUrl: string): string | null {
  try {
    const url = new URL(referrerUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.toLowerCase().replace(/\.$/, '') : null;
  } catch {
    return null;
  }
}

/** Whether the friend's referrer is on a listed coupon site. */
export function couponSiteReferrerSignal(referrerUrl: string | null | undefined, sites: readonly string[]): SignalResult {
  const host = referrerUrl ? hostOf(referrerUrl) : null;
  if (!host) return { signal: 'coupon_site_referrer', value: { host: null, site: null }, fired: false, words: 'the friend arrived with no referring page' };
  const site = sites.find((listed) => host === listed || host.endsWith(`.${listed}`)) ?? null;
  return {
    signal: 'coupon_site_referrer',
    value: { host, site },
    fired: site !== null,
    words: site ? `the friend arrived from ${host}, a coupon site` : `the friend arrived from ${host}, which is not a listed coupon site`,
  };
}
