import type { PersonProfileFacts } from '../domain/person-profile';
import type { PersonRow } from '../store/tables';

/**
 * A person as Talkable's people API answers them, key for key: names, username, subscription
 * (subscribed_at is when the merchant's server said they opted in; unsubscribed_at when the
 * address went on the suppression list; sub_choice whether they are opted in and not
 * unsubscribed), custom properties, who referred them, and their referral, reward and share
 * counts. Vouch adds after them the person's id, opted_in_at, created_at, the voided reward count
 * and one share count per channel.
 */
export function personProfileView(person: PersonRow, facts: PersonProfileFacts) {
  const optedInAt = person.opted_in_at ?? null;
  const shares = facts.shareCounts;
  return {
    personal_claim_url: facts.personalClaimUrl,
    events_count: facts.eventsCount,
    first_name: person.first_name,
    last_name: person.last_name,
    email: person.email,
    username: person.username ?? null,
    subscribed_at: optedInAt,
    unsubscribed_at: facts.unsubscribedAt,
    sub_choice: optedInAt !== null && facts.unsubscribedAt === null,
    customer_id: person.customer_id,
    custom_properties: person.custom_properties ? (JSON.parse(person.custom_properties) as Record<string, unknown>) : {},
    referred_by: facts.referredBy,
    referral_counts: facts.referralCounts,
    reward_counts: facts.rewardCounts,
    share_counts: { total: Object.values(shares).reduce((sum, n) => sum + n, 0), facebook: shares.facebook ?? 0, other: shares.other ?? 0, ...shares },
    id: person.id,
    opted_in_at: optedInAt,
    created_at: person.created_at,
  };
}
