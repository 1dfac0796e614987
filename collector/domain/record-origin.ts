import type { Kysely } from 'kysely';
import { insertOffer, findOfferByOrigin, type OfferWithLinks } from '../store/offer.repository';
import { insertOriginOnce } from '../store/origin.repository';
import { upsertPerson, type PersonFields } from '../store/person.repository';
import { findReferralByFriendOrigin, friendHasReferral, insertReferralOnce } from '../store/referral.repository';
import type { Database, OriginRow, OriginType, PersonRow, ReferralRow } from '../store/tables';
import { attribute, selfReferralReason } from './attribution';
import { newId } from './ids';

/** A validated origin, as the routes hand it to the domain. */
export interface OriginInput {
  type: OriginType;
  person: PersonFields;
  order_number: string | null;
  order_number_is_numeric: boolean;
  event_category: string | null;
  event_number: string | null;
  subtotal: number | null;
  order_date: string | null;
  coupon_code: string | null;
  items: unknown[] | null;
  campaign_tags: string[] | null;
  ip_address: string | null;
  visitor_uuid: string | null;
  /** The merchant's server vouched for it (secret key, or a valid purchase signature). */
  verified: boolean;
}

export interface RecordedOrigin {
  origin: OriginRow;
  person: PersonRow;
  offer: OfferWithLinks;
  referral: ReferralRow | undefined;
  /** False when the same order or event had been recorded before: nothing new was written. */
  created: boolean;
}

/** The key that makes a repeated post of the same order or event the same origin. */
export function idempotencyKey(input: OriginInput): string {
  switch (input.type) {
    case 'Purchase':
      return `Purchase:${input.order_number}`;
    case 'Event':
      return `Event:${input.event_category}:${input.event_number}`;
    case 'AffiliateMember':
      return `AffiliateMember:${input.person.email ?? `customer:${input.person.customer_id}`}`;
  }
}

/**
 * Records an origin with its advocate offer and, for a friend's Purchase or Event that can be
 * attributed, the referral — all in one transaction, so nothing is ever half-written. Posting
 * the same order again returns what was stored the first time.
 */
export async function recordOrigin(db: Kysely<Database>, siteId: string, input: OriginInput, now = new Date()): Promise<RecordedOrigin> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const person = await upsertPerson(trx, siteId, input.person, at);
    const { origin, created } = await insertOriginOnce(trx, {
      id: newId(now.getTime()),
      site_id: siteId,
      person_id: person.id,
      type: input.type,
      idempotency_key: idempotencyKey(input),
      order_number: input.order_number,
      order_number_is_numeric: input.order_number_is_numeric ? 1 : 0,
      event_category: input.event_category,
      event_number: input.event_number,
      subtotal: input.subtotal,
      order_date: input.order_date,
      coupon_code: input.coupon_code,
      items: input.items ? JSON.stringify(input.items) : null,
      campaign_tags: input.campaign_tags ? JSON.stringify(input.campaign_tags) : null,
      ip_address: input.ip_address,
      visitor_uuid: input.visitor_uuid,
      verified: input.verified ? 1 : 0,
      created_at: at,
    });
    if (!created) {
      const offer = await findOfferByOrigin(trx, origin.id);
      if (!offer) throw new Error(`origin ${origin.id} has no offer`);
      return { origin, person, offer, referral: await findReferralByFriendOrigin(trx, origin.id), created };
    }
    const offer = await insertOffer(trx, { siteId, originId: origin.id, personId: person.id }, at);
    const referral = origin.type === 'AffiliateMember' ? undefined : await closeReferral(trx, origin, person, at);
    return { origin, person, offer, referral, created };
  });
}

/** Makes the referral a friend's origin closes, if it can be attributed to an advocate. */
async function closeReferral(db: Kysely<Database>, origin: OriginRow, friend: PersonRow, at: string): Promise<ReferralRow | undefined> {
  const attribution = await attribute(db, origin);
  if (!attribution) return undefined;
  if (await friendHasReferral(db, origin.site_id, friend.id)) return undefined;
  const blockedReason = await selfReferralReason(db, attribution, friend);
  const referral: ReferralRow = {
    id: newId(),
    site_id: origin.site_id,
    advocate_offer_id: attribution.advocateOffer.id,
    advocate_person_id: attribution.advocateOffer.person_id,
    friend_origin_id: origin.id,
    friend_person_id: friend.id,
    claim_id: attribution.claim?.id ?? null,
    attributed_by: attribution.by,
    status: blockedReason ? 'blocked' : 'pending',
    blocked_reason: blockedReason,
    created_at: at,
    updated_at: at,
  };
  return insertReferralOnce(db, referral, blockedReason ? 'rule:self_referral' : `attribution:${attribution.by}`);
}
