import type { OfferRow, OriginRow, PersonRow } from '../store/tables';
import type { Site } from '../config/site-config.schema';
import { orderNumber } from './webhook-payload';
import { campaignIdentity } from './campaign-identity';

/** A person's referrals as advocate (Talkable's person.referral_counts). */
export interface ReferralCounts {
  total: number;
  approved: number;
  pending: number;
}

/** Talkable's person object (person, sharer_info), with the person's referrals as advocate. */
export function personView(person: Pick<PersonRow, 'first_name' | 'last_name' | 'email'> & Partial<Pick<PersonRow, 'username' | 'opted_in_at'>>, referralCounts: ReferralCounts) {
  // The username and opt-in are what the people API's PUT set; Vouch keeps no loyalty programme, and the fields stay for Talkable-shaped receivers.
  const optedInAt = person.opted_in_at ?? null;
  return {
    first_name: person.first_name,
    last_name: person.last_name,
    email: person.email,
    username: person.username ?? null,
    unsubscribed_at: null,
    subscribed_at: optedInAt,
    opted_in_at: optedInAt,
    sub_choice: optedInAt !== null,
    referral_counts: referralCounts,
    is_loyalty_member: false,
    loyalty_member: null,
  };
}

/** Talkable's origin object of its Reward, Post Share and Event web hooks: a Purchase's order_number, an Event's category and number. */
export function originView(origin: OriginRow, person: PersonRow) {
  const common = { id: origin.id, type: origin.type };
  const which =
    origin.type === 'Event' ? { event_category: origin.event_category, event_number: origin.event_number } : { order_number: orderNumber(origin) };
  return {
    ...common,
    ...which,
    subtotal: origin.subtotal,
    email: person.email,
    customer_id: person.customer_id,
    ip_address: origin.ip_address,
    coupon_code: origin.coupon_code ?? '',
    traffic_source: origin.traffic_source ?? null,
  };
}

/** Talkable's campaign object of its Reward and Post Share web hooks: the offer's campaign. */
export function campaignView(site: Site, offer: Pick<OfferRow, 'campaign_id'>, advocateOrigin: OriginRow) {
  return {
    ...campaignIdentity(site, offer, advocateOrigin),
    origin_min_age: null,
    origin_max_age: null,
    new_customer: null,
  };
}
