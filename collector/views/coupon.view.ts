import type { Site } from '../config/site-config.schema';
import type { CouponPermission, KnownCoupon } from '../domain/coupon-check';
import { personView, type ReferralCounts } from '../webhooks/talkable-views';

/**
 * Talkable's coupon object: id, code, single_use, used, expires_at, amount (a percent when
 * percentage_discount is true). Vouch adds which kind of code it is and its other rules, so a
 * checkout can say why before it asks the permission look-up.
 */
export function couponView(coupon: KnownCoupon) {
  return {
    id: coupon.id,
    code: coupon.code,
    single_use: coupon.singleUse,
    used: coupon.used,
    expires_at: coupon.expiresAt,
    amount: coupon.amount,
    percentage_discount: coupon.percentageDiscount,
    // Vouch's additions.
    kind: coupon.kind,
    minimum_subtotal: coupon.rule.minimum_subtotal ?? null,
    new_customers_only: coupon.rule.new_customers_only === true,
    revoked_at: coupon.revokedAt,
  };
}

/**
 * Talkable's associated_reward: when the code was issued, to whom (the advocate whose friend
 * coupon it is, or the rewarded advocate), the campaign, and the incentive it is. Null for a
 * pool code nobody was given.
 */
export function associatedRewardView(site: Site, coupon: KnownCoupon, referralCounts: ReferralCounts) {
  if (!coupon.person) return null;
  const forFriend = coupon.kind === 'friend';
  return {
    created_at: coupon.issuedAt,
    person: personView(coupon.person, referralCounts),
    campaign: {
      id: site.id,
      name: site.name ?? site.site_slug,
      slug: site.site_slug,
      tag_names: [],
      appearance: null,
      new_customer: null,
      origin_min_age: null,
      origin_max_age: null,
      is_active: true,
      status: 'Live',
    },
    incentive: {
      amount: coupon.amount,
      description: coupon.rule.incentive_description,
      percentage: coupon.percentageDiscount,
      incentive_type: coupon.rule.incentive,
      action_type: forFriend ? 'click' : 'purchase',
      identifier: forFriend ? 'click' : 'purchase',
      for_advocate: !forFriend,
      for_friend: forFriend,
      criteria_config: {
        new_customer: coupon.rule.new_customers_only === true ? true : null,
        allow_on_expired_offer: false,
        allow_on_self_referral: false,
        has_liquid_criteria: false,
      },
      coupon_expires_at: coupon.expiresAt,
    },
  };
}

/** The permission look-up's answer: Talkable's allowed, error_message and checks, with Vouch's stable `reason`. */
export function couponPermissionView(permission: CouponPermission) {
  return {
    allowed: permission.allowed,
    reason: permission.reason,
    error_message: permission.errorMessage,
    checks: permission.checks,
  };
}
