/** How many days of recent use a pool should hold (Talkable's rule: enough for 21 days). */
export const TOP_UP_DAYS = 21;
/** The fewest codes a pool should hold, however little it was used lately. */
export const MIN_TOP_UP_THRESHOLD = 20;
/** How many codes one top-up asks the shop for (Talkable's batch). */
export const TOP_UP_BATCH = 15;

/** A pool as the top-up rule sees it. */
export interface PoolState {
  /** Unused codes in the pool. */
  available: number;
  /** Codes asked for whose Create Coupon web hook is still being tried: they are on their way. */
  awaited: number;
  /** Codes the pool handed out in the last TOP_UP_DAYS days. */
  usedRecently: number;
}

/** The pool size under which it is topped up: TOP_UP_DAYS of the recent daily use, at least MIN_TOP_UP_THRESHOLD. */
export function topUpThreshold(usedRecently: number): number {
  // The recent rate is usedRecently / TOP_UP_DAYS a day; TOP_UP_DAYS of it is usedRecently.
  return Math.max(MIN_TOP_UP_THRESHOLD, usedRecently);
}

/**
 * How many codes to ask the shop for now: a batch when the pool, counting the codes already on
 * their way, is under the threshold, else none. Counting those keeps a pool whose shop answers
 * slowly from being asked again at every take; it still gets a batch per take until enough are
 * on their way, so a busy pool catches up.
 */
export function codesToRequest(pool: PoolState): number {
  return pool.available + pool.awaited < topUpThreshold(pool.usedRecently) ? TOP_UP_BATCH : 0;
}
