import type { Kysely } from 'kysely';
import { writeTransaction } from '../store/write-transaction';
import type { RewardSettings, Site } from '../config/site-config.schema';
import { enqueueEventWebhook } from '../webhooks/event-webhook';
import { enqueueLifecycleWebhooks } from '../webhooks/lifecycle-webhook';
import { linkPoolCode, takePoolCode } from '../store/coupon.repository';
import { insertOffer, findOfferByFriendCoupon, findOfferByOrigin, markFriendCouponUsed, shortUrlCodeOf, type OfferWithLinks } from '../store/offer.repository';
import { confirmOrigin, findOrigin, insertOriginOnce, isOriginVerified, recordOriginChange, supersedeOrigin } from '../store/origin.repository';
import type { PersonFields } from '../store/person.repository';
import { recordPerson, type PersonAuthority } from './record-person';
import { findReferralByFriendOrigin, findReferralOfFriend, insertReferralOnce, redecideReferral } from '../store/referral.repository';
import { linkRecordAwaitingOrder } from '../store/referral-record.repository';
import type { Database, OfferRow, OriginRow, OriginType, PersonRow, ReferralRow } from '../store/tables';
import { attributeFriend, selfReferralReason, sourceOf, type AttributionSource } from './attribution';
import { approveAfter, closesReferral, friendNotNewReason } from './campaign-rules';
import { drawsFromPool } from './coupon-pool';
import { topUpCouponPool } from './coupon-top-up';
import { createsCodesInShop, requestShopCoupon } from './shop-coupons';
import { voidUndecidedReferral } from './referral-lifecycle';
import { refundedInFull } from './record-refund';
import { expiredOfferReason, isOfferExpired, offerExpiresAt } from './offer-expiry';
import { recordFieldsForOrigin } from './reward-actions';
import { newId } from '../store/ids';
import { offerCampaignSettings, withCampaignSettings } from '../config/site-campaigns';
import { placementsOf, selectCampaign } from './campaign-selection';
import { couponExpiresAt, isSingleUse } from './coupon-rules';
import { findPerson } from '../store/person.repository';
import { flaggedDeadline, gatherReferralFacts, judgeReferral } from './referral-fraud';
import { variantForNewOffer } from './offer-variant';
import { fingerprintKey } from './fraud/fingerprint-key';
import { deviceIdHash, networkPrefixHash, shippingAddressHash, shippingZipHash } from './fraud/stored-fingerprints';

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
  /** Talkable's traffic_source: the point of integration the merchant named. */
  traffic_source: string | null;
  ip_address: string | null;
  visitor_uuid: string | null;
  /** The widget's first-party device id; with the shipping address and postcode, kept only as keyed hashes (fraud signals). */
  device_id: string | null;
  shipping_address: string | null;
  shipping_zip: string | null;
  /** The merchant's server vouched for it (secret key, or a valid purchase signature). */
  verified: boolean;
  /** Which of the person's fields the merchant's server vouched for. */
  authority: PersonAuthority;
}

export interface RecordedOrigin {
  origin: OriginRow;
  person: PersonRow;
  offer: OfferWithLinks;
  referral: ReferralRow | undefined;
  /** False when the same order or event had been recorded before: nothing new was written. */
  created: boolean;
  /** Conditions worth a log line that did not stop the origin (an empty coupon pool). */
  problems: string[];
  /** Why the purchase closed no referral although it named an advocate (their offer had expired), or null. */
  noReferralReason: string | null;
  /** The short_url_code of the advocate offer the referral credits, when there is a referral. */
  advocateShortUrlCode: string | null;
}

/** What the origin's transaction wrote or found. */
type StoredOrigin = Omit<RecordedOrigin, 'advocateShortUrlCode'>;

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
 * the same order again returns what was stored the first time — except that the merchant's
 * server outranks a browser: its report of an order only a browser had reported confirms that
 * origin (same customer) or supersedes it (another customer), recorded in the origin's history.
 * A new Purchase or Event writes its Event web hook in the same transaction.
 */
export async function recordOrigin(db: Kysely<Database>, site: Site, input: OriginInput, now = new Date()): Promise<RecordedOrigin> {
  const stored = await writeTransaction(db, (trx) => storeOrigin(trx, site, input, now));
  const advocateShortUrlCode = stored.referral ? ((await shortUrlCodeOf(db, stored.referral.advocate_offer_id)) ?? '') : null;
  return { ...stored, advocateShortUrlCode };
}

/** recordOrigin's writes, inside its transaction. */
async function storeOrigin(trx: Kysely<Database>, site: Site, input: OriginInput, now: Date): Promise<StoredOrigin> {
  const at = now.toISOString();
  const siteId = site.id;
  const person = await recordPerson(trx, siteId, input.person, at, input.authority);
  const row: OriginRow = {
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
    traffic_source: input.traffic_source,
    ip_address: input.ip_address,
    visitor_uuid: input.visitor_uuid,
    ...originFingerprints(site, input),
    verified: input.verified ? 1 : 0,
    created_at: at,
  };
  let { origin, created } = await insertOriginOnce(trx, row);
  if (!created && input.verified && origin.verified !== 1) {
    if (origin.person_id === person.id) return confirmBrowserOrigin(trx, site, origin, row, person, now);
    // Another customer's browser took this order number first: the merchant's report wins.
    if (await supersedeBrowserOrigin(trx, site, origin, row, at)) ({ origin, created } = await insertOriginOnce(trx, row));
  }
  if (!created) {
    const offer = await findOfferByOrigin(trx, origin.id);
    if (!offer) throw new Error(`origin ${origin.id} has no offer`);
    return { origin, person, offer, referral: await findReferralByFriendOrigin(trx, origin.id), noReferralReason: null, created, problems: [] };
  }
  const problems: string[] = [];
  // The offer belongs to the campaign the origin's tags, placement and date select, and to one
  // variant of that campaign's experiment (its own, else the site's): its friend coupon is their friend reward.
  const campaign = selectCampaign(site, { tags: input.campaign_tags, placements: placementsOf(origin.type), now });
  const variantId = await variantForNewOffer(trx, site, campaign, person, input.visitor_uuid);
  const campaignId = campaign.isDefault ? null : campaign.id;
  const offerSite = offerCampaignSettings(site, { campaign_id: campaignId, variant_id: variantId });
  // The friend coupon shown at claim time comes from the merchant's pool when the site says so —
  // for an origin the merchant's server reported. A browser's claim alone gets a generated code:
  // anyone with the public slug could otherwise empty the pool, and make the shop mint codes
  // through Create Coupon top-ups, one fake origin at a time.
  const fromPool = drawsFromPool(offerSite, 'friend') && origin.verified === 1;
  const poolCode = fromPool ? await takePoolCode(trx, siteId, 'friend', at) : null;
  if (fromPool && !poolCode) problems.push('coupon_pool_empty: friend pool; the offer got a generated friend coupon');
  // The take may have left the pool low (or found it empty): ask the shop for more, in this transaction.
  if (fromPool) await topUpCouponPool(trx, offerSite, 'friend', now);
  const friendCouponExpiresAt = couponExpiresAt(offerSite.friend_reward, now);
  const offer = await insertOffer(trx, { siteId, originId: origin.id, personId: person.id, friendCouponCode: poolCode, friendCouponExpiresAt, campaignId, variantId }, at);
  if (poolCode) await linkPoolCode(trx, siteId, poolCode, { offer_id: offer.offer.id });
  // A generated friend coupon is created in the shop, for an order the merchant's server reported;
  // a browser's report alone would let anyone with the public slug make the shop mint codes.
  if (!poolCode && origin.verified === 1 && createsCodesInShop(offerSite, 'friend')) {
    await requestShopCoupon(trx, offerSite, { side: 'friend', reward: offerSite.friend_reward, code: offer.offer.friend_coupon_code }, now);
  }
  await useFriendCoupon(trx, origin, at);
  // An order a hand-made record named by number before the shop reported it closes that record, not a new referral.
  const closed = origin.type === 'AffiliateMember' ? {} : await linkOrCloseReferral(trx, site, origin, person, now);
  await enqueueEventWebhook(trx, site, origin, person, now);
  return { origin, person, offer, referral: closed.referral, noReferralReason: closed.noReferralReason ?? null, created, problems };
}

/**
 * The merchant's server reports an order the same customer's browser reported first: the
 * server's figures replace the browser's, and the referral is decided again on them — the
 * server's uuid or coupon first (the merchant's word), the browser's only after (a claim: the
 * referral then waits for a person), and the site's rules on the server's subtotal.
 */
async function confirmBrowserOrigin(trx: Kysely<Database>, site: Site, browser: OriginRow, server: OriginRow, person: PersonRow, now: Date): Promise<StoredOrigin> {
  const at = now.toISOString();
  const confirmed = await confirmOrigin(trx, browser, {
    subtotal: server.subtotal,
    order_date: server.order_date,
    coupon_code: server.coupon_code ?? browser.coupon_code,
    items: server.items ?? browser.items,
    campaign_tags: server.campaign_tags ?? browser.campaign_tags,
    traffic_source: server.traffic_source ?? browser.traffic_source ?? null,
    visitor_uuid: server.visitor_uuid ?? browser.visitor_uuid,
    ip_address: browser.ip_address ?? server.ip_address,
    network_prefix_hash: browser.ip_address ? (browser.network_prefix_hash ?? null) : (server.network_prefix_hash ?? null),
    device_id_hash: browser.device_id_hash ?? server.device_id_hash ?? null,
    // The merchant's server says where the order ships; the browser's word only where it said nothing.
    shipping_address_hash: server.shipping_address_hash ?? browser.shipping_address_hash ?? null,
    shipping_zip_hash: server.shipping_zip_hash ?? browser.shipping_zip_hash ?? null,
  });
  const origin = confirmed ?? (await findOrigin(trx, browser.id))!;
  const offer = await findOfferByOrigin(trx, origin.id);
  if (!offer) throw new Error(`origin ${origin.id} has no offer`);
  if (!confirmed) return { origin, person, offer, referral: await findReferralByFriendOrigin(trx, origin.id), noReferralReason: null, created: false, problems: [] };
  await recordOriginChange(trx, origin.id, 'verified', { browser: { subtotal: browser.subtotal, coupon_code: browser.coupon_code, uuid: browser.visitor_uuid } }, at);
  // The merchant's server vouches for the order now: its offer's generated friend coupon is created in the shop.
  const offerSite = offerCampaignSettings(site, offer.offer);
  if (createsCodesInShop(offerSite, 'friend')) {
    await requestShopCoupon(trx, offerSite, { side: 'friend', reward: offerSite.friend_reward, code: offer.offer.friend_coupon_code }, now);
  }
  await useFriendCoupon(trx, origin, at);
  const sources: AttributionSource[] = [
    { visitor_uuid: server.visitor_uuid, coupon_code: server.coupon_code, verified: true },
    { visitor_uuid: browser.visitor_uuid, coupon_code: browser.coupon_code, verified: false },
  ];
  const closed = await closeReferral(trx, site, origin, person, now, sources);
  return { origin, person, offer, referral: closed.referral ?? (await findReferralByFriendOrigin(trx, origin.id)), noReferralReason: closed.noReferralReason ?? null, created: false, problems: [] };
}

/**
 * Moves another customer's browser report of this order out of the way, voiding any referral it
 * closed (approved ones stay: a person approved them), and records why on both origins' history.
 */
async function supersedeBrowserOrigin(trx: Kysely<Database>, site: Site, browser: OriginRow, server: OriginRow, at: string): Promise<boolean> {
  if (!(await supersedeOrigin(trx, browser, server.id))) return false;
  await recordOriginChange(trx, browser.id, 'superseded', { by_origin: server.id, order_number: browser.order_number }, at);
  const referral = await findReferralByFriendOrigin(trx, browser.id);
  if (referral) await voidUndecidedReferral(trx, site, referral, { cause: 'origin_superseded' }, new Date(at));
  return true;
}

/** What closing a referral came to: the referral, or why a purchase that named an advocate closed none. */
interface ClosedReferral {
  referral?: ReferralRow | undefined;
  noReferralReason?: string;
}

/** An order a hand-made record named by number before the shop reported it closes that record, not a new referral. */
async function linkOrCloseReferral(trx: Kysely<Database>, site: Site, origin: OriginRow, person: PersonRow, now: Date): Promise<ClosedReferral> {
  const record = await linkRecordAwaitingOrder(trx, origin);
  return record ? { referral: record } : closeReferral(trx, site, origin, person, now);
}

/** Statuses a referral may still be re-decided in: nobody approved or voided it yet. */
const UNDECIDED: readonly ReferralRow['status'][] = ['pending', 'flagged', 'blocked', 'unblocked'];

/**
 * Makes the referral a friend's origin closes, if it can be attributed to an advocate and the
 * site's referral_closed_by rule counts it. Fraud rules block it (with the reason) rather than
 * drop it, so the merchant can review and unblock. A friend is referred once; but an undecided
 * referral that only a browser's purchase closed gives way to what the merchant's server
 * reports, and so does one this very origin closed before the server confirmed it: it is
 * decided again, in place (same id, the change in its history).
 */
async function closeReferral(
  db: Kysely<Database>,
  site: Site,
  origin: OriginRow,
  friend: PersonRow,
  now: Date,
  sources: readonly AttributionSource[] = [sourceOf(origin)],
): Promise<ClosedReferral> {
  const at = now.toISOString();
  const existing = await findReferralOfFriend(db, origin.site_id, friend.id);
  const redecided =
    existing &&
    origin.verified === 1 &&
    UNDECIDED.includes(existing.status) &&
    (existing.friend_origin_id === origin.id || !(await isOriginVerified(db, existing.friend_origin_id)));
  if (existing && !redecided) return { referral: existing.friend_origin_id === origin.id ? existing : undefined };
  const found = await attributeFriend(db, origin, sources);
  // The referral is the advocate offer's campaign's: its rules close it and time its approval.
  const campaignSite = found ? offerCampaignSettings(site, found.advocateOffer) : site;
  // An expired offer refers nobody any more: the order is recorded, and says why it closed no
  // referral. Judged when the order was first reported (a browser's report the server confirms later keeps its time).
  const expiresAt = found ? offerExpiresAt(campaignSite, found.advocateOffer.created_at) : null;
  if (found && expiresAt && isOfferExpired(campaignSite, found.advocateOffer.created_at, new Date(origin.created_at))) return { noReferralReason: expiredOfferReason(expiresAt) };
  // A single-use friend coupon another customer's purchase used first ties nobody else: the
  // shop took this order, so it is recorded, but it closes no second referral through the code.
  const attribution = found && !(found.by === 'coupon' && (await friendCouponUsedByAnother(db, campaignSite, found.advocateOffer, origin))) ? found : undefined;
  const closes = attribution !== undefined && (await closesReferral(db, campaignSite, origin, attribution.claim));
  if (!attribution || !closes) {
    // The server's figures no longer close the referral a browser's report did (a lower subtotal): void it.
    if (existing && existing.friend_origin_id === origin.id) return { referral: (await voidUndecidedReferral(db, campaignSite, existing, { cause: 'origin_confirmed:rule_not_met' }, now))?.referral };
    return {};
  }
  const selfReason = await selfReferralReason(db, attribution, friend);
  const notNewReason = selfReason ? null : await friendNotNewReason(db, friend, origin, attribution.claim);
  const refundedReason = selfReason || notNewReason ? null : await advocateRefundedReason(db, attribution.advocateOffer.origin_id);
  // Every referral is also decided by the site's fraud rules, and carries their trail. The rules
  // above keep their reasons (and codes); the fraud rules add blocks (a block list) and flags.
  const advocate = await findPerson(db, attribution.advocateOffer.person_id);
  const facts = await gatherReferralFacts(db, site, { attribution, advocate, friend, origin, isNew: !existing, now });
  const verdict = judgeReferral(site, facts);
  const blockedReason = selfReason ?? notNewReason ?? refundedReason ?? verdict.blockedReason;
  const blockedRule = selfReason ? 'rule:self_referral' : notNewReason ? 'rule:friend_not_new' : refundedReason ? 'rule:advocate_refunded' : verdict.cause;
  const flagged = !blockedReason && verdict.status === 'flagged';
  const referral: ReferralRow = {
    id: existing?.id ?? newId(),
    site_id: origin.site_id,
    advocate_offer_id: attribution.advocateOffer.id,
    advocate_person_id: attribution.advocateOffer.person_id,
    friend_origin_id: origin.id,
    friend_person_id: friend.id,
    claim_id: attribution.claim?.id ?? null,
    attributed_by: attribution.by,
    attribution_verified: attribution.verified ? 1 : 0,
    status: blockedReason ? 'blocked' : flagged ? 'flagged' : 'pending',
    blocked_reason: blockedReason,
    // A purchase, or a tie to the advocate, that only a browser vouches for could be forged: it
    // waits for a person; so does a flagged referral (until its review deadline).
    approve_after: blockedReason || flagged || origin.verified !== 1 || !attribution.verified ? null : approveAfter(campaignSite, existing ? new Date(existing.created_at) : now),
    fraud_decision: JSON.stringify(verdict.decision),
    flagged_until: flagged ? flaggedDeadline(site, now) : null,
    advocate_reward_withheld_reason: null,
    created_at: existing?.created_at ?? at,
    updated_at: at,
    ...recordFieldsForOrigin(origin),
  };
  const cause = blockedReason ? blockedRule! : flagged ? verdict.cause! : `attribution:${attribution.by}`;
  const stored = existing ? await redecideReferral(db, existing, referral, `origin_verified:${cause}`, at) : await insertReferralOnce(db, referral, cause);
  if (stored) await enqueueLifecycleWebhooks(db, campaignSite, stored, existing?.status ?? null, now);
  return { referral: stored };
}

/**
 * Marks the friend coupon a purchase the merchant's server reported carries as used, in the
 * purchase's transaction; the first such purchase is the one that used it. A browser's report
 * alone uses nothing up: anyone with the public slug could otherwise spend every advocate's code.
 */
async function useFriendCoupon(trx: Kysely<Database>, origin: OriginRow, at: string): Promise<void> {
  if (origin.type !== 'Purchase' || origin.verified !== 1 || !origin.coupon_code) return;
  const offer = await findOfferByFriendCoupon(trx, origin.site_id, origin.coupon_code);
  if (offer) await markFriendCouponUsed(trx, offer.id, origin.id, at);
}

/** Whether the offer's friend coupon is single-use and another customer's purchase used it. */
async function friendCouponUsedByAnother(db: Kysely<Database>, site: Site, offer: OfferRow, origin: OriginRow): Promise<boolean> {
  if (!isSingleUse(site.friend_reward) || !offer.friend_coupon_used_by || offer.friend_coupon_used_by === origin.id) return false;
  const user = await findOrigin(db, offer.friend_coupon_used_by);
  return user !== undefined && user.person_id !== origin.person_id;
}

/**
 * Why a referral through an offer must wait for a person because the purchase that earned the
 * offer was refunded in full (the advocate bought only to share, then returned it), or null.
 */
async function advocateRefundedReason(db: Kysely<Database>, advocateOriginId: string): Promise<string | null> {
  const advocateOrigin = await findOrigin(db, advocateOriginId);
  return advocateOrigin && refundedInFull(advocateOrigin) ? "advocate_refunded: the advocate's purchase behind this offer was refunded" : null;
}

/** The keyed hashes an origin keeps for the fraud signals instead of the shipping address, device id and network themselves. */
function originFingerprints(site: Site, input: OriginInput): Pick<OriginRow, 'shipping_address_hash' | 'shipping_zip_hash' | 'network_prefix_hash' | 'device_id_hash'> {
  const key = fingerprintKey(site);
  return {
    shipping_address_hash: shippingAddressHash(input.shipping_address, key),
    shipping_zip_hash: shippingZipHash(input.shipping_zip, key),
    network_prefix_hash: networkPrefixHash(input.ip_address, key),
    device_id_hash: deviceIdHash(input.device_id, key),
  };
}
