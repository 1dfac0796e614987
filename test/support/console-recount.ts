import { sql, type Kysely } from 'kysely';
import type { OverviewCounts, TimeRange } from '../../collector/store/console-overview.repository';
import type { AdvocateStanding } from '../../collector/store/advocate-ranking.repository';
import type { Database } from '../../collector/store/tables';

/**
 * The console's figures counted from every row at request time, as the console did before it kept
 * running totals (migration 0015): the oracle the totals are checked against.
 */

const num = (value: unknown): number => Number(value ?? 0);

export const COUNTED_FROM_ROWS: OverviewCounts = {
  async offersPerDay(db, siteId, range) {
    const { rows } = await sql<{ day: string; count: unknown }>`
      select substr(created_at, 1, 10) as day, count(*) as count
      from offers
      where site_id = ${siteId} and created_at >= ${range.from} and created_at < ${range.until}
      group by substr(created_at, 1, 10)`.execute(db);
    return rows.map((row) => ({ day: row.day, count: num(row.count) }));
  },
  async sharesPerDay(db, siteId, range) {
    const { rows } = await sql<{ day: string; channel: string; count: unknown }>`
      select substr(s.created_at, 1, 10) as day, s.channel as channel, count(*) as count
      from shares s cross join offers o
      where o.id = s.offer_id and o.site_id = ${siteId} and s.created_at >= ${range.from} and s.created_at < ${range.until}
      group by substr(s.created_at, 1, 10), s.channel`.execute(db);
    return rows.map((row) => ({ day: row.day, channel: row.channel, count: num(row.count) }));
  },
  async claimsPerDay(db, siteId, range) {
    const { rows } = await sql<{ day: string; channel: string; count: unknown }>`
      select substr(created_at, 1, 10) as day, channel, count(*) as count
      from claims
      where site_id = ${siteId} and created_at >= ${range.from} and created_at < ${range.until}
      group by substr(created_at, 1, 10), channel`.execute(db);
    return rows.map((row) => ({ day: row.day, channel: row.channel, count: num(row.count) }));
  },
  async referralsPerDay(db, siteId, range) {
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
  },
  async purchaseRevenuePerDay(db, siteId, range) {
    const { rows } = await sql<{ day: string; purchases: unknown; revenue: unknown }>`
      select substr(created_at, 1, 10) as day, count(*) as purchases, sum(coalesce(subtotal, 0) - coalesce(refunded_amount, 0)) as revenue
      from origins
      where site_id = ${siteId} and type = 'Purchase' and superseded_by is null and created_at >= ${range.from} and created_at < ${range.until}
      group by substr(created_at, 1, 10)`.execute(db);
    return rows.map((row) => ({ day: row.day, purchases: num(row.purchases), revenue: num(row.revenue) }));
  },
};

/** Every advocate of a site with their standing, ranked as the console ranks them. */
export async function rankAdvocatesFromRows(db: Kysely<Database>, siteId: string): Promise<AdvocateStanding[]> {
  const { rows } = await sql<{ id: string; email: string | null; first_name: string | null; last_name: string | null; approved: unknown; referrals: unknown; revenue: unknown }>`
    select p.id as id, p.email as email, p.first_name as first_name, p.last_name as last_name, ranked.approved as approved, ranked.referrals as referrals, ranked.revenue as revenue
    from (
      select r.advocate_person_id as person_id,
        sum(case when r.status = 'approved' then 1 else 0 end) as approved,
        count(*) as referrals,
        sum(case when r.status in ('pending', 'unblocked', 'approved') and o.type = 'Purchase' then coalesce(o.subtotal, 0) - coalesce(o.refunded_amount, 0) else 0 end) as revenue
      from referrals r left join origins o on o.id = r.friend_origin_id
      where r.site_id = ${siteId}
      group by r.advocate_person_id
    ) ranked join people p on p.id = ranked.person_id
    order by ranked.approved desc, ranked.revenue desc, p.id`.execute(db);
  return rows.map((row) => ({ ...row, approved: num(row.approved), referrals: num(row.referrals), revenue: Math.round(num(row.revenue) * 100) / 100 }));
}
