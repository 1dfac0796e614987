import { describe, expect, it } from 'vitest';
import { fromStripeAmount, toStripeAmount } from './stripe-amounts';

describe("Stripe's smallest currency units", () => {
  it('are cents for most currencies, whole units for zero-decimal ones, thousandths in tens for three-decimal ones', () => {
    expect(toStripeAmount(19.99, 'usd')).toBe(1999);
    expect(toStripeAmount(10, 'EUR')).toBe(1000);
    expect(toStripeAmount(1000, 'jpy')).toBe(1000);
    expect(toStripeAmount(5000, 'KRW')).toBe(5000);
    expect(toStripeAmount(1.5, 'kwd')).toBe(1500);
    expect(toStripeAmount(1.234, 'kwd')).toBe(1230);
    expect(fromStripeAmount(1999, 'usd')).toBe(19.99);
    expect(fromStripeAmount(1999, 'jpy')).toBe(1999);
    expect(fromStripeAmount(1500, 'kwd')).toBe(1.5);
    expect(fromStripeAmount(2500, null)).toBe(25);
  });
});
