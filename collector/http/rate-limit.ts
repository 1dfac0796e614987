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
export function enforcePublicRateLimit(c: Context<AppEnv>): void {
  const limiter = c.var.services.rateLimiter;
  if (!limiter) return;
  const wait = limiter.hit(`ip:${clientAddressKey(c)}`, limiter.limits.perIpPerMinute);
  if (wait > 0) throw ApiError.tooManyRequests(wait);
}

/**
 * A public look-up by code (a claim link, an offer) with misses limited per address. An
 * address over its miss limit is refused before the code is looked up, so a known code and an
 * unknown one answer it alike (429) and guessing codes goes no faster than the limit. A miss
 * also counts as a public call; a hit is left to the route, which knows the site.
 */
export async function lookUpByCode<T>(c: Context<AppEnv>, lookUp: () => Promise<T | undefined>): Promise<T | undefined> {
  const limiter = c.var.services.rateLimiter;
  if (!limiter) return lookUp();
  const key = `miss:${clientAddressKey(c)}`;
  const limit = limiter.limits.missesPerIpPerMinute;
  const waiting = limiter.waitFor(key, limit);
  if (waiting > 0) throw ApiError.tooManyRequests(waiting);
  const found = await lookUp();
  if (found === undefined) {
    enforcePublicRateLimit(c);
    const wait = limiter.hit(key, limit);
    if (wait > 0) throw ApiError.tooManyRequests(wait);
  }
  return found;
}
