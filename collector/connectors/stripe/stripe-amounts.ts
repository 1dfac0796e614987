/**
 * Stripe counts amounts in the currency's smallest unit: cents for most, whole units for the
 * zero-decimal currencies (¥100 is 100), and for the three-decimal ones a thousandth, sent as a
 * multiple of ten (https://docs.stripe.com/currencies#zero-decimal). Vouch's amounts are in the
 * currency's units, so ¥1000 off must go out as 1000, not 100000.
 */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

function unitsPerWhole(currency: string | null | undefined): number {
  const code = (currency ?? '').toLowerCase();
  return ZERO_DECIMAL.has(code) ? 1 : THREE_DECIMAL.has(code) ? 1000 : 100;
}

/** A Stripe amount (smallest unit) in the currency's units: 1999 usd → 19.99, 1999 jpy → 1999. */
export function fromStripeAmount(amount: number, currency: string | null | undefined): number {
  return Math.round(amount) / unitsPerWhole(currency);
}

/** An amount in the currency's units as Stripe takes it: 19.99 usd → 1999, 1000 jpy → 1000, 1.5 kwd → 1500. */
export function toStripeAmount(amount: number, currency: string): number {
  const perWhole = unitsPerWhole(currency);
  const minor = Math.round(amount * perWhole);
  // Stripe takes three-decimal amounts in tens of the smallest unit only.
  return perWhole === 1000 ? Math.round(minor / 10) * 10 : minor;
}
