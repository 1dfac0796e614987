import type { OriginRow } from '../store/tables';

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

/** Why a percentage reward has no amount to compute. */
export type NoPurchaseAmount = 'no_purchase' | 'unverified_subtotal';

/**
 * The percentage of the friend's purchase as it stands (less a partial refund already reported),
 * or why there is none: no purchase with a subtotal (an Event, an order not reported yet), or a
 * subtotal only a browser reported — a claim anyone can inflate, which sets no amount of money.
 */
export function percentageOfPurchase(
  rule: PercentageRule,
  purchase: Pick<OriginRow, 'type' | 'subtotal' | 'verified' | 'refunded_at' | 'refunded_amount'> | undefined,
): { amount: number } | { missing: NoPurchaseAmount } {
  if (!purchase || purchase.type !== 'Purchase' || purchase.subtotal === null) return { missing: 'no_purchase' };
  if (Number(purchase.verified) !== 1) return { missing: 'unverified_subtotal' };
  return { amount: percentageAmount(rule, purchase.subtotal, purchase.refunded_at ? (purchase.refunded_amount ?? 0) : 0) };
}
