import { createHash } from 'node:crypto';

/** What a configured endpoint `id` may be: it goes into URL paths. */
export const ENDPOINT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/**
 * The id of an endpoint that configures none: "we_" and 16 hex characters of SHA-256 over the
 * site slug and the URL, so it stays the same across restarts and instances, and changes only
 * when the URL does.
 */
export function derivedEndpointId(siteSlug: string, url: string): string {
  return `we_${createHash('sha256').update(`${siteSlug}\n${url}`).digest('hex').slice(0, 16)}`;
}
