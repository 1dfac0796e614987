import { sql, type Kysely } from 'kysely';
import type { ClaimLinkRow, Database, OfferRow, PersonRow, ReferralRow, RewardRow } from './tables';

/** One advocate's standing: what the console's advocates page ranks by. */
export interface AdvocateStanding {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  approved: number;
  referrals: number;
  revenue: number;
}

/**
 * A site's advocates, most approved referrals first, then most referred revenue (purchases of
 * referrals that stand, pending or approved, less refunds), then by id: read off the running
 * totals (advocate_totals, migration 0015) in the order of their ranking index, so a page costs
 * its own rows whatever the number of referrals. Paged by position: a ranking moves as referrals
 * are decided, so a page is "the next n now".
 */
export async function rankAdvocates(db: Kysely<Database>, siteId: string, page: { offset: number; limit: number }): Promise<AdvocateStanding[]> {
  const { rows } = await sql<{ id: string; email: string | null; first_name: string | null; last_name: string | null; approved: unknown; referrals: unknown; revenue: unknown }>`
    select p.id as id, p.email as email, p.first_name as first_name, p.last_name as last_name, t.approved as approved, t.referrals as referrals, t.revenue as revenue
    from advocate_totals t join people p on p.id = t.person_id
    where t.site_id = ${siteId} and t.referrals > 0
    order by t.approved desc, t.revenue desc, t.person_id
    limit ${page.limit} offset ${page.offset}`.execute(db);
  // Revenue is kept in cents.
  return rows.map((row) => ({ ...row, approved: Number(row.approved), referrals: Number(row.referrals), revenue: Number(row.revenue ?? 0) / 100 }));
}

/** A site's person by id or by address. */
export async function findSitePerson(db: Kysely<Database>, siteId: string, key: { id: string } | { email: string }): Promise<PersonRow | undefined> {
  const query = db.selectFrom('people').selectAll().where('site_id', '=', siteId);
  return ('id' in key ? query.where('id', '=', key.id) : query.where('email', '=', key.email)).executeTakeFirst();
}

/** A person's offers (newest first) with their claim links. */
export async function offersWithLinksOf(db: Kysely<Database>, personId: string): Promise<(OfferRow & { links: ClaimLinkRow[] })[]> {
  const offers = await db.selectFrom('offers').selectAll().where('person_id', '=', personId).orderBy('created_at', 'desc').execute();
  if (offers.length === 0) return [];
  const links = await db.selectFrom('claim_links').selectAll().where('offer_id', 'in', offers.map((offer) => offer.id)).where('recipient_email', 'is', null).execute();
  return offers.map((offer) => ({ ...offer, links: links.filter((link) => link.offer_id === offer.id) }));
}

/** An advocate's referrals per status. */
export async function advocateStatusCounts(db: Kysely<Database>, personId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('referrals')
    .select(['status', db.fn.countAll<string | number>().as('count')])
    .where('advocate_person_id', '=', personId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** An advocate's newest referrals, with the friend's address and order. */
export async function advocateReferrals(
  db: Kysely<Database>,
  personId: string,
  limit: number,
): Promise<(ReferralRow & { friend_email: string | null; order_number: string | null; subtotal: number | null; origin_verified: number | null })[]> {
  return db
    .selectFrom('referrals')
    .leftJoin('people', 'people.id', 'referrals.friend_person_id')
    .leftJoin('origins', 'origins.id', 'referrals.friend_origin_id')
    .selectAll('referrals')
    .select(['people.email as friend_email', 'origins.order_number as order_number', 'origins.subtotal as subtotal', 'origins.verified as origin_verified'])
    .where('referrals.advocate_person_id', '=', personId)
    .orderBy('referrals.created_at', 'desc')
    .orderBy('referrals.id', 'desc')
    .limit(limit)
    .execute();
}

/** An advocate's own rewards (not their friends'), newest first. */
export async function advocateRewards(db: Kysely<Database>, personId: string): Promise<RewardRow[]> {
  return db.selectFrom('rewards').selectAll().where('person_id', '=', personId).where('side', '=', 'advocate').orderBy('created_at', 'desc').execute();
}
