import { describe, expect, it } from 'vitest';
import type { Reward } from '../config/site-config.schema';
import { advocateLimitReason, monthStartInUtc } from './rewards';
import { tierFor, tierPeriodStart, withTier } from './reward-tiers';

describe('per-advocate reward limits', () => {
  it('withholds nothing when no limit is set, however many rewards the advocate has', () => {
    expect(advocateLimitReason({}, { overall: 1000, thisMonth: 1000 })).toBeNull();
  });

  it('withholds the reward once the advocate already has as many as the limit in all', () => {
    expect(advocateLimitReason({ rewarded_referrals_per_advocate: 3 }, { overall: 2, thisMonth: 2 })).toBeNull();
    expect(advocateLimitReason({ rewarded_referrals_per_advocate: 3 }, { overall: 3, thisMonth: 0 })).toBe('limit: rewarded_referrals_per_advocate (3) reached');
  });

  it('withholds the reward once the advocate already has as many as the limit this month', () => {
    const limits = { rewarded_referrals_per_advocate_per_month: 1 };
    expect(advocateLimitReason(limits, { overall: 5, thisMonth: 0 })).toBeNull();
    expect(advocateLimitReason(limits, { overall: 5, thisMonth: 1 })).toBe('limit: rewarded_referrals_per_advocate_per_month (1) reached');
  });

  it('names the limit in all first when both are reached', () => {
    const limits = { rewarded_referrals_per_advocate: 2, rewarded_referrals_per_advocate_per_month: 1 };
    expect(advocateLimitReason(limits, { overall: 2, thisMonth: 1 })).toBe('limit: rewarded_referrals_per_advocate (2) reached');
  });

  it('treats a limit of 0 as no rewards at all', () => {
    expect(advocateLimitReason({ rewarded_referrals_per_advocate: 0 }, { overall: 0, thisMonth: 0 })).toBe('limit: rewarded_referrals_per_advocate (0) reached');
  });
});

describe('the month a per-month limit counts', () => {
  it('starts at midnight UTC on the first of the calendar month', () => {
    expect(monthStartInUtc(new Date('2026-03-17T15:04:05.678Z'))).toBe('2026-03-01T00:00:00.000Z');
  });

  it('goes by UTC, not the local time zone, at the edges of a month', () => {
    expect(monthStartInUtc(new Date('2026-03-31T23:59:59.999Z'))).toBe('2026-03-01T00:00:00.000Z');
    expect(monthStartInUtc(new Date('2026-04-01T00:00:00.000Z'))).toBe('2026-04-01T00:00:00.000Z');
    // Half past midnight on 1 March in Paris is still February in UTC.
    expect(monthStartInUtc(new Date('2026-03-01T00:30:00+01:00'))).toBe('2026-02-01T00:00:00.000Z');
  });
});

describe('reward tiers', () => {
  const campaign: Reward = { incentive: 'rebate', incentive_description: '$10 back', amount: 10, coupon_source: 'generated' };
  const tiers = [{ from: 5, to: 5, amount: 25, incentive_description: '$25 back for your fifth friend' }, { from: 10, percent: 20, maximum_amount: 40, incentive_description: '20% back' }];

  it('gives the fifth rewarded referral the fifth tier, the sixth to ninth the reward itself, and every one from the tenth the last tier', () => {
    expect([1, 4, 5, 6, 9, 10, 99].map((position) => tierFor(tiers, position)?.from ?? null)).toEqual([null, null, 5, null, null, 10, 10]);
  });

  it("puts the tier's amount or percent, and its words, in place of the reward's", () => {
    expect(withTier(campaign, null)).toBe(campaign);
    expect(withTier(campaign, tiers[0]!)).toEqual({ ...campaign, amount: 25, incentive_description: '$25 back for your fifth friend' });
    expect(withTier(campaign, tiers[1]!)).toEqual({ incentive: 'rebate', coupon_source: 'generated', percent: 20, maximum_amount: 40, incentive_description: '20% back' });
  });

  it('counts calendar months and years in UTC', () => {
    const now = new Date('2026-03-17T15:04:05.678Z');
    expect([tierPeriodStart('all_time', now), tierPeriodStart('calendar_month', now), tierPeriodStart('calendar_year', now)]).toEqual([null, '2026-03-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  });
});
