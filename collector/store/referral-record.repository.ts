import type { Kysely } from 'kysely';
import { afterRecordPosition, type RecordPosition } from './record-position';
import type { Database, OfferRow, OriginRow, ReferralRow, RewardActionType, RewardRow } from './tables';

/** An advocate's referrals on a site, oldest first (as Reverb's sample lists them), after a position. */
export async function listAdvocateReferrals(
  db: Kysely<Database>,
  filter: { siteId: string; advocatePersonId: string; after: RecordPosition | undefined; limit: number },
): Promise<ReferralRow[]> {
  let query = db
    .selectFrom('referrals')
    .selectAll()
    .where('advocate_person_id', '=', filter.advocatePersonId)
    .where('site_id', '=', filter.siteId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(filter.limit);
  if (filter.after) query = query.where(afterRecordPosition(filter.after));
  return query.execute();
}

/** What the Reverb view of some referrals needs besides the rows: offers, friend origins, rewards. */
export interface RecordContext {
  offers: Map<string, OfferRow>;
  origins: Map<string, OriginRow>;
  rewards: Map<string, RewardRow[]>;
}

/** Loads the offers, friend origins and rewards of some referrals in three queries, whatever the page size. */
export async function loadRecordContext(db: Kysely<Database>, referrals: readonly ReferralRow[]): Promise<RecordContext> {
  const context: RecordContext = { offers: new Map(), origins: new Map(), rewards: new Map() };
  if (referrals.length === 0) return context;
  const offerIds = [...new Set(referrals.map((referral) => referral.advocate_offer_id))];
  const originIds = referrals.flatMap((referral) => (referral.friend_origin_id ? [referral.friend_origin_id] : []));
  for (const offer of await db.selectFrom('offers').selectAll().where('id', 'in', offerIds).execute()) context.offers.set(offer.id, offer);
  if (originIds.length > 0) {
    for (const origin of await db.selectFrom('origins').selectAll().where('id', 'in', originIds).execute()) context.origins.set(origin.id, origin);
  }
  const rewards = await db
    .selectFrom('rewards')
    .selectAll()
    .where('referral_id', 'in', referrals.map((referral) => referral.id))
    .orderBy('id')
    .execute();
  for (const reward of rewards) context.rewards.set(reward.referral_id, [...(context.rewards.get(reward.referral_id) ?? []), reward]);
  return context;
}

/** The site's Purchase origin for an order number, if the shop reported it. */
export async function findPurchaseByNumber(db: Kysely<Database>, siteId: string, orderNumber: string): Promise<OriginRow | undefined> {
  return db.selectFrom('origins').selectAll().where('site_id', '=', siteId).where('idempotency_key', '=', `Purchase:${orderNumber}`).executeTakeFirst();
}

/** The referral already tied to an order, by its origin or its number. */
export async function findReferralOfOrder(
  db: Kysely<Database>,
  siteId: string,
  order: { originId: string | null; orderNumber: string | null },
): Promise<ReferralRow | undefined> {
  return db
    .selectFrom('referrals')
    .selectAll()
    .where('site_id', '=', siteId)
    .where((eb) => {
      const same = [];
      if (order.originId) same.push(eb('friend_origin_id', '=', order.originId));
      if (order.orderNumber) same.push(eb('referred_order_number', '=', order.orderNumber));
      return eb.or(same);
    })
    .executeTakeFirst();
}

/** An advocate's newest offer: the links a hand-made record is credited to when it names none. */
export async function newestOfferOf(db: Kysely<Database>, personId: string): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('person_id', '=', personId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

/** An offer on the site by its id, short_url_code or friend coupon code (a record's share_code may be either code). */
export async function findOfferByAnyCode(db: Kysely<Database>, siteId: string, code: string): Promise<OfferRow | undefined> {
  return db
    .selectFrom('offers')
    .selectAll()
    .where('site_id', '=', siteId)
    .where((eb) => eb.or([eb('id', '=', code), eb('short_url_code', '=', code), eb('friend_coupon_code', '=', code.toUpperCase())]))
    .executeTakeFirst();
}

/** The thresholds of one kind an advocate has already been credited with (their qualified_amount values). */
export async function reachedThresholds(db: Kysely<Database>, siteId: string, advocatePersonId: string, type: RewardActionType): Promise<Set<number>> {
  const rows = await db
    .selectFrom('referrals')
    .select('qualified_amount')
    .where('advocate_person_id', '=', advocatePersonId)
    .where('site_id', '=', siteId)
    .where('reward_action_type', '=', type)
    .where('qualified_amount', 'is not', null)
    .execute();
  return new Set(rows.map((row) => Number(row.qualified_amount)));
}

/**
 * Ties a hand-made record that named this order by number to the order, now that the shop has
 * reported it for the same customer: the record becomes the referral the order closed.
 */
export async function linkRecordAwaitingOrder(db: Kysely<Database>, origin: OriginRow): Promise<ReferralRow | undefined> {
  if (origin.type !== 'Purchase' || !origin.order_number) return undefined;
  const waiting = await db
    .selectFrom('referrals')
    .selectAll()
    .where('site_id', '=', origin.site_id)
    .where('referred_order_number', '=', origin.order_number)
    .where('friend_origin_id', 'is', null)
    .where('friend_person_id', '=', origin.person_id)
    .executeTakeFirst();
  if (!waiting) return undefined;
  await db.updateTable('referrals').set({ friend_origin_id: origin.id }).where('id', '=', waiting.id).where('friend_origin_id', 'is', null).execute();
  return { ...waiting, friend_origin_id: origin.id };
}
