import { sql, type Kysely } from 'kysely';
import type { Database, ReferralStatus } from './tables';

/** Every status a referral may have (the totals are kept per status). */
const REFERRAL_STATUSES: readonly ReferralStatus[] = ['pending', 'flagged', 'blocked', 'unblocked', 'approved', 'voided'];

/**
 * The merchant console's overview figures, read from the running totals the store keeps up to
 * date as things happen (daily_totals, migration 0015), never by counting rows at request time:
 * a 30-day overview reads a few thousand small rows off the totals' primary key, whatever the
 * size of the store. Amounts are kept in cents and answered in the currency's units.
 */

/** A half-open range of times: from <= created_at < until. The overview's are whole UTC days. */
export interface TimeRange {
  from: string;
  until: string;
}

export interface DayCount {
  day: string;
  count: number;
}
export interface DayChannelCount extends DayCount {
  channel: string;
}
export interface DayReferralFigures {
  day: string;
  /** The channel of the click that made it, or "none" (a coupon, an email match, a record). */
  channel: string;
  status: string;
  count: number;
  purchases: number;
  revenue: number;
}
export interface DayRevenue {
  day: string;
  purchases: number;
  revenue: number;
}

/** What the overview needs from the store, per day. */
export interface OverviewCounts {
  /** Offers made per day. */
  offersPerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayCount[]>;
  /** Shares (social and email) per day and channel. */
  sharesPerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayChannelCount[]>;
  /** Claim clicks per day and channel. */
  claimsPerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayChannelCount[]>;
  /**
   * Referrals made per day, channel and status, with how many of them a Purchase closed and that
   * purchase's subtotal less its refunds (a click or share threshold and an Event bring none).
   */
  referralsPerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayReferralFigures[]>;
  /** Every purchase the shop reported per day (a superseded browser report not counted twice), subtotals less refunds. */
  purchaseRevenuePerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayRevenue[]>;
}

/** PostgreSQL answers bigint columns as strings: all made numbers here. */
const num = (value: unknown): number => Number(value ?? 0);

/** The totals of the named metrics on the range's days. */
async function totals(db: Kysely<Database>, siteId: string, range: TimeRange, metrics: readonly string[]) {
  const { rows } = await sql<{ day: string; metric: string; channel: string; n: unknown }>`
    select day, metric, channel, n from daily_totals
    where site_id = ${siteId} and day >= ${range.from.slice(0, 10)} and day < ${range.until.slice(0, 10)}
      and metric in (${sql.join(metrics)})`.execute(db);
  return rows.map((row) => ({ day: row.day, metric: row.metric, channel: row.channel, n: num(row.n) }));
}

/** The metrics of referrals: their count, purchases and revenue per status. */
const REFERRAL_METRICS = REFERRAL_STATUSES.flatMap((status) => ['referrals', 'referral_purchases', 'referral_revenue'].map((kind) => `${kind}:${status}`));

async function perDayAndChannel(db: Kysely<Database>, siteId: string, range: TimeRange, metric: string): Promise<DayChannelCount[]> {
  return (await totals(db, siteId, range, [metric])).map((row) => ({ day: row.day, channel: row.channel, count: row.n }));
}

export const RUNNING_TOTALS: OverviewCounts = {
  async offersPerDay(db, siteId, range) {
    return (await totals(db, siteId, range, ['offers'])).map((row) => ({ day: row.day, count: row.n }));
  },
  sharesPerDay: (db, siteId, range) => perDayAndChannel(db, siteId, range, 'shares'),
  claimsPerDay: (db, siteId, range) => perDayAndChannel(db, siteId, range, 'claims'),
  async referralsPerDay(db, siteId, range) {
    const rows = await totals(db, siteId, range, REFERRAL_METRICS);
    const figures = new Map<string, DayReferralFigures>();
    for (const row of rows) {
      const [kind, status] = row.metric.split(':') as [string, string];
      const key = `${row.day} ${row.channel} ${status}`;
      let entry = figures.get(key);
      if (!entry) figures.set(key, (entry = { day: row.day, channel: row.channel, status, count: 0, purchases: 0, revenue: 0 }));
      if (kind === 'referrals') entry.count += row.n;
      else if (kind === 'referral_purchases') entry.purchases += row.n;
      else if (kind === 'referral_revenue') entry.revenue += row.n / 100;
    }
    return [...figures.values()];
  },
  async purchaseRevenuePerDay(db, siteId, range) {
    const rows = await totals(db, siteId, range, ['purchases', 'purchase_revenue']);
    const days = new Map<string, DayRevenue>();
    for (const row of rows) {
      let entry = days.get(row.day);
      if (!entry) days.set(row.day, (entry = { day: row.day, purchases: 0, revenue: 0 }));
      if (row.metric === 'purchases') entry.purchases += row.n;
      else if (row.metric === 'purchase_revenue') entry.revenue += row.n / 100;
    }
    return [...days.values()];
  },
};
