/**
 * An experiment's results, computed from each variant's counts: the funnel offers → shares →
 * clicks → referrals → revenue, each step's rate per offer with its Wilson score 95% interval,
 * and for every variant after the first (the control) a two-sided two-proportion z-test (pooled)
 * of each rate against the control's. Pure: the counts come from the store, grouped in SQL.
 */
import type { VariantCountRow } from '../store/experiment-results.repository';

/** Two-sided significance level the answers' `significant` is judged at. */
export const SIGNIFICANCE_LEVEL = 0.05;

/** The standard normal quantile of 0.975: a 95% interval reaches this many standard errors each side. */
const Z_95 = 1.959963984540054;

/** One variant's counts, as the store aggregates them (grouped in SQL). */
export type VariantCounts = VariantCountRow;

/** A rate per offer: its value, its interval, and how it compares with the control's. */
export interface RateResult {
  /** Offers that reached the step. */
  offers: number;
  /** offers / the variant's offers; null when the variant has no offers. */
  rate: number | null;
  /** Wilson score interval at 95%; null without offers. */
  confidence_interval: { low: number; high: number } | null;
  /** Null for the control, or when either side has no offers. */
  vs_control: Comparison | null;
}

/** A two-proportion z-test of a variant's rate against the control's. */
export interface Comparison {
  /** This variant's rate less the control's. */
  difference: number;
  z: number;
  /** Two-sided; 1 when both rates are 0 or both 1 (nothing to tell apart). */
  p_value: number;
  significant: boolean;
}

/** One variant's row of the results. */
export interface VariantResult {
  id: string;
  control: boolean;
  funnel: { offers: number; shares: number; clicks: number; referrals: number; revenue: number };
  share_rate: RateResult;
  click_rate: RateResult;
  referral_rate: RateResult;
  /** revenue / offers; null without offers. */
  revenue_per_offer: number | null;
}

/** The results of every variant, the control (the first) first, in the configuration's order. */
export function experimentResults(counts: readonly VariantCounts[]): VariantResult[] {
  const control = counts[0];
  return counts.map((variant, index) => {
    const against = index === 0 || !control ? undefined : control;
    const rate = (reached: (c: VariantCounts) => number) => rateResult(reached(variant), variant.offers, against && { successes: reached(against), trials: against.offers });
    return {
      id: variant.variantId,
      control: index === 0,
      funnel: { offers: variant.offers, shares: variant.shares, clicks: variant.clicks, referrals: variant.referrals, revenue: roundCents(variant.revenue) },
      share_rate: rate((c) => c.sharedOffers),
      click_rate: rate((c) => c.clickedOffers),
      referral_rate: rate((c) => c.referredOffers),
      revenue_per_offer: variant.offers > 0 ? roundCents(variant.revenue / variant.offers) : null,
    };
  });
}

function rateResult(successes: number, trials: number, control: { successes: number; trials: number } | undefined): RateResult {
  if (trials === 0) return { offers: successes, rate: null, confidence_interval: null, vs_control: null };
  return {
    offers: successes,
    rate: successes / trials,
    confidence_interval: wilsonInterval(successes, trials),
    vs_control: control && control.trials > 0 ? twoProportionZTest(control.successes, control.trials, successes, trials) : null,
  };
}

/** Wilson score interval at 95% for `successes` of `trials` (trials > 0): stays inside [0, 1], fair at 0 or all successes. */
export function wilsonInterval(successes: number, trials: number): { low: number; high: number } {
  const p = successes / trials;
  const z2 = Z_95 * Z_95;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (Z_95 / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}

/** Two-sided two-proportion z-test with the pooled proportion (b's rate against a's; both trials > 0). */
export function twoProportionZTest(successesA: number, trialsA: number, successesB: number, trialsB: number): Comparison {
  const difference = successesB / trialsB - successesA / trialsA;
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  if (standardError === 0) return { difference, z: 0, p_value: 1, significant: false };
  const z = difference / standardError;
  const pValue = Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
  return { difference, z, p_value: pValue, significant: pValue < SIGNIFICANCE_LEVEL };
}

/**
 * The complementary error function, by the Chebyshev fit of Numerical Recipes (erfcc): fractional
 * error under 1.2e-7 everywhere, ample for a p-value. Two-sided p = erfc(|z| / √2).
 */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
