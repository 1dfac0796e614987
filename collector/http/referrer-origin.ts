/** Longest Referer origin kept: a scheme and a host name fit easily; anything longer is not one. */
const MAX_ORIGIN_LENGTH = 300;

/**
 * The origin (scheme and host, e.g. "https://www.retailmenot.com") of a Referer header, or null
 * for none, an unreadable one, or one that is not http(s). The path and query are dropped: the
 * coupon-site signal needs only the host, and a path can name a person (a profile, a search).
 */
export function referrerOrigin(referer: string | undefined): string | null {
  if (!referer) return null;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    // Not a URL: a browser never sends such a header, so there is nothing to keep.
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin.length <= MAX_ORIGIN_LENGTH ? url.origin : null;
}
