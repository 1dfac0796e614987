import type { Database as Sqlite } from 'better-sqlite3';
import { newCode, newCouponCode, newId } from '../../collector/store/ids';
import { SHARE_CHANNELS } from '../../collector/contract/share-channels';

/** The fields of a friend's Purchase the bench sends. */
export interface RawPurchase {
  email: string;
  order_number: string;
  subtotal: number;
  uuid: string;
}

export interface RawPurchaseResult {
  originId: string;
  offerCode: string;
  referralId: string | null;
}

/**
 * The durable purchase's ceiling: the rows the collector writes and reads for a friend's
 * attributed Purchase (person upsert, origin, offer, 7 claim links, latest claim of the
 * visitor, advocate offer and person, the friend-referred-once and self-referral checks,
 * referral, status change) as hand-written SQL in one transaction, with no validation,
 * query builder or views.
 */
export function rawPurchaseRecorder(db: Sqlite, siteId: string): (purchase: RawPurchase) => RawPurchaseResult {
  const upsertPerson = db.prepare(
    `insert into people (id, site_id, identity_key, email, created_at) values (?, ?, ?, ?, ?)
     on conflict (site_id, identity_key) do update set customer_id = coalesce(null, people.customer_id)`,
  );
  const selectPerson = db.prepare('select * from people where site_id = ? and identity_key = ?');
  const insertOrigin = db.prepare(
    `insert into origins (id, site_id, person_id, type, idempotency_key, order_number, order_number_is_numeric, subtotal,
       order_date, visitor_uuid, verified, created_at)
     values (?, ?, ?, 'Purchase', ?, ?, 0, ?, ?, ?, 1, ?) on conflict (site_id, idempotency_key) do nothing returning id`,
  );
  const insertOffer = db.prepare(
    'insert into offers (id, site_id, origin_id, person_id, short_url_code, friend_coupon_code, created_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertLinks = db.prepare(
    `insert into claim_links (id, offer_id, channel, code, recipient_email, created_at) values ${SHARE_CHANNELS.map(() => '(?, ?, ?, ?, null, ?)').join(', ')}`,
  );
  const latestClaim = db.prepare(
    'select * from claims where site_id = ? and visitor_uuid = ? order by created_at desc, id desc limit 1',
  );
  const selectOffer = db.prepare('select * from offers where id = ?');
  const friendHasReferral = db.prepare('select id from referrals where site_id = ? and friend_person_id = ?');
  const selectPersonById = db.prepare('select * from people where id = ?');
  const personUsedUuid = db.prepare('select id from origins where site_id = ? and visitor_uuid = ? and person_id = ? limit 1');
  const insertReferral = db.prepare(
    `insert into referrals (id, site_id, advocate_offer_id, advocate_person_id, friend_origin_id, friend_person_id, claim_id,
       attributed_by, status, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, 'uuid', 'pending', ?, ?) on conflict do nothing returning id`,
  );
  const insertStatusChange = db.prepare(
    `insert into referral_status_changes (id, referral_id, from_status, to_status, cause, created_at)
     values (?, ?, null, 'pending', 'attribution:uuid', ?)`,
  );

  return db.transaction((purchase: RawPurchase): RawPurchaseResult => {
    const at = new Date().toISOString();
    const identityKey = `email:${purchase.email}`;
    upsertPerson.run(newId(), siteId, identityKey, purchase.email, at);
    const friend = selectPerson.get(siteId, identityKey) as { id: string };
    const originId = newId();
    const inserted = insertOrigin.get(
      originId, siteId, friend.id, `Purchase:${purchase.order_number}`, purchase.order_number, purchase.subtotal, at, purchase.uuid, at,
    );
    if (!inserted) throw new Error(`order ${purchase.order_number} was posted twice`);
    const offerId = newId();
    const offerCode = newCode();
    insertOffer.run(offerId, siteId, originId, friend.id, offerCode, newCouponCode(), at);
    insertLinks.run(...SHARE_CHANNELS.flatMap((channel) => [newId(), offerId, channel, newCode(), at]));

    const claim = latestClaim.get(siteId, purchase.uuid) as { id: string; offer_id: string } | undefined;
    if (!claim) return { originId, offerCode, referralId: null };
    const advocateOffer = selectOffer.get(claim.offer_id) as { id: string; person_id: string };
    if (friendHasReferral.get(siteId, friend.id)) return { originId, offerCode, referralId: null };
    selectPersonById.get(advocateOffer.person_id);
    personUsedUuid.get(siteId, purchase.uuid, advocateOffer.person_id);
    const referralId = newId();
    insertReferral.get(referralId, siteId, advocateOffer.id, advocateOffer.person_id, originId, friend.id, claim.id, at, at);
    insertStatusChange.run(newId(), referralId, at);
    return { originId, offerCode, referralId };
  });
}
