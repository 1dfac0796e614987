/** How a percentage reward is computed: its rate and its cap, as the reward was issued with them. */
export interface PercentageRule {
  percent: number;
  maximumAmount: number | null;
}

/**
 * A percentage of what is left of a purchase, to the cent: round half up of
 * (subtotal − refunded) × percent / 100, then capped by the maximum. Worked in whole cents and
 * hundredths of a percent (the configuration allows two decimals), so 10% of 25.05 is 2.51, not
 * whatever binary fractions make of 2.505.
 */
export function percentageAmount(rule: PercentageRule, subtotal: number, refunded = 0): number {
  const remainingCents = Math.max(0, Math.round(subtotal * 100) - Math.round(refunded * 100));
  const hundredthsOfPercent = Math.round(rule.percent * 100);
  // cents × percent / 100 = remainingCents × hundredthsOfPercent / 10 000, exact in integers.
  const cents = Math.floor((remainingCents * hundredthsOfPercent + 5_000) / 10_000);
  const amount = cents / 100;
  return rule.maximumAmount === null ? amount : Math.min(amount, rule.maximumAmount);
}
