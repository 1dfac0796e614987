import { isAllowedHost } from './host-allow-list';

export interface DestinationSite {
  destination_url: string;
  allowed_hosts: readonly string[];
  visitor_uuid_param: string;
}

/** How many times a path is percent-decoded when judged: more layers than any shop would undo. */
const DECODE_ROUNDS = 4;

/**
 * Where a claim sends the friend: the site's destination URL (or a deep link the link asked
 * for with `?to=`, when it stays on the merchant's allowed hosts) with the visitor uuid added.
 * `{{visitor_uuid}}` and `{{coupon_code}}` in the configured destination are filled in
 * (Talkable's style); otherwise the uuid is appended as a query parameter. Never returns a URL
 * outside the allowed hosts: a bad `to` falls back to the site's own destination.
 */
export function claimDestination(
  site: DestinationSite,
  visitorUuid: string,
  couponCode: string | null,
  requested?: string | undefined,
): string {
  const deepLink = resolveRequested(site, requested);
  let url: URL;
  if (deepLink) {
    // A requested page is never searched for placeholders: whoever wrote the link could hide
    // `{{visitor_uuid}}` in it and so drop the parameter attribution relies on.
    url = deepLink;
    url.searchParams.set(site.visitor_uuid_param, visitorUuid);
  } else {
    const template = site.destination_url;
    url = new URL(
      template.replaceAll('{{visitor_uuid}}', encodeURIComponent(visitorUuid)).replaceAll('{{coupon_code}}', encodeURIComponent(couponCode ?? '')),
    );
    if (!template.includes('{{visitor_uuid}}')) url.searchParams.set(site.visitor_uuid_param, visitorUuid);
  }
  if (!isAllowedHost(url, site.allowed_hosts)) {
    // The configured destination itself is off the allow-list: a configuration error,
    // caught at start; this guard keeps a redirect off-site impossible even so.
    throw new Error('destination_url is not on the site allowed_hosts');
  }
  return url.href;
}

/** Only a relative path or an absolute http(s) URL on an allowed host is honoured. */
function resolveRequested(site: DestinationSite, requested: string | undefined): URL | undefined {
  if (!requested || requested.length > 2000) return undefined;
  // Control characters and backslashes are how parsers get confused; refuse them outright.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(requested)) return undefined;
  const isPath = requested.startsWith('/') && !requested.startsWith('//');
  if (!isPath && !/^https?:\/\//i.test(requested)) return undefined;
  let url: URL;
  try {
    url = new URL(requested, new URL(site.destination_url).origin);
  } catch {
    // Not a URL at all: use the site's destination.
    return undefined;
  }
  if (!isAllowedHost(url, site.allowed_hosts) || pathNamesAnotherHost(url.pathname)) return undefined;
  return url;
}

/**
 * Whether a path, as parsed (dot segments resolved) or as a shop that percent-decodes and
 * normalises its path would read it, begins with `//` or `/\`: a scheme-relative URL to another
 * host, should the shop ever redirect to its own path. `/..//evil.example` parses to
 * `//evil.example`; `/%2F%2Fevil.example` decodes to it.
 */
function pathNamesAnotherHost(pathname: string): boolean {
  let path = pathname;
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    if (/^\/[/\\]/.test(path)) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // A broken escape: nothing a shop could route honestly.
      return true;
    }
    // Parsed again, as the shop's router would: dot segments the decoding revealed resolve.
    const normalised = new URL(`http://x${decoded.startsWith('/') ? '' : '/'}${decoded}`).pathname;
    if (normalised === path) return false;
    path = normalised;
  }
  // More layers of encoding than any honest link has.
  return true;
}
