import { describe, expect, it } from 'vitest';
import { codesToRequest, topUpThreshold } from './coupon-top-up-rule';

describe('coupon top-up rule', () => {
  it('keeps 21 days of the recent use, and never fewer than 20 codes', () => {
    expect(topUpThreshold(0)).toBe(20);
    expect(topUpThreshold(19)).toBe(20);
    // 42 codes in 21 days is 2 a day: 21 days of that is 42.
    expect(topUpThreshold(42)).toBe(42);
  });

  it('asks for 15 codes when the pool is under the threshold, and none at or over it', () => {
    expect(codesToRequest({ available: 19, awaited: 0, usedRecently: 0 })).toBe(15);
    expect(codesToRequest({ available: 20, awaited: 0, usedRecently: 0 })).toBe(0);
    expect(codesToRequest({ available: 30, awaited: 0, usedRecently: 42 })).toBe(15);
    expect(codesToRequest({ available: 0, awaited: 0, usedRecently: 0 })).toBe(15);
  });

  it('counts the codes already on their way, so a slow shop is not asked again at every take', () => {
    expect(codesToRequest({ available: 10, awaited: 15, usedRecently: 0 })).toBe(0);
    // Not enough on the way yet: one more batch.
    expect(codesToRequest({ available: 0, awaited: 15, usedRecently: 0 })).toBe(15);
    expect(codesToRequest({ available: 0, awaited: 30, usedRecently: 0 })).toBe(0);
  });
});
