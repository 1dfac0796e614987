import { isAllowedHost } from './host-allow-list';

export interface DestinationSite {
  destination_url: string;
  allowed_hosts: readonly string[];
  visitor_uuid_param: string;
}

/**
 * Where a claim sends the friend: the site's destination URL (or a deep link the link asked
 * for with `?to=`, when it stays on the merchant's allowed hosts) with the visitor uuid added.
 * `{{visitor_uuid}}` and `{{coupon_code}}` in the template are filled in (Talkable's style);
 * otherwise the uuid is appended as a query parameter. Never returns a URL outside the
 * allowed hosts: a bad `to` falls back to the site's own destination.
 */
export function claimDestination(
  site: DestinationSite,
  visitorUuid: string,
  couponCode: string | null,
  requested?: string | undefined,
): string {
  const base = resolveRequested(site, requested) ?? site.destination_url;
  const hadPlaceholder = base.includes('{{visitor_uuid}}');
  const filled = base
    .replaceAll('{{visitor_uuid}}', encodeURIComponent(visitorUuid))
    .replaceAll('{{coupon_code}}', encodeURIComponent(couponCode ?? ''));
  const url = new URL(filled);
  if (!hadPlaceholder) url.searchParams.set(site.visitor_uuid_param, visitorUuid);
  if (!isAllowedHost(url, site.allowed_hosts)) {
    // The configured destination itself is off the allow-list: a configuration error,
    // caught at start; this guard keeps a redirect off-site impossible even so.
    throw new Error('destination_url is not on the site allowed_hosts');
  }
  return url.href;
}

/** Only a relative path or an absolute URL on an allowed host is honoured. */
function resolveRequested(site: DestinationSite, requested: string | undefined): string | undefined {
  if (!requested || requested.length > 2000) return undefined;
  // Control characters and backslashes are how parsers get confused; refuse them outright.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(requested)) return undefined;
  try {
    const origin = new URL(site.destination_url).origin;
    const url = new URL(requested, origin);
    if (requested.startsWith('/') && !requested.startsWith('//') && url.origin === origin) return url.href;
    return isAllowedHost(url, site.allowed_hosts) && /^https?:\/\//i.test(requested) ? url.href : undefined;
  } catch {
    // Not a URL at all: use the site's destination.
    return undefined;
  }
}
