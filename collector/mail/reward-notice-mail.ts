import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { RewardAwaitingNotice } from '../store/email-notice.repository';
import type { Database } from '../store/tables';
import { enqueueOwnEmail } from './own-email-outbox';
import { unsubscribeUrl, type InviteMailPayload } from './invite-mail';
import { renderRewardNotice } from './reward-notice-template';

/** The event type of a reward notice in the outbox; its subject is the reward, so each has at most one. */
export const REWARD_NOTICE_EVENT = 'email.reward_notice';

/**
 * Writes the notice of an advocate's approved reward to the outbox, rendered once so every
 * attempt sends the same mail, unless the reward has one already. The mail handler then skips
 * a suppressed address as for invites. Answers whether this call wrote it (sent or skipped by a cap).
 */
export async function enqueueRewardNotice(db: Kysely<Database>, site: Site, publicUrl: string, reward: RewardAwaitingNotice & { email: string }, now: Date): Promise<boolean> {
  const unsubscribe = unsubscribeUrl(publicUrl, site, reward.email);
  const shopUrl = new URL(site.destination_url).origin;
  const rendered = renderRewardNotice({
    locale: site.locale,
    siteName: site.name ?? site.site_slug,
    firstName: reward.names_vouched === 1 ? reward.first_name : null,
    description: reward.incentive_description,
    computedAmount: reward.percent !== null ? reward.amount : null,
    couponCode: reward.coupon_code,
    couponExpiresAt: reward.coupon_expires_at,
    shopUrl,
    unsubscribeUrl: unsubscribe,
    brand: site.brand,
  });
  const payload: InviteMailPayload = {
    to: reward.email,
    ...rendered,
    message_id: `<reward-notice-${reward.reward_id}@${new URL(publicUrl).hostname}>`,
    claim_url: shopUrl,
    unsubscribe_url: unsubscribe,
  };
  return (await enqueueOwnEmail(db, site, { event_type: REWARD_NOTICE_EVENT, subject_id: reward.reward_id, to: payload.to, payload: JSON.stringify(payload) }, now)) !== 'exists';
}
