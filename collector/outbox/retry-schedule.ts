/** How long after a failed attempt the next one comes, and when retrying stops. */
export interface RetrySchedule {
  /** Delay after the first failure (before jitter). */
  firstRetryInMs: number;
  /** Each further failure multiplies the delay by this. */
  backoffFactor: number;
  /** Delays grow to this and stay there. */
  maxRetryInMs: number;
  /** Retrying stops this long after the first attempt of a retry window (status "failed"). */
  giveUpAfterInMs: number;
  /** Each delay is spread by ± this fraction, so receivers coming back up are not hit by every sender at once. */
  jitter: number;
  /** A Retry-After asking for longer than this is capped. */
  maxRetryAfterInMs: number;
}

const SECOND_IN_MS = 1000;
const HOUR_IN_MS = 3600 * SECOND_IN_MS;

/**
 * ~5 s, 15 s, 45 s, 2¼ min, 6¾ min, 20 min, 1 h, 3 h, then every 6 h, until 3 days have passed
 * since the first attempt: 21 attempts in all, the last about 76.6 hours after the first.
 */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  firstRetryInMs: 5 * SECOND_IN_MS,
  backoffFactor: 3,
  maxRetryInMs: 6 * HOUR_IN_MS,
  giveUpAfterInMs: 72 * HOUR_IN_MS,
  jitter: 0.2,
  maxRetryAfterInMs: 24 * HOUR_IN_MS,
};

/** The delay before the next attempt after `failedAttempts` failures (1 = the first one failed). */
export function retryDelayInMs(failedAttempts: number, schedule: RetrySchedule, random: () => number = Math.random): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const base = Math.min(schedule.maxRetryInMs, schedule.firstRetryInMs * schedule.backoffFactor ** exponent);
  return Math.round(base * (1 - schedule.jitter + 2 * schedule.jitter * random()));
}

/** A Retry-After header (delay in seconds, or an HTTP date) as milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * SECOND_IN_MS;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now.getTime()) : null;
}

/**
 * When to try again: the backoff delay, or the receiver's Retry-After when it asks for longer
 * (capped). Null when the retry window is over and the message should be marked failed.
 */
export function nextAttemptAt(
  failedAttempts: number,
  window: { giveUpAfter: Date; retryAfterInMs: number | null },
  now: Date,
  schedule: RetrySchedule,
  random: () => number = Math.random,
): Date | null {
  if (now.getTime() >= window.giveUpAfter.getTime()) return null;
  const backoff = retryDelayInMs(failedAttempts, schedule, random);
  const asked = window.retryAfterInMs === null ? 0 : Math.min(window.retryAfterInMs, schedule.maxRetryAfterInMs);
  return new Date(now.getTime() + Math.max(backoff, asked));
}
