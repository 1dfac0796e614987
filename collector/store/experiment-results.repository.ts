import { sql, type Kysely } from 'kysely';
import { offerInScope, type OfferScope } from './offer-scope';
import type { Database } from './tables';

/** One variant's counts, grouped in SQL (no row is loaded): see domain/experiment-results.ts. */
export interface VariantCountRow {
  variantId: string;
  offers: number;
  shares: number;
  sharedOffers: number;
  clicks: number;
  clickedOffers: number;
  referrals: number;
  referredOffers: number;
  revenue: number;
}

/** PostgreSQL answers bigint and numeric aggregates as strings: all made numbers here. */
const num = (value: unknown): number => Number(value ?? 0);

/**
 * Every variant's funnel counts of one experiment, from the site's offers of its scope (one
 * campaign's, or those on the site's experiment) made in a variant (offers.variant_id)
 * and what happened through them: shares, claim clicks, and referrals that referred a friend and
 * were neither voided nor blocked, with the subtotals of their purchases the merchant's server
 * reported, less refunds (a browser's word on an order is not revenue). Four grouped queries on the
 * offers' (site_id, variant_id) index and the by-offer indexes of shares, claims and referrals.
 */
export async function variantCounts(db: Kysely<Database>, siteId: string, scope: OfferScope): Promise<VariantCountRow[]> {
  const offers = await db
    .selectFrom('offers as o')
    .select(['o.variant_id', (eb) => eb.fn.countAll().as('n')])
    .where('o.site_id', '=', siteId)
    .where('o.variant_id', 'is not', null)
    .where(offerInScope('o.campaign_id', scope))
    .groupBy('o.variant_id')
    .execute();
  const shares = await db
    .selectFrom('shares as s')
    .innerJoin('offers as o', 'o.id', 's.offer_id')
    .select(['o.variant_id', (eb) => eb.fn.count('s.id').as('n'), (eb) => eb.fn.count('s.offer_id').distinct().as('reached')])
    .where('o.site_id', '=', siteId)
    .where('o.variant_id', 'is not', null)
    .where(offerInScope('o.campaign_id', scope))
    .groupBy('o.variant_id')
    .execute();
  const clicks = await db
    .selectFrom('claims as c')
    .innerJoin('offers as o', 'o.id', 'c.offer_id')
    .select(['o.variant_id', (eb) => eb.fn.count('c.id').as('n'), (eb) => eb.fn.count('c.offer_id').distinct().as('reached')])
    .where('o.site_id', '=', siteId)
    .where('o.variant_id', 'is not', null)
    .where(offerInScope('o.campaign_id', scope))
    .groupBy('o.variant_id')
    .execute();
  const referrals = await db
    .selectFrom('referrals as r')
    .innerJoin('offers as o', 'o.id', 'r.advocate_offer_id')
    .leftJoin('origins as f', 'f.id', 'r.friend_origin_id')
    .select([
      'o.variant_id',
      (eb) => eb.fn.count('r.id').as('n'),
      (eb) => eb.fn.count('r.advocate_offer_id').distinct().as('reached'),
      sql<unknown>`coalesce(sum(case when f.verified = 1 and f.type = 'Purchase' then coalesce(f.subtotal, 0) - coalesce(f.refunded_amount, 0) else 0 end), 0)`.as('revenue'),
    ])
    .where('o.site_id', '=', siteId)
    .where('o.variant_id', 'is not', null)
    .where(offerInScope('o.campaign_id', scope))
    .where('r.friend_person_id', 'is not', null)
    .where('r.status', 'not in', ['voided', 'blocked'])
    .groupBy('o.variant_id')
    .execute();
  const byVariant = <Row extends { variant_id?: string | null }>(rows: Row[]) => new Map(rows.map((row) => [row.variant_id ?? '', row]));
  const sharesOf = byVariant(shares);
  const clicksOf = byVariant(clicks);
  const referralsOf = byVariant(referrals);
  return offers.map((row) => {
    const id = row.variant_id ?? '';
    return {
      variantId: id,
      offers: num(row.n),
      shares: num(sharesOf.get(id)?.n),
      sharedOffers: num(sharesOf.get(id)?.reached),
      clicks: num(clicksOf.get(id)?.n),
      clickedOffers: num(clicksOf.get(id)?.reached),
      referrals: num(referralsOf.get(id)?.n),
      referredOffers: num(referralsOf.get(id)?.reached),
      revenue: num(referralsOf.get(id)?.revenue),
    };
  });
}
