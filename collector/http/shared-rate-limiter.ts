import type { Kysely } from 'kysely';
import type { Logger } from '../logger';
import { countWindowHit, pruneWindowsBefore, windowHits } from '../store/rate-limit-window.repository';
import type { Database } from '../store/tables';
import { RATE_LIMIT_WINDOW_IN_MS, type PublicRateLimiter, type PublicRateLimits, type RateLimitBucket } from './rate-limiter';

/** How often, at most, this instance deletes the windows that ended. */
const PRUNE_EVERY_IN_MS = 60_000;

/**
 * The public rate limits counted in the database, for instances sharing one PostgreSQL store:
 * the limit a merchant sets is the limit of all of them together, however a load balancer
 * spreads an address's calls. One upsert per counted call (a fixed window per bucket, address
 * and minute of the clock); a look-up of a code first reads its address's miss count. Windows
 * that ended are deleted about once a minute, so the table stays as small as one minute's callers.
 */
export class SharedRateLimiter implements PublicRateLimiter {
  private lastPrune = 0;

  constructor(
    private readonly db: Kysely<Database>,
    readonly limits: PublicRateLimits,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(bucket: RateLimitBucket, key: string, limit: number): Promise<number> {
    const now = this.now();
    const startMinute = minuteOf(now);
    this.pruneNowAndThen(now, startMinute);
    const hits = await countWindowHit(this.db, { bucket, key, startMinute });
    return hits > limit ? secondsLeft(startMinute, now) : 0;
  }

  async waitFor(bucket: RateLimitBucket, key: string, limit: number): Promise<number> {
    const now = this.now();
    const startMinute = minuteOf(now);
    const hits = await windowHits(this.db, { bucket, key, startMinute });
    return hits > limit ? secondsLeft(startMinute, now) : 0;
  }

  /** Deletes ended windows in the background; a failure only leaves them for the next time. */
  private pruneNowAndThen(now: number, currentMinute: number): void {
    if (now - this.lastPrune < PRUNE_EVERY_IN_MS) return;
    this.lastPrune = now;
    pruneWindowsBefore(this.db, currentMinute).catch((error: unknown) => {
      this.logger.warn('could not delete ended rate limit windows; trying again in a minute', { error: String(error) });
    });
  }
}

function minuteOf(timeInMs: number): number {
  return Math.floor(timeInMs / RATE_LIMIT_WINDOW_IN_MS);
}

/** Seconds until the window ends (at least 1: Retry-After 0 would invite an immediate retry). */
function secondsLeft(startMinute: number, now: number): number {
  return Math.max(1, Math.ceil(((startMinute + 1) * RATE_LIMIT_WINDOW_IN_MS - now) / 1000));
}
