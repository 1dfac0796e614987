import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, parseRetryAfter, retryDelayInMs } from './retry-schedule';

const middle = () => 0.5;
const HOUR_IN_MS = 3_600_000;

describe('retry schedule', () => {
  it('retries first after about 5 seconds, then ×3 up to 6 hours', () => {
    const delays = Array.from({ length: 10 }, (_, index) => retryDelayInMs(index + 1, DEFAULT_RETRY_SCHEDULE, middle) / 1000);
    expect(delays).toEqual([5, 15, 45, 135, 405, 1215, 3645, 10935, 21600, 21600]);
  });

  it('spreads each delay by ±20% jitter', () => {
    expect(retryDelayInMs(1, DEFAULT_RETRY_SCHEDULE, () => 0)).toBe(4000);
    expect(retryDelayInMs(1, DEFAULT_RETRY_SCHEDULE, () => 0.999999)).toBe(6000);
  });

  it('keeps retrying for at least 3 days, in 21 attempts (the last about 76.6 hours after the first), then gives up', () => {
    const first = new Date('2026-01-01T00:00:00Z');
    const giveUpAfter = new Date(first.getTime() + DEFAULT_RETRY_SCHEDULE.giveUpAfterInMs);
    let now = first;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt(attempts, { giveUpAfter, retryAfterInMs: null }, now, DEFAULT_RETRY_SCHEDULE, middle);
      if (!next) break;
      now = next;
      attempts++;
    }
    expect(now.getTime() - first.getTime()).toBeGreaterThanOrEqual(72 * HOUR_IN_MS);
    expect(attempts).toBe(21);
    expect(Math.round((now.getTime() - first.getTime()) / HOUR_IN_MS * 10) / 10).toBe(76.6);
  });

  it('honours Retry-After in seconds or as an HTTP date, capped at a day', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:10:00 GMT', now)).toBe(600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    const window = { giveUpAfter: new Date(now.getTime() + 72 * HOUR_IN_MS), retryAfterInMs: 120_000 };
    expect(nextAttemptAt(1, window, now, DEFAULT_RETRY_SCHEDULE, middle)!.getTime() - now.getTime()).toBe(120_000);
    const tooLong = { ...window, retryAfterInMs: 7 * 24 * HOUR_IN_MS };
    expect(nextAttemptAt(1, tooLong, now, DEFAULT_RETRY_SCHEDULE, middle)!.getTime() - now.getTime()).toBe(24 * HOUR_IN_MS);
  });
});
