/**
 * Limits for calls that carry no secret key (the widget, claim links), per client address and
 * minute. There is deliberately no limit per site: many addresses at once would then lock
 * every visitor of the site out, which is the denial of service a limit is meant to prevent.
 */
export interface PublicRateLimits {
  /** Calls per client address (an IPv6 /64 counts as one address) and minute. */
  perIpPerMinute: number;
  /**
   * Look-ups of unknown codes (claim links, offers) per client address and minute. Tighter than
   * the limit for calls: a friend clicks a link that exists, only someone guessing codes misses often.
   */
  missesPerIpPerMinute: number;
}

export const DEFAULT_PUBLIC_RATE_LIMITS: PublicRateLimits = { perIpPerMinute: 300, missesPerIpPerMinute: 30 };

/**
 * What a public call is counted as: a call, a look-up of a code that does not exist, or a request
 * naming an email address (joining the referral page, asking for a sign-in link), counted per address.
 */
export type RateLimitBucket = 'calls' | 'misses' | 'addresses';

/**
 * Counts public calls per bucket and client address in windows of a minute: in this process's
 * memory (RateLimiter, SQLite's one instance) or in the database all instances share
 * (SharedRateLimiter, PostgreSQL).
 */
export interface PublicRateLimiter {
  readonly limits: PublicRateLimits;
  /** Counts one call under the key; answers seconds to wait when over the limit, else 0. */
  hit(bucket: RateLimitBucket, key: string, limit: number): number | Promise<number>;
  /** Seconds to wait when the key is already over the limit, else 0; counts nothing. */
  waitFor(bucket: RateLimitBucket, key: string, limit: number): number | Promise<number>;
}

/** Every limit counts calls per minute. */
export const RATE_LIMIT_WINDOW_IN_MS = 60_000;
const WINDOW_IN_MS = RATE_LIMIT_WINDOW_IN_MS;
/** Forget windows that ended; keeps memory flat however many addresses come by. */
const SWEEP_EVERY_IN_MS = 60_000;

/**
 * Fixed-window counters kept in this process's memory: for SQLite, which one instance serves.
 * (Instances on PostgreSQL count together in the database: see SharedRateLimiter.)
 */
export class RateLimiter implements PublicRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private lastSweep = 0;

  constructor(readonly limits: PublicRateLimits) {}

  /** Counts one call under the key; returns seconds to wait when over the limit, else 0. */
  hit(bucket: RateLimitBucket, counted: string, limit: number, now = Date.now()): number {
    if (now - this.lastSweep > SWEEP_EVERY_IN_MS) this.sweep(now);
    const key = `${bucket}:${counted}`;
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_IN_MS) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > limit ? secondsLeft(window.startedAt, now) : 0;
  }

  /** Seconds to wait when the key is already over the limit, else 0; counts nothing. */
  waitFor(bucket: RateLimitBucket, counted: string, limit: number, now = Date.now()): number {
    const window = this.windows.get(`${bucket}:${counted}`);
    if (!window || now - window.startedAt >= WINDOW_IN_MS) return 0;
    return window.count > limit ? secondsLeft(window.startedAt, now) : 0;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (now - window.startedAt >= WINDOW_IN_MS) this.windows.delete(key);
  }
}

function secondsLeft(startedAt: number, now: number): number {
  return Math.max(1, Math.ceil((startedAt + WINDOW_IN_MS - now) / 1000));
}
