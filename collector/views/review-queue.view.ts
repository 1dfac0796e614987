import type { ReviewQueueReferral } from '../contract/console-api';
import type { Site } from '../config/site-config.schema';
import { blockedReasonInWords, waitingReason } from '../domain/review-queue';
import type { ReferralDetails } from '../store/referral.repository';
import type { PersonRow } from '../store/tables';

/** A referral as the console's review queue shows it: who, what order, how attributed, why it waits. */
export function reviewQueueReferralView(site: Site, details: ReferralDetails): ReviewQueueReferral {
  const { referral, advocate, friend, friendOrigin } = details;
  const orderNumber = friendOrigin?.type === 'Event' ? `${friendOrigin.event_category}:${friendOrigin.event_number}` : (friendOrigin?.order_number ?? referral.referred_order_number);
  return {
    id: referral.id,
    status: referral.status,
    created_at: referral.created_at,
    advocate: personView(advocate),
    friend: friend ? personView(friend) : { email: null, name: null },
    order: orderNumber === null && !friendOrigin ? null : { number: orderNumber, subtotal: friendOrigin?.subtotal ?? null },
    attribution: referral.attributed_by,
    waiting_reason: waitingReason(site, details),
    ...(referral.status === 'blocked' ? { blocked_reason: blockedReasonInWords(referral.blocked_reason) } : {}),
  };
}

function personView(person: PersonRow): { email: string | null; name: string | null } {
  const name = [person.first_name, person.last_name].filter(Boolean).join(' ');
  return { email: person.email, name: name || null };
}
