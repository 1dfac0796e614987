import type { Kysely } from 'kysely';
import { offerCampaignSettings } from '../config/site-campaigns';
import { rewardCampaignSettings } from './referral-campaign';
import { isOfferExpired } from './offer-expiry';
import type { Reward, Site } from '../config/site-config.schema';
import { findPoolCode } from '../store/coupon.repository';
import { rewardOfCoupon } from '../store/lookup.repository';
import { findOfferByFriendCoupon } from '../store/offer.repository';
import { couponUsedByServerPurchase, emailHasServerPurchase } from '../store/origin.repository';
import { findPerson } from '../store/person.repository';
import type { CouponCodeRow, Database, OfferRow, PersonRow, RewardRow } from '../store/tables';
import { mailboxOf } from './email-alias';
import { isExpired, isSingleUse } from './coupon-rules';

/**
 * A code Vouch knows, with the rules it is checked under:
 * - "friend": an advocate's friend coupon (the claim page's code; the friend's reward, once approved, is the same code);
 * - "advocate": the code of an advocate's discount_coupon reward;
 * - "pool": a merchant's pool code nobody was given yet.
 */
export interface KnownCoupon {
  kind: 'friend' | 'advocate' | 'pool';
  /** The offer (friend), the reward (advocate) or the pool row (pool) the code belongs to. */
  id: string;
  code: string;
  /** The reward configuration whose rules the code follows. */
  rule: Reward;
  /** The code's value: the reward's amount, or its percent off when percent_off is set. */
  amount: number | null;
  percentageDiscount: boolean;
  singleUse: boolean;
  used: boolean;
  /** When a refund took the advocate's reward back before the code was used. */
  revokedAt: string | null;
  expiresAt: string | null;
  /** When the code was issued (the offer or reward was made; a pool code: loaded). */
  issuedAt: string;
  /** Who the code came with: the advocate whose offer it is (friend), the rewarded advocate (advocate); null for a pool code. */
  person: PersonRow | null;
  offer?: OfferRow;
  reward?: RewardRow;
  poolCode?: CouponCodeRow;
}

/** Codes are stored upper-case, as the shops' checkouts compare them. */
const normalized = (code: string) => code.trim().toUpperCase();

/**
 * Finds a code among the site's friend coupons, advocate reward codes and unissued pool codes;
 * undefined when Vouch did not give it (one of the shop's own codes, or a typo).
 */
export async function findKnownCoupon(db: Kysely<Database>, site: Site, rawCode: string): Promise<KnownCoupon | undefined> {
  const code = normalized(rawCode);
  const offer = await findOfferByFriendCoupon(db, site.id, code);
  if (offer) {
    // A code follows the rules of the campaign it was issued by.
    const rule = offerCampaignSettings(site, offer).friend_reward;
    return {
      kind: 'friend',
      id: offer.id,
      code: offer.friend_coupon_code,
      rule,
      ...value(rule, rule.amount ?? null),
      singleUse: isSingleUse(rule),
      used: Boolean(offer.friend_coupon_used_at),
      revokedAt: null,
      expiresAt: offer.friend_coupon_expires_at ?? null,
      issuedAt: offer.created_at,
      person: (await findPerson(db, offer.person_id)) ?? null,
      offer,
    };
  }
  const reward = await rewardOfCoupon(db, site.id, code);
  if (reward && reward.side === 'advocate') {
    const rule = (await rewardCampaignSettings(db, site, reward)).advocate_reward;
    return {
      kind: 'advocate',
      id: reward.id,
      code,
      rule,
      ...value(rule, reward.amount),
      singleUse: isSingleUse(rule),
      used: await couponUsedByServerPurchase(db, site.id, code),
      revokedAt: reward.coupon_revoked_at ?? null,
      expiresAt: reward.coupon_expires_at ?? null,
      issuedAt: reward.created_at,
      person: (await findPerson(db, reward.person_id)) ?? null,
      reward,
    };
  }
  const pooled = await findPoolCode(db, site.id, code);
  if (pooled && pooled.used_at === null) {
    const rule = pooled.kind === 'advocate' ? site.advocate_reward : site.friend_reward;
    return { kind: 'pool', id: pooled.id, code, rule, ...value(rule, rule.amount ?? null), singleUse: isSingleUse(rule), used: false, revokedAt: null, expiresAt: null, issuedAt: pooled.created_at, person: null, poolCode: pooled };
  }
  return undefined;
}

/** A code's value as Talkable writes it: `amount` with `percentage_discount` true for a percent-off code. */
function value(rule: Reward, amount: number | null): { amount: number | null; percentageDiscount: boolean } {
  return rule.percent_off !== undefined ? { amount: rule.percent_off, percentageDiscount: true } : { amount, percentageDiscount: false };
}

/**
 * What the permission look-up checks, each true when it refuses. Talkable's five come first
 * (friend_offer_expired: a friend coupon whose advocate's offer passed offer_expires_in_days); the
 * rest are Vouch's. below_minimum_subtotal is null when the code has a minimum but the shop
 * sent no subtotal: it was not checked.
 */
export interface CouponChecks {
  coupon_unissued: boolean;
  coupon_expired: boolean;
  friend_offer_expired: boolean;
  different_owner: boolean;
  coupon_used: boolean;
  coupon_revoked: boolean;
  own_friend_coupon: boolean;
  not_new_customer: boolean;
  below_minimum_subtotal: boolean | null;
}

/** The stable reasons a permission is refused, first to last: `reason` names the first that failed. */
export const COUPON_REFUSAL_REASONS = [
  'coupon_unissued',
  'coupon_revoked',
  'coupon_expired',
  'friend_offer_expired',
  'coupon_used',
  'different_owner',
  'own_friend_coupon',
  'not_new_customer',
  'below_minimum_subtotal',
] as const;
export type CouponRefusalReason = (typeof COUPON_REFUSAL_REASONS)[number];

/** What the checkout may tell the customer, per reason (Talkable's wording where it has one). */
const REFUSAL_MESSAGES: Record<CouponRefusalReason, string> = {
  coupon_unissued: 'This coupon code has not been issued yet',
  coupon_revoked: 'This coupon code is no longer valid',
  coupon_expired: 'This coupon code has expired',
  friend_offer_expired: 'This invitation has expired',
  coupon_used: 'This coupon code has already been used',
  different_owner: 'This coupon code has been issued to another email address',
  own_friend_coupon: 'This coupon code is for the friends you refer, not for you',
  not_new_customer: 'This coupon code is for new customers only',
  below_minimum_subtotal: 'The order is below the minimum subtotal of this coupon code',
};

export interface CouponPermission {
  allowed: boolean;
  reason: CouponRefusalReason | null;
  errorMessage: string | null;
  checks: CouponChecks;
}

/**
 * May this person use this code on an order of `subtotal` (when the shop says)? Refused when it
 * is a pool code nobody was given, revoked, expired, a single-use code a purchase the merchant's
 * server reported already used, an advocate's reward code and the person is someone else, a
 * friend coupon and the person is the advocate it came from (or an alias of their mailbox), new
 * customers only and the address has a purchase the merchant's server reported, or the order is
 * under its minimum subtotal.
 */
export async function couponPermission(
  db: Kysely<Database>,
  site: Site,
  coupon: KnownCoupon,
  email: string,
  subtotal: number | undefined,
  now: Date,
): Promise<CouponPermission> {
  const ownerEmail = coupon.person?.email ?? null;
  const minimum = coupon.rule.minimum_subtotal;
  const checks: CouponChecks = {
    coupon_unissued: coupon.kind === 'pool',
    coupon_expired: isExpired(coupon.expiresAt, now),
    friend_offer_expired: coupon.kind === 'friend' && coupon.offer !== undefined && isOfferExpired(offerCampaignSettings(site, coupon.offer), coupon.offer.created_at, now),
    different_owner: coupon.kind === 'advocate' && (ownerEmail === null || mailboxOf(ownerEmail) !== mailboxOf(email)),
    coupon_used: coupon.singleUse && coupon.used,
    coupon_revoked: coupon.revokedAt !== null,
    own_friend_coupon: coupon.kind === 'friend' && ownerEmail !== null && mailboxOf(ownerEmail) === mailboxOf(email),
    not_new_customer: coupon.rule.new_customers_only === true && coupon.kind !== 'pool' && (await emailHasServerPurchase(db, site.id, email)),
    below_minimum_subtotal: minimum === undefined ? false : subtotal === undefined ? null : subtotal < minimum,
  };
  const reason = COUPON_REFUSAL_REASONS.find((name) => checks[name] === true) ?? null;
  return { allowed: reason === null, reason, errorMessage: reason ? REFUSAL_MESSAGES[reason] : null, checks };
}
