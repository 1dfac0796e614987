import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { Database } from '../store/tables';
import { renderFriendCoupon } from './friend-coupon-template';
import { unsubscribeUrl, type InviteMailPayload } from './invite-mail';
import { enqueueOwnEmail } from './own-email-outbox';

/** The event type of a friend's coupon email in the outbox; its subject is the friend's own claim link, so each invited friend gets one at most. */
export const FRIEND_COUPON_EVENT = 'email.friend_coupon';

/**
 * Writes the friend's coupon email to the outbox when an invited friend opens the link of the
 * invite sent to their address: the code they were shown, kept in their mailbox for the order
 * they may place later. Answers whether this call wrote it; false when they have it already.
 */
export async function enqueueFriendCoupon(
  db: Kysely<Database>,
  site: Site,
  publicUrl: string,
  claim: { linkId: string; email: string; couponCode: string; couponExpiresAt: string | null; shopUrl: string },
  now: Date,
): Promise<boolean> {
  const unsubscribe = unsubscribeUrl(publicUrl, site, claim.email);
  const rendered = renderFriendCoupon({
    locale: site.locale,
    siteName: site.name ?? site.site_slug,
    reward: site.friend_reward.incentive_description,
    couponCode: claim.couponCode,
    couponExpiresAt: claim.couponExpiresAt,
    shopUrl: claim.shopUrl,
    unsubscribeUrl: unsubscribe,
    brand: site.brand,
  });
  const payload: InviteMailPayload = {
    to: claim.email,
    ...rendered,
    message_id: `<friend-coupon-${claim.linkId}@${new URL(publicUrl).hostname}>`,
    claim_url: claim.shopUrl,
    unsubscribe_url: unsubscribe,
  };
  return (await enqueueOwnEmail(db, site, { event_type: FRIEND_COUPON_EVENT, subject_id: claim.linkId, to: claim.email, payload: JSON.stringify(payload) }, now)) !== 'exists';
}
