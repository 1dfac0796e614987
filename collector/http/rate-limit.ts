import type { Context } from 'hono';
import { addressGroup } from '../net/address-group';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import { clientIp } from './client-ip';

/** The key the caller's calls are counted under: its address group (see addressGroup). */
export function clientAddressKey(c: Context<AppEnv>): string {
  const ip = clientIp(c);
  return ip === null ? 'unknown' : addressGroup(ip);
}

/**
 * Counts a public call against the caller's address; over its limit it is a 429 with
 * Retry-After. Only that address is refused: others calling the same site are not affected.
 * Calls with the secret key are the merchant's own server and are not limited.
 */
export async function enforcePublicRateLimit(c: Context<AppEnv>): Promise<void> {
  const { rateLimiter: limiter, metrics } = c.var.services;
  if (!limiter) return;
  const wait = await limiter.hit('calls', clientAddressKey(c), limiter.limits.perIpPerMinute);
  if (wait > 0) {
    metrics.rateLimitRefused('calls');
    throw ApiError.tooManyRequests(wait);
  }
}

/**
 * A public look-up by code (a claim link, an offer) with misses limited per address. An
 * address over its miss limit is refused before the code is looked up, so a known code and an
 * unknown one answer it alike (429) and guessing codes goes no faster than the limit. A miss
 * also counts as a public call; a hit is left to the route, which knows the site.
 */
export async function lookUpByCode<T>(c: Context<AppEnv>, lookUp: () => Promise<T | undefined>): Promise<T | undefined> {
  const { rateLimiter: limiter, metrics } = c.var.services;
  if (!limiter) return lookUp();
  const key = clientAddressKey(c);
  const limit = limiter.limits.missesPerIpPerMinute;
  const waiting = await limiter.waitFor('misses', key, limit);
  if (waiting > 0) {
    metrics.rateLimitRefused('misses');
    throw ApiError.tooManyRequests(waiting);
  }
  const found = await lookUp();
  if (found === undefined) {
    await enforcePublicRateLimit(c);
    const wait = await limiter.hit('misses', key, limit);
    if (wait > 0) {
      metrics.rateLimitRefused('misses');
      throw ApiError.tooManyRequests(wait);
    }
  }
  return found;
}

/** Most requests naming one email address (joining, asking for a sign-in link) per minute, from anywhere. */
export const REQUESTS_PER_ADDRESS_PER_MINUTE = 5;

/**
 * Counts a public request naming an email address against that address, wherever it comes
 * from: one address cannot be made to join or be mailed many times a minute by many callers.
 * Over the limit it is a 429 with Retry-After.
 */
export async function enforceAddressRateLimit(c: Context<AppEnv>, siteId: string, email: string): Promise<void> {
  const { rateLimiter: limiter, metrics } = c.var.services;
  if (!limiter) return;
  const wait = await limiter.hit('addresses', `${siteId}:${email}`, REQUESTS_PER_ADDRESS_PER_MINUTE);
  if (wait > 0) {
    metrics.rateLimitRefused('addresses');
    throw ApiError.tooManyRequests(wait);
  }
}
