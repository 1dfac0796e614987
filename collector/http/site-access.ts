import type { Context } from 'hono';
import type { Site } from '../config/site-config.schema';
import { keysMatch } from '../signing/constant-time';
import { isAllowedOrigin } from '../config/host-allow-list';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import { enforcePublicRateLimit } from './rate-limit';

/**
 * Who may call an operation: anyone with the site slug, only holders of the secret key, or
 * (the Reverb-shaped /api/v1) holders of the site's consumer key and secret.
 */
export type Access = 'public' | 'secret' | 'public or secret' | 'consumer';

/**
 * The secret key a merchant's server sent, from any of the places Talkable and common
 * clients put it: `api_key` in the body or query, HTTP Basic user name (`-u KEY:`), or
 * `Authorization: Bearer KEY`.
 */
export function presentedApiKey(c: Context<AppEnv>, bodyKey: string | undefined): string | undefined {
  if (bodyKey) return bodyKey;
  const queryKey = c.req.query('api_key');
  if (queryKey) return queryKey;
  const authorization = c.req.header('authorization') ?? '';
  const [scheme = '', value = ''] = authorization.split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer' && value) return value;
  if (scheme.toLowerCase() === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.split(':', 1)[0];
    if (user) return user;
  }
  return undefined;
}

/**
 * The site a secret-key call acts on. An unknown site and a wrong key answer the same 401,
 * so the answer does not reveal which sites exist.
 */
function requireSecretSite(c: Context<AppEnv>, siteSlug: string | undefined, bodyKey: string | undefined): Site {
  const key = presentedApiKey(c, bodyKey);
  const site = siteSlug ? c.var.services.sites.bySlug(siteSlug) : undefined;
  // Compare even when the site is unknown, so both cases take the same time.
  const matches = keysMatch(site?.api_key ?? 'no site has this key', key ?? '');
  if (!site || !key || !matches) throw ApiError.unauthorized();
  return site;
}

/** Whether the call carries a key at all (then it must be the right one). */
function hasApiKey(c: Context<AppEnv>, bodyKey: string | undefined): boolean {
  return presentedApiKey(c, bodyKey) !== undefined;
}

/**
 * The site of a secret-key caller, read from the request as sent (before it is validated):
 * `site_slug` and `api_key` of `input` (the body, or the query of a call without one). An
 * operation open to browsers too answers undefined to a call that carries no key at all; a key
 * that is there must be right, and a secret-only operation requires it.
 */
export function secretSiteOf(c: Context<AppEnv>, access: Access, input: unknown): Site | undefined {
  if (access === 'public' || access === 'consumer') return undefined;
  const siteSlug = textField(input, 'site_slug')?.trim();
  const bodyKey = textField(input, 'api_key');
  if (access === 'public or secret' && !hasApiKey(c, bodyKey)) return undefined;
  return requireSecretSite(c, siteSlug, bodyKey);
}

/** A string field of an input not validated yet, or undefined. */
function textField(input: unknown, name: string): string | undefined {
  if (input === null || typeof input !== 'object' || !Object.hasOwn(input, name)) return undefined;
  const value = (input as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The site a public (browser) call acts on. A browser on a host the site does not allow is
 * refused before anything is written: CORS alone would only hide the answer.
 */
export async function requirePublicSite(c: Context<AppEnv>, siteSlug: string | undefined): Promise<Site> {
  if (!siteSlug) throw ApiError.missing('site_slug');
  const site = c.var.services.sites.bySlug(siteSlug);
  if (!site) throw ApiError.notFound('site_slug', 'site');
  await admitPublicCall(c, site);
  return site;
}

/**
 * Lets a call without the secret key through: its page must be on one of the site's allowed
 * hosts, and the caller's address within its rate limit.
 */
export async function admitPublicCall(c: Context<AppEnv>, site: Site): Promise<void> {
  assertAllowedOrigin(c, site);
  await enforcePublicRateLimit(c);
}

/** Refuses a browser call from an origin that is not one of the site's allowed hosts. */
function assertAllowedOrigin(c: Context<AppEnv>, site: Site): void {
  const origin = c.req.header('origin');
  if (origin && origin !== c.var.services.publicOrigin && !isAllowedOrigin(origin, site.allowed_hosts)) {
    throw new ApiError(403, 'origin_not_allowed', 'this page is not on one of the site allowed_hosts', [
      { field: 'origin', message: `${origin} is not allowed for site ${site.site_slug}` },
    ]);
  }
}
