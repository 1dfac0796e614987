import { describe, expect, it } from 'vitest';
import { experimentResults, twoProportionZTest, wilsonInterval, type VariantCounts } from './experiment-results';

const counts = (variantId: string, fields: Partial<VariantCounts>): VariantCounts => ({
  variantId,
  offers: 0,
  shares: 0,
  sharedOffers: 0,
  clicks: 0,
  clickedOffers: 0,
  referrals: 0,
  referredOffers: 0,
  revenue: 0,
  ...fields,
});

// The expected numbers were worked by hand from the formulas and checked in Python 3
// (math.sqrt, math.erfc; z = 1.959963984540054):
// - Wilson 100 of 1000: p = 0.1, d = 1 + z²/n = 1.0038415, centre = (p + z²/2n) / d = 0.1015307,
//   half width = z/d · √(p(1−p)/n + z²/4n²) = 0.0186213 → [0.0829094, 0.1201520], the interval
//   the textbook tables give for 10% of 1000 (8.29% to 12.02%).
// - 100 of 1000 against 130 of 1000: pooled 0.115, se = √(0.115 · 0.885 · 2/1000) = 0.0142670,
//   z = 0.03 / se = 2.10274, p = erfc(z/√2) = 0.035488: significant at 0.05.
// - 100 of 1000 against 105 of 1000: z = 0.368617, p = 0.712413: not significant.
describe('experiment results', () => {
  it('gives the Wilson 95% interval of a rate', () => {
    const interval = wilsonInterval(100, 1000);
    expect(interval.low).toBeCloseTo(0.0829094, 6);
    expect(interval.high).toBeCloseTo(0.120152, 6);
  });

  it('keeps the interval inside 0 and 1 when nobody, or everybody, converted', () => {
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775328, 6);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(0.7224672, 6);
    expect(wilsonInterval(10, 10).high).toBeLessThanOrEqual(1);
  });

  it('finds 13% against 10% of a thousand offers each significant, and 10.5% not', () => {
    const better = twoProportionZTest(100, 1000, 130, 1000);
    expect(better.difference).toBeCloseTo(0.03, 10);
    expect(better.z).toBeCloseTo(2.10274, 4);
    expect(better.p_value).toBeCloseTo(0.035488, 5);
    expect(better.significant).toBe(true);
    const same = twoProportionZTest(100, 1000, 105, 1000);
    expect(same.z).toBeCloseTo(0.368617, 5);
    expect(same.p_value).toBeCloseTo(0.712413, 5);
    expect(same.significant).toBe(false);
  });

  it('answers each variant\'s funnel, rates and comparison with the control, the first variant', () => {
    const [control, variant] = experimentResults([
      counts('control', { offers: 1000, shares: 450, sharedOffers: 300, clicks: 900, clickedOffers: 200, referrals: 110, referredOffers: 100, revenue: 5000.004 }),
      counts('double', { offers: 1000, shares: 500, sharedOffers: 300, clicks: 1000, clickedOffers: 240, referrals: 140, referredOffers: 130, revenue: 7000 }),
    ]);
    expect(control).toMatchObject({ id: 'control', control: true, funnel: { offers: 1000, shares: 450, clicks: 900, referrals: 110, revenue: 5000 }, revenue_per_offer: 5 });
    expect(control!.referral_rate).toMatchObject({ offers: 100, rate: 0.1, vs_control: null });
    expect(control!.referral_rate.confidence_interval!.low).toBeCloseTo(0.0829094, 6);
    expect(variant).toMatchObject({ id: 'double', control: false, revenue_per_offer: 7 });
    expect(variant!.referral_rate.rate).toBe(0.13);
    expect(variant!.referral_rate.vs_control).toMatchObject({ significant: true });
    expect(variant!.referral_rate.vs_control!.p_value).toBeCloseTo(0.035488, 5);
    // The same share of offers shared: nothing to tell apart.
    expect(variant!.share_rate.vs_control).toMatchObject({ difference: 0, z: 0, p_value: 1, significant: false });
  });

  it('says nothing of rates for a variant with no offers yet', () => {
    const [, empty] = experimentResults([counts('control', { offers: 10, referredOffers: 1, referrals: 1 }), counts('new', {})]);
    expect(empty).toMatchObject({ referral_rate: { rate: null, confidence_interval: null, vs_control: null }, revenue_per_offer: null });
  });
});
