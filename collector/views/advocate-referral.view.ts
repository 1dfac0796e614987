import type { Site } from '../config/site-config.schema';
import type { AdvocateReferral } from '../store/person-profile.repository';
import type { PersonRow } from '../store/tables';
import { talkableFraudFields } from '../webhooks/fraud-payload';

/** How Talkable names what tied the friend to the advocate: the visitor uuid is its cookie. */
const TRACK_METHODS: Record<string, string> = { uuid: 'cookie', coupon: 'coupon', email: 'email' };

function personRef(person: PersonRow | undefined) {
  if (!person) return null;
  return { id: person.id, email: person.email, first_name: person.first_name, last_name: person.last_name };
}

/**
 * A referral where the person is the advocate, as Talkable's referrals_as_advocate answers it,
 * key for key. Vouch checks fraud with rules, not Talkable's named policies: its signals are
 * listed by what they did (blocked, flagged, passed), as on the referral answers. Vouch adds after them
 * the referral's blocked reason, Reverb's reward action type and the friend's order number.
 */
export function advocateReferralView(site: Site, advocate: PersonRow, entry: AdvocateReferral) {
  const { referral, friend, friendOrigin, advocateReward } = entry;
  return {
    ad_rewarded: advocateReward !== undefined && !advocateReward.reversed_at,
    advocate_person: personRef(advocate),
    campaign_id: site.id,
    created_at: referral.created_at,
    ...talkableFraudFields(referral),
    friend_person: personRef(friend),
    id: referral.id,
    offer_id: referral.advocate_offer_id,
    qa_generated: false,
    referred_origin_id: referral.friend_origin_id,
    referred_subtotal: friendOrigin?.subtotal ?? null,
    status: referral.status,
    track_method: TRACK_METHODS[referral.attributed_by] ?? referral.attributed_by,
    updated_at: referral.updated_at,
    blocked_reason: referral.blocked_reason,
    reward_action_type: referral.reward_action_type,
    referred_order_number: referral.referred_order_number ?? friendOrigin?.order_number ?? null,
  };
}
