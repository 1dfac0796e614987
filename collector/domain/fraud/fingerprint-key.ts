import { createHmac } from 'node:crypto';
import type { Site } from '../../config/site-config.schema';

/**
 * The key a site's keyed hashes (networks, device ids, user agents, shipping addresses) are
 * taken under: derived from the site's api_key, so it is per site, secret, and needs no setting
 * of its own.
 */
export function fingerprintKey(site: Pick<Site, 'api_key'>): string {
  return createHmac('sha256', site.api_key).update('vouch fraud fingerprints').digest('hex');
}
