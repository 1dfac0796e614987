import { sql, type Kysely } from 'kysely';
import type { Database } from './tables';

/**
 * The merchant console's overview figures, counted by the store (GROUP BY day), never by loading
 * rows. Times are ISO 8601 UTC strings, so a row's UTC day is its first ten characters on both
 * SQLite and PostgreSQL, and a half-open range of them selects whole days.
 */

/** A half-open range of times: from <= created_at < until. */
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

/** PostgreSQL answers counts as bigint strings and sums as numbers or strings: all made numbers here. */
const num = (value: unknown): number => Number(value ?? 0);

/** Offers made per day. */
export async function offersPerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayCount[]> {
  const { rows } = await sql<{ day: string; count: unknown }>`
    select substr(created_at, 1, 10) as day, count(*) as count
    from offers
    where site_id = ${siteId} and created_at >= ${range.from} and created_at < ${range.until}
    group by substr(created_at, 1, 10)`.execute(db);
  return rows.map((row) => ({ day: row.day, count: num(row.count) }));
}

/**
 * Shares (social and email) per day and channel. Shares belong to a site through their offer;
 * the cross join keeps SQLite reading the period's shares first (then each one's offer), never
 * every offer of the site first.
 */
export async function sharesPerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayChannelCount[]> {
  const { rows } = await sql<{ day: string; channel: string; count: unknown }>`
    select substr(s.created_at, 1, 10) as day, s.channel as channel, count(*) as count
    from shares s cross join offers o
    where o.id = s.offer_id and o.site_id = ${siteId} and s.created_at >= ${range.from} and s.created_at < ${range.until}
    group by substr(s.created_at, 1, 10), s.channel`.execute(db);
  return rows.map((row) => ({ day: row.day, channel: row.channel, count: num(row.count) }));
}

/** Claim clicks per day and channel. */
export async function claimsPerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayChannelCount[]> {
  const { rows } = await sql<{ day: string; channel: string; count: unknown }>`
    select substr(created_at, 1, 10) as day, channel, count(*) as count
    from claims
    where site_id = ${siteId} and created_at >= ${range.from} and created_at < ${range.until}
    group by substr(created_at, 1, 10), channel`.execute(db);
  return rows.map((row) => ({ day: row.day, channel: row.channel, count: num(row.count) }));
}

/**
 * Referrals made per day, channel and status, with how many of them a Purchase closed and that
 * purchase's subtotal less its refunds (a click or share threshold and an Event bring none).
 */
export async function referralsPerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayReferralFigures[]> {
  const { rows } = await sql<{ day: string; channel: string; status: string; count: unknown; purchases: unknown; revenue: unknown }>`
    select substr(r.created_at, 1, 10) as day, coalesce(c.channel, 'none') as channel, r.status as status, count(*) as count,
      sum(case when o.type = 'Purchase' then 1 else 0 end) as purchases,
      sum(case when o.type = 'Purchase' then coalesce(o.subtotal, 0) - coalesce(o.refunded_amount, 0) else 0 end) as revenue
    from referrals r
      left join origins o on o.id = r.friend_origin_id
      left join claims c on c.id = r.claim_id
    where r.site_id = ${siteId} and r.created_at >= ${range.from} and r.created_at < ${range.until}
    group by substr(r.created_at, 1, 10), coalesce(c.channel, 'none'), r.status`.execute(db);
  return rows.map((row) => ({ day: row.day, channel: row.channel, status: row.status, count: num(row.count), purchases: num(row.purchases), revenue: num(row.revenue) }));
}

/**
 * Every purchase the shop reported per day, and their subtotals less refunds. A browser's report
 * the shop's server replaced with another customer's (superseded) is not counted twice.
 */
export async function purchaseRevenuePerDay(db: Kysely<Database>, siteId: string, range: TimeRange): Promise<DayRevenue[]> {
  const { rows } = await sql<{ day: string; purchases: unknown; revenue: unknown }>`
    select substr(created_at, 1, 10) as day, count(*) as purchases, sum(coalesce(subtotal, 0) - coalesce(refunded_amount, 0)) as revenue
    from origins
    where site_id = ${siteId} and type = 'Purchase' and superseded_by is null and created_at >= ${range.from} and created_at < ${range.until}
    group by substr(created_at, 1, 10)`.execute(db);
  return rows.map((row) => ({ day: row.day, purchases: num(row.purchases), revenue: num(row.revenue) }));
}
