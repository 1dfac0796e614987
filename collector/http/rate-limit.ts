import type { Context } from 'hono';
import type { Site } from '../config/site-config.schema';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import { clientIp } from './client-ip';

/** Limits for calls that carry no secret key (the widget, claim links), per minute. */
export interface PublicRateLimits {
  perIpPerMinute: number;
  perSitePerMinute: number;
}

export const DEFAULT_PUBLIC_RATE_LIMITS: PublicRateLimits = { perIpPerMinute: 300, perSitePerMinute: 6000 };

const WINDOW_IN_MS = 60_000;
/** Forget windows that ended; keeps memory flat however many addresses come by. */
const SWEEP_EVERY_IN_MS = 60_000;

/**
 * Fixed-window counters kept in this process's memory. With several instances each one
 * counts its own share, so the effective limit is the sum: set it per instance.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private lastSweep = 0;

  constructor(readonly limits: PublicRateLimits) {}

  /** Counts one call under the key; returns seconds to wait when over the limit, else 0. */
  hit(key: string, limit: number, now = Date.now()): number {
    if (now - this.lastSweep > SWEEP_EVERY_IN_MS) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_IN_MS) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > limit ? Math.ceil((window.startedAt + WINDOW_IN_MS - now) / 1000) : 0;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (now - window.startedAt >= WINDOW_IN_MS) this.windows.delete(key);
  }
}

/**
 * Counts a public call against the caller's IP and the site; over either limit it is a 429
 * with Retry-After. Calls with the secret key are the merchant's own server and are not limited.
 */
export function enforcePublicRateLimit(c: Context<AppEnv>, site: Site): void {
  const limiter = c.var.services.rateLimiter;
  if (!limiter) return;
  const ip = clientIp(c) ?? 'unknown';
  const wait = Math.max(limiter.hit(`ip:${ip}`, limiter.limits.perIpPerMinute), limiter.hit(`site:${site.id}`, limiter.limits.perSitePerMinute));
  if (wait > 0) {
    throw new ApiError(429, 'too many requests; try again later', [{ field: 'rate_limit', message: `retry after ${wait} s` }], {
      'Retry-After': String(wait),
    });
  }
}
