import { describe, expect, it } from 'vitest';
import { percentageAmount } from './percentage-reward';

describe('a percentage reward', () => {
  const tenPercent = { percent: 10, maximumAmount: null };

  it('is the percent of the subtotal, to the cent, half a cent rounded up', () => {
    expect(percentageAmount(tenPercent, 80)).toBe(8);
    expect(percentageAmount(tenPercent, 25.05)).toBe(2.51);
    expect(percentageAmount(tenPercent, 25.04)).toBe(2.5);
    expect(percentageAmount({ percent: 12.5, maximumAmount: null }, 0.2)).toBe(0.03);
    expect(percentageAmount({ percent: 7.25, maximumAmount: null }, 19.99)).toBe(1.45);
  });

  it('is taken of what a refund left', () => {
    expect(percentageAmount(tenPercent, 100, 40)).toBe(6);
    expect(percentageAmount(tenPercent, 25.05, 0.1)).toBe(2.5);
    expect(percentageAmount(tenPercent, 30, 30)).toBe(0);
  });

  it('never passes maximum_amount', () => {
    expect(percentageAmount({ percent: 10, maximumAmount: 50 }, 1000)).toBe(50);
    expect(percentageAmount({ percent: 10, maximumAmount: 50 }, 1000, 700)).toBe(30);
    expect(percentageAmount({ percent: 10, maximumAmount: 50 }, 400)).toBe(40);
  });
});
