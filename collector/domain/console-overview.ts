import type { Kysely } from 'kysely';
import { SHARE_CHANNELS } from '../contract/share-channels';
import type { OverviewChannelFigures, OverviewFigures, OverviewResult, OverviewStatus } from '../contract/console-api';
import { RUNNING_TOTALS, type OverviewCounts, type TimeRange } from '../store/console-overview.repository';
import type { Database } from '../store/tables';
import { Refusal } from './refusal';

/**
 * The console's overview: the referral funnel of a site over whole UTC days, per day and per
 * share channel. The store keeps running totals (console-overview.repository.ts); this fills the
 * days with nothing with zeros and adds up the period's totals.
 */

/** The period shown when none is asked for. */
export const DEFAULT_OVERVIEW_DAYS = 30;
/** The longest period one call counts: a year, a leap day included. */
export const MAX_OVERVIEW_DAYS = 366;

const DAY_IN_MS = 86_400_000;

/**
 * Statuses as the overview counts them: an unblocked referral waits for approval like a pending
 * one; a flagged one waits for a person's review, and is counted on its own.
 */
const OVERVIEW_STATUS: Record<string, OverviewStatus> = { pending: 'pending', unblocked: 'pending', flagged: 'flagged', approved: 'approved', voided: 'voided', blocked: 'blocked' };

/** The period of an overview: the days asked for, or the last 30 (today included). */
export function overviewPeriod(asked: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string } {
  const today = now.toISOString().slice(0, 10);
  const to = asked.to ?? (asked.from ? minDay(addDays(asked.from, DEFAULT_OVERVIEW_DAYS - 1), today) : today);
  const from = asked.from ?? addDays(to, -(DEFAULT_OVERVIEW_DAYS - 1));
  if (from > to) throw new Refusal({ code: 'invalid_period', kind: 'invalid', field: 'from', detail: 'must be on or before to' });
  if (daysBetween(from, to) + 1 > MAX_OVERVIEW_DAYS) {
    throw new Refusal({ code: 'invalid_period', kind: 'invalid', field: 'to', detail: `must be at most ${MAX_OVERVIEW_DAYS} days after from` });
  }
  return { from, to };
}

/**
 * The overview of a site from `from` to `to`, both UTC days included. `counts` is where the
 * figures per day come from: the running totals, or (to check them) a count of every row.
 */
export async function siteOverview(db: Kysely<Database>, siteId: string, period: { from: string; to: string }, counts: OverviewCounts = RUNNING_TOTALS): Promise<OverviewResult> {
  const range: TimeRange = { from: `${period.from}T00:00:00.000Z`, until: `${addDays(period.to, 1)}T00:00:00.000Z` };
  const [offers, shares, claims, referrals, purchases] = await Promise.all([
    counts.offersPerDay(db, siteId, range),
    counts.sharesPerDay(db, siteId, range),
    counts.claimsPerDay(db, siteId, range),
    counts.referralsPerDay(db, siteId, range),
    counts.purchaseRevenuePerDay(db, siteId, range),
  ]);

  const days = new Map<string, OverviewFigures>();
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) days.set(day, zeroFigures());
  const channels: Record<string, OverviewChannelFigures> = {};
  for (const channel of [...SHARE_CHANNELS, 'none']) channels[channel] = zeroChannelFigures();
  const channel = (name: string) => (channels[name] ??= zeroChannelFigures());
  // Every row's day is in the period: the range selected it.
  const dayOf = (day: string) => days.get(day)!;

  for (const row of offers) dayOf(row.day).offers_created += row.count;
  for (const row of shares) {
    dayOf(row.day).shares += row.count;
    channel(row.channel).shares += row.count;
  }
  for (const row of claims) {
    dayOf(row.day).claim_clicks += row.count;
    channel(row.channel).claim_clicks += row.count;
  }
  for (const row of referrals) {
    const status = OVERVIEW_STATUS[row.status] ?? 'pending';
    for (const figures of [dayOf(row.day), channel(row.channel)]) {
      figures.referrals[status] += row.count;
      figures.friend_purchases += row.purchases;
      // A blocked or flagged referral is suspected, a voided one undone (refunded, or decided against): their
      // purchases are not revenue the programme brought (as the advocates ranking's revenue: pending, unblocked, approved).
      if (status === 'pending' || status === 'approved') figures.referred_revenue += row.revenue;
    }
  }
  for (const row of purchases) dayOf(row.day).purchase_revenue += row.revenue;

  const totals = zeroFigures();
  const series = [...days].map(([day, figures]) => {
    figures.referred_revenue = money(figures.referred_revenue);
    figures.purchase_revenue = money(figures.purchase_revenue);
    figures.referred_revenue_share = share(figures.referred_revenue, figures.purchase_revenue);
    addInto(totals, figures);
    return { day, ...figures };
  });
  totals.referred_revenue = money(totals.referred_revenue);
  totals.purchase_revenue = money(totals.purchase_revenue);
  totals.referred_revenue_share = share(totals.referred_revenue, totals.purchase_revenue);
  for (const figures of Object.values(channels)) figures.referred_revenue = money(figures.referred_revenue);
  return { from: period.from, to: period.to, totals, days: series, channels };
}

function zeroReferrals(): Record<OverviewStatus, number> {
  return { pending: 0, flagged: 0, approved: 0, voided: 0, blocked: 0 };
}

function zeroFigures(): OverviewFigures {
  return { offers_created: 0, shares: 0, claim_clicks: 0, friend_purchases: 0, referrals: zeroReferrals(), referred_revenue: 0, purchase_revenue: 0, referred_revenue_share: 0 };
}

function zeroChannelFigures(): OverviewChannelFigures {
  return { shares: 0, claim_clicks: 0, friend_purchases: 0, referrals: zeroReferrals(), referred_revenue: 0 };
}

function addInto(totals: OverviewFigures, figures: OverviewFigures): void {
  totals.offers_created += figures.offers_created;
  totals.shares += figures.shares;
  totals.claim_clicks += figures.claim_clicks;
  totals.friend_purchases += figures.friend_purchases;
  for (const status of Object.keys(totals.referrals) as OverviewStatus[]) totals.referrals[status] += figures.referrals[status];
  totals.referred_revenue += figures.referred_revenue;
  totals.purchase_revenue += figures.purchase_revenue;
}

/** Cents: sums of floating-point subtotals would otherwise show 42.50000000001. */
function money(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** A ratio to four places (0.1234 is 12.34 %). */
function share(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}

/** The UTC day `days` after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_IN_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_IN_MS);
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}
