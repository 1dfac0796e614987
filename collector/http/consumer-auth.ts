import type { Context } from 'hono';
import type { Site } from '../config/site-config.schema';
import { keysMatch } from '../signing/constant-time';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';

/** The user name and password of an `Authorization: Basic` header, or undefined. */
function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const [scheme = '', value = ''] = (header ?? '').trim().split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'basic' || !value) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // The password may itself hold ":"; only the first one separates.
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The site whose consumer key and secret the call presents with HTTP Basic auth (Reverb's
 * CURLOPT_USERPWD). Every site's key is compared, and a secret compared even when no key
 * matched, so the time taken tells nothing about which keys exist. Anything else is a 401.
 */
export function requireConsumerSite(c: Context<AppEnv>): Site {
  const credentials = basicCredentials(c.req.header('authorization'));
  let found: Site | undefined;
  for (const site of c.var.services.sites.all()) {
    if (site.consumer_key && site.consumer_secret && keysMatch(site.consumer_key, credentials?.user ?? '')) found = site;
  }
  const secretMatches = keysMatch(found?.consumer_secret ?? 'no site has this consumer secret', credentials?.password ?? '');
  if (!credentials || !found || !secretMatches) {
    throw new ApiError(
      401,
      'unauthorized',
      'Unauthorized: the consumer key or secret is missing or wrong',
      [{ field: 'authorization', message: 'must be HTTP Basic with the site consumer_key and consumer_secret' }],
      { 'WWW-Authenticate': 'Basic realm="vouch", charset="UTF-8"' },
    );
  }
  return found;
}
