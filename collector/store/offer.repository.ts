import type { Kysely } from 'kysely';
import { newCode, newCouponCode, newId } from './ids';
import { preparedQuery } from './prepared-query';
import { SHARE_CHANNELS } from '../contract/share-channels';
import { offerInScope, type OfferScope } from './offer-scope';
import type { ClaimLinkRow, Database, OfferRow } from './tables';

/** An offer with its one claim link per channel. */
export interface OfferWithLinks {
  offer: OfferRow;
  links: ClaimLinkRow[];
}

/**
 * Makes the advocate's offer for an origin, with a distinct claim link for every share channel
 * (and a generated friend coupon unless one is given, ending at `friendCouponExpiresAt` when set).
 */
export async function insertOffer(
  db: Kysely<Database>,
  fields: { siteId: string; originId: string; personId: string; friendCouponCode?: string | null; friendCouponExpiresAt?: string | null; campaignId?: string | null; variantId?: string | null },
  now: string,
): Promise<OfferWithLinks> {
  const offer: OfferRow = {
    id: newId(),
    site_id: fields.siteId,
    origin_id: fields.originId,
    person_id: fields.personId,
    short_url_code: newCode(),
    friend_coupon_code: fields.friendCouponCode ?? newCouponCode(),
    created_at: now,
    friend_coupon_expires_at: fields.friendCouponExpiresAt ?? null,
    friend_coupon_used_at: null,
    friend_coupon_used_by: null,
    campaign_id: fields.campaignId ?? null,
    variant_id: fields.variantId ?? null,
  };
  await db.insertInto('offers').values(offer).execute();
  const links: ClaimLinkRow[] = SHARE_CHANNELS.map((channel) => ({
    id: newId(),
    offer_id: offer.id,
    channel,
    code: newCode(),
    recipient_email: null,
    created_at: now,
  }));
  await db.insertInto('claim_links').values(links).execute();
  return { offer, links };
}

/** The offer made for an origin, with its channel links. */
export async function findOfferByOrigin(db: Kysely<Database>, originId: string): Promise<OfferWithLinks | undefined> {
  const offer = await db.selectFrom('offers').selectAll().where('origin_id', '=', originId).executeTakeFirst();
  return offer && { offer, links: await channelLinks(db, offer.id) };
}

/** The offer row made for an origin (without its links). */
export async function findOfferRowByOrigin(db: Kysely<Database>, originId: string): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('origin_id', '=', originId).executeTakeFirst();
}

/** Writes claim links made after the offer (one per friend an email share invites). */
export async function insertClaimLinks(db: Kysely<Database>, links: readonly ClaimLinkRow[]): Promise<void> {
  if (links.length > 0) await db.insertInto('claim_links').values([...links]).execute();
}

/**
 * Makes the offer's link for each channel it has none for yet (a custom channel a merchant
 * named), then answers all its channel links. The unique index of migration 0024 keeps one link
 * per channel when two calls name the same new channel at once.
 */
export async function ensureChannelLinks(db: Kysely<Database>, offerId: string, channels: readonly ClaimLinkRow['channel'][], now: string): Promise<ClaimLinkRow[]> {
  const rows: ClaimLinkRow[] = channels.map((channel) => ({ id: newId(), offer_id: offerId, channel, code: newCode(), recipient_email: null, created_at: now }));
  if (rows.length > 0) await db.insertInto('claim_links').values(rows).onConflict((oc) => oc.doNothing()).execute();
  return channelLinks(db, offerId);
}

/** The short_url_code of an offer, or undefined when there is no such offer. */
export async function shortUrlCodeOf(db: Kysely<Database>, offerId: string): Promise<string | undefined> {
  const row = await db.selectFrom('offers').select('short_url_code').where('id', '=', offerId).executeTakeFirst();
  return row?.short_url_code;
}

/** An offer row by its id. */
export async function findOfferById(db: Kysely<Database>, id: string): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An offer by its public id or its short_url_code. */
export async function findOffer(db: Kysely<Database>, idOrCode: string): Promise<OfferWithLinks | undefined> {
  const offer = await db
    .selectFrom('offers')
    .selectAll()
    .where((eb) => eb.or([eb('short_url_code', '=', idOrCode), eb('id', '=', idOrCode)]))
    .executeTakeFirst();
  return offer && { offer, links: await channelLinks(db, offer.id) };
}

/** The offer whose friend coupon this is, on this site. */
export async function findOfferByFriendCoupon(db: Kysely<Database>, siteId: string, couponCode: string): Promise<OfferRow | undefined> {
  return db
    .selectFrom('offers')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('friend_coupon_code', '=', couponCode.toUpperCase())
    .executeTakeFirst();
}

/**
 * Marks the offer's friend coupon used by a purchase, unless an earlier one used it; answers
 * whether this origin is (now or already) the one that used it. The condition makes two
 * purchases with the same code, at the same moment, never both the first.
 */
export async function markFriendCouponUsed(db: Kysely<Database>, offerId: string, originId: string, at: string): Promise<boolean> {
  await db
    .updateTable('offers')
    .set({ friend_coupon_used_at: at, friend_coupon_used_by: originId })
    .where('id', '=', offerId)
    .where('friend_coupon_used_by', 'is', null)
    .execute();
  const row = await db.selectFrom('offers').select('friend_coupon_used_by').where('id', '=', offerId).executeTakeFirst();
  return row?.friend_coupon_used_by === originId;
}

/**
 * The offer whose email invite first went to this address on the site, before `before` (an
 * invite sent after a purchase did not bring it about), among advocates the merchant vouched
 * for. The first invite, not the latest: a later sender cannot take the credit by re-inviting
 * someone another advocate brought.
 */
export async function findOfferByInvitedEmail(db: Kysely<Database>, siteId: string, email: string, before: string): Promise<OfferRow | undefined> {
  // A cross join with the condition in the where clause: SQLite then keeps claim_links as the
  // outer loop, reading the few links made for this address off their index. With an inner join
  // and no statistics it walked every offer of the site by the site index instead, and each
  // referred purchase grew with the store (0.1 ms to 3 ms within a minute of load). PostgreSQL
  // plans both spellings alike.
  return db
    .selectFrom('claim_links')
    .crossJoin('offers')
    .whereRef('offers.id', '=', 'claim_links.offer_id')
    .selectAll('offers')
    .where('claim_links.recipient_email', '=', email)
    .where('claim_links.created_at', '<=', before)
    .where('offers.site_id', '=', siteId)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('origins').select('origins.id').whereRef('origins.person_id', '=', 'offers.person_id').where('origins.verified', '=', 1)),
    )
    .orderBy('claim_links.created_at', 'asc')
    .orderBy('claim_links.id', 'asc')
    .limit(1)
    .executeTakeFirst();
}

/** The links shown for sharing: one per channel, not the ones made for single invited friends. */
async function channelLinks(db: Kysely<Database>, offerId: string): Promise<ClaimLinkRow[]> {
  return db.selectFrom('claim_links').selectAll().where('offer_id', '=', offerId).where('recipient_email', 'is', null).execute();
}

/** A claim link with its offer, by the code in /x/:code (compiled once: every claim click asks). */
export async function findClaimLink(db: Kysely<Database>, code: string) {
  return (await selectClaimLink(db, code)).rows[0];
}

const selectClaimLink = preparedQuery((db, code: string) =>
  db
    .selectFrom('claim_links')
    .innerJoin('offers', 'offers.id', 'claim_links.offer_id')
    .select([
      'claim_links.id as link_id',
      'claim_links.channel',
      'claim_links.recipient_email',
      'offers.id as offer_id',
      'offers.site_id',
      'offers.person_id as advocate_person_id',
      'offers.friend_coupon_code',
      'offers.friend_coupon_expires_at',
      'offers.campaign_id',
      'offers.created_at as offer_created_at',
      'offers.variant_id',
    ])
    .where('claim_links.code', '=', code),
);

/** Whether the offer's order was reported by the merchant's server (a verified origin). */
export async function isOfferVerified(db: Kysely<Database>, offerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('offers')
    .innerJoin('origins', 'origins.id', 'offers.origin_id')
    .select('origins.verified')
    .where('offers.id', '=', offerId)
    .executeTakeFirst();
  return row?.verified === 1;
}

/** A claim link with its offer, as findClaimLink reads it. */
export type ClaimLinkWithOffer = NonNullable<Awaited<ReturnType<typeof findClaimLink>>>;

/**
 * The variant of the person's first offer made in one experiment (the offers of `scope`: one
 * campaign's, or the site's), so a returning advocate keeps theirs; undefined when none was.
 */
export async function firstVariantOfPerson(db: Kysely<Database>, siteId: string, personId: string, scope: OfferScope): Promise<string | undefined> {
  const row = await db
    .selectFrom('offers')
    .select('variant_id')
    .where('site_id', '=', siteId)
    .where('person_id', '=', personId)
    .where('variant_id', 'is not', null)
    .where(offerInScope('offers.campaign_id', scope))
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.variant_id ?? undefined;
}
