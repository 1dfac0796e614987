import type { Site } from '../config/site-config.schema';
import type { ReferralDetails } from '../store/referral.repository';
import type { OriginRow, PersonRow, RewardRow } from '../store/tables';
import { fraudPayload } from './fraud-payload';
import { campaignIdentity } from './campaign-identity';

/**
 * The Referral web hook payload, field for field as Talkable's Referral web hook: campaign, offer,
 * referred_origin, advocate_rewards, friend_rewards. Two additions after them: `referral`
 * {id, status, fraud} (fraud: the decision trail) and `type` ("referral.approved" / "referral.unblocked"), so a receiver can tell
 * the two events apart and de-duplicate by referral.
 */
export function referralWebhookPayload(site: Site, details: ReferralDetails) {
  const { referral, advocateOffer, advocateOrigin, advocate, friendOrigin, friend, rewards } = details;
  const rewardView = (reward: RewardRow, person: PersonRow, origin: Record<string, unknown>) => ({
    id: reward.id,
    email: person.email,
    person: personView(person),
    amount: reward.amount === null ? null : reward.amount.toFixed(2),
    currency: reward.currency ?? site.currency,
    incentive: reward.incentive,
    incentive_description: reward.incentive_description,
    ...(reward.incentive === 'discount_coupon' ? { reward_coupon_code: reward.coupon_code } : {}),
    origin,
  });
  const advocateRewardOrigin = { id: advocateOrigin.id, type: advocateOrigin.type, email: advocate.email };
  return {
    campaign: campaignIdentity(site, advocateOffer, advocateOrigin),
    // variant_id (Vouch's): the experiment variant the advocate's offer was made in, null when none ran.
    offer: { email: advocate.email, short_url_code: advocateOffer.short_url_code, variant_id: advocateOffer.variant_id ?? null },
    // Null for a click or share threshold, which referred nobody, and a record whose order the shop has not reported.
    referred_origin: friendOrigin && friend ? referredOrigin(friendOrigin, friend) : null,
    // Not Talkable's: the currency of referred_origin.subtotal and of the rewards' amounts.
    currency: site.currency,
    advocate_rewards: rewards.filter((reward) => reward.side === 'advocate').map((reward) => rewardView(reward, advocate, advocateRewardOrigin)),
    // rewards.ts issues a friend reward only to a referral with a friend and their origin.
    friend_rewards:
      friend && friendOrigin ? rewards.filter((reward) => reward.side === 'friend').map((reward) => rewardView(reward, friend, friendRewardOrigin(friendOrigin))) : [],
    // The decision trail (null for a referral no rule decided: a record, a threshold).
    referral: { id: referral.id, status: referral.status, fraud: fraudPayload(referral) },
    type: `referral.${referral.status}`,
  };
}

export type ReferralWebhookPayload = ReturnType<typeof referralWebhookPayload>;

function personView(person: PersonRow) {
  // Vouch keeps no newsletter subscription state; the fields stay for Talkable-shaped receivers.
  return {
    email: person.email,
    first_name: person.first_name,
    last_name: person.last_name,
    sub_choice: false,
    subscribed_at: null,
    unsubscribed_at: null,
  };
}

/** An origin's order number as the merchant sent it: a number stays a number. */
export function orderNumber(origin: OriginRow): string | number | null {
  return origin.order_number_is_numeric ? Number(origin.order_number) : origin.order_number;
}

/** The friend origin that created the referral, as Talkable's web hook names it: referred_origin. */
function referredOrigin(origin: OriginRow, friend: PersonRow) {
  const common = { id: origin.id, type: origin.type };
  if (origin.type === 'Event') {
    return { ...common, event_category: origin.event_category, event_number: origin.event_number, subtotal: origin.subtotal, customer_id: friend.customer_id, coupon_code: origin.coupon_code ?? '' };
  }
  return { ...common, order_number: orderNumber(origin), subtotal: origin.subtotal, customer_id: friend.customer_id, coupon_code: origin.coupon_code ?? '' };
}

/** The friend reward's origin: the Purchase (or Event) that issued the referral. */
function friendRewardOrigin(origin: OriginRow) {
  const common = { id: origin.id, type: origin.type };
  if (origin.type === 'Event') {
    return { ...common, event_category: origin.event_category, event_number: origin.event_number, subtotal: origin.subtotal, coupon_code: origin.coupon_code ?? '' };
  }
  return { ...common, order_number: orderNumber(origin), subtotal: origin.subtotal, order_date: origin.order_date, coupon_code: origin.coupon_code ?? '' };
}
