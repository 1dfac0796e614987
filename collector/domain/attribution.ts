import type { Kysely } from 'kysely';
import { latestClaimOfVisitor } from '../store/claim.repository';
import { findOfferByFriendCoupon, findOfferById, findOfferByInvitedEmail } from '../store/offer.repository';
import { earlierOriginsWithTies, personUsedVisitorUuid } from '../store/origin.repository';
import { mailboxOf } from './email-alias';
import { findPerson } from '../store/person.repository';
import type { ClaimRow, Database, OfferRow, OriginRow, PersonRow } from '../store/tables';

/** Which advocate's offer a friend's origin is credited to, and how that was decided. */
export interface Attribution {
  advocateOffer: OfferRow;
  claim: ClaimRow | null;
  by: 'uuid' | 'coupon' | 'email';
  /**
   * Whether what tied the friend to the advocate is the merchant's word: the uuid or coupon of a
   * verified origin, or an invite the shop itself sent. A uuid or coupon only a browser reported
   * may still attribute, but the referral then waits for a person.
   */
  verified: boolean;
}

/** The fields of an origin that can name an advocate, and whether the merchant's server vouched for them. */
export interface AttributionSource {
  visitor_uuid: string | null;
  coupon_code: string | null;
  verified: boolean;
}

/**
 * Finds the advocate a uuid or coupon names. The visitor uuid from a claim is checked first, and
 * the visitor's most recent claim wins (the last link they followed); then the advocate's friend
 * coupon typed at checkout.
 */
export async function attribute(db: Kysely<Database>, siteId: string, source: AttributionSource): Promise<Attribution | undefined> {
  if (source.visitor_uuid) {
    const claim = await latestClaimOfVisitor(db, siteId, source.visitor_uuid);
    if (claim) {
      const offer = await findOfferById(db, claim.offer_id);
      if (offer) return { advocateOffer: offer, claim, by: 'uuid', verified: source.verified };
    }
  }
  if (source.coupon_code) {
    const offer = await findOfferByFriendCoupon(db, siteId, source.coupon_code);
    if (offer) return { advocateOffer: offer, claim: null, by: 'coupon', verified: source.verified };
  }
  return undefined;
}

/** An origin's own uuid and coupon as an attribution source. */
export function sourceOf(origin: Pick<OriginRow, 'visitor_uuid' | 'coupon_code' | 'verified'>): AttributionSource {
  return { visitor_uuid: origin.visitor_uuid, coupon_code: origin.coupon_code, verified: origin.verified === 1 };
}

/** How many of a friend's earlier origins are looked at when the closing one carries no uuid or coupon. */
const EARLIER_ORIGINS_CHECKED = 20;

/**
 * Attributes a friend's closing origin, falling back to the friend's earlier origins (newest
 * first): the merchant's server often reports the purchase or the Nth billing event without
 * the visitor uuid the friend's first, browser-side origin carried. Last comes the friend's
 * email: an invited friend who buys on another device (no uuid, no coupon) is still credited
 * to the advocate who most recently invited that address, clicked or not.
 */
export async function attributeFriend(db: Kysely<Database>, origin: OriginRow, sources: readonly AttributionSource[] = [sourceOf(origin)]): Promise<Attribution | undefined> {
  for (const source of sources) {
    const direct = await attribute(db, origin.site_id, source);
    if (direct) return direct;
  }
  for (const candidate of await earlierOriginsWithTies(db, origin, EARLIER_ORIGINS_CHECKED)) {
    const found = await attribute(db, origin.site_id, sourceOf(candidate));
    if (found) return found;
  }
  const friend = await findPerson(db, origin.person_id);
  if (!friend?.email) return undefined;
  // The invite is the shop's own record: it names the advocate as surely as the merchant's server would.
  const invitedBy = await findOfferByInvitedEmail(db, origin.site_id, friend.email, origin.created_at);
  return invitedBy && { advocateOffer: invitedBy, claim: null, by: 'email', verified: true };
}

/**
 * Why this would be the advocate referring themselves, or null when it is not: the same
 * person (email), an alias of the advocate's mailbox (me+2@…), the same customer id, the
 * advocate's own visitor uuid on the claim. (A claim from the advocate's network is the fraud
 * rules' same_ip signal, which flags for a person rather than blocks.)
 */
export async function selfReferralReason(
  db: Kysely<Database>,
  attribution: Attribution,
  friend: PersonRow,
): Promise<string | null> {
  const advocateId = attribution.advocateOffer.person_id;
  if (advocateId === friend.id) return 'self_referral: the friend is the advocate (same email)';
  const advocate = await findPerson(db, advocateId);
  if (advocate?.customer_id && friend.customer_id && advocate.customer_id === friend.customer_id) {
    return 'self_referral: the friend has the advocate customer_id';
  }
  if (advocate?.email && friend.email && advocate.email === friend.email) {
    return 'self_referral: the friend has the advocate email';
  }
  if (advocate?.email && friend.email && mailboxOf(advocate.email) === mailboxOf(friend.email)) {
    return "self_referral: the friend's email is an alias of the advocate's mailbox";
  }
  const uuid = attribution.claim?.visitor_uuid;
  if (uuid && (await personUsedVisitorUuid(db, attribution.advocateOffer.site_id, advocateId, uuid))) {
    return "self_referral: the claim was made from the advocate's own browser (visitor uuid)";
  }
  // A shared IP address or network is no longer a self-referral here: two colleagues behind one
  // office address are real friends more often than not. The fraud rules flag it (same_ip).
  return null;
}
