/**
 * How the Campaigns page puts an experiment's results into words: rates and their 95% intervals
 * as percentages, amounts in the campaign's currency, and a variant's difference with the control
 * as a sentence that says whether it is significant. The numbers are the collector's; nothing is
 * recomputed here.
 */
import type { ExperimentRate } from '../contract/console-api';

/** 0.4 → "40.0 %". */
export function rateInWords(rate: number): string {
  return new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

/** {low: 0.219, high: 0.613} → "21.9 – 61.3 %" (as the locale writes percentages). */
export function intervalInWords(interval: { low: number; high: number }): string {
  return `${rateInWords(interval.low)} – ${rateInWords(interval.high)}`;
}

/** 400 in "EUR" → "€400.00"; a code Intl does not know as "400.00 XYZ". */
export function moneyInWords(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** A p-value as people read it: "p < 0.001", else two significant digits ("p = 0.053"). */
export function pValueInWords(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${Number(p.toPrecision(2))}`;
}

/** A difference of two rates in percentage points, signed: "+25.0 points", "−3.1 points". */
export function pointsInWords(difference: number): string {
  const points = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(difference * 100);
  return `${points} points`;
}

/** Whether a rate differs from the control's, in words: "Significantly higher", "Not significantly different", or why it cannot be said. */
export function verdictInWords(rate: ExperimentRate): string {
  const comparison = rate.vs_control;
  if (!comparison) return 'Not compared yet: no offers on one side';
  if (!comparison.significant) return 'Not significantly different';
  return comparison.difference > 0 ? 'Significantly higher' : 'Significantly lower';
}
