import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { claimUrl, offerPageUrl } from '../contract/public-urls';
import { shareKeyOf } from '../signing/offer-share-key';
import type { AdvocateAwaitingInvite } from '../store/email-notice.repository';
import type { Database } from '../store/tables';
import { renderAdvocateInvite } from './advocate-invite-template';
import { unsubscribeUrl, type InviteMailPayload } from './invite-mail';
import { enqueueOwnEmail } from './own-email-outbox';

/** The event type of an advocate's invite in the outbox; its subject is the advocate (the person), so each gets one at most, ever. */
export const ADVOCATE_INVITE_EVENT = 'email.advocate_invite';

/** The advocate's dashboard, where they see their referrals and rewards. */
export function dashboardUrl(publicUrl: string, site: Site): string {
  return `${publicUrl}/me/${site.site_slug}`;
}

/**
 * Writes the invite of an advocate who has not shared to the outbox: their link, their offer's
 * page (with its share key: the merchant's server vouched for this advocate, so they may invite
 * by email from it), and their dashboard, rendered once. Answers whether this call wrote it
 * (sent or skipped by a cap); false when the advocate has one already.
 */
export async function enqueueAdvocateInvite(db: Kysely<Database>, site: Site, publicUrl: string, advocate: AdvocateAwaitingInvite, now: Date): Promise<boolean> {
  const unsubscribe = unsubscribeUrl(publicUrl, site, advocate.email);
  const offerUrl = `${offerPageUrl(publicUrl, advocate.short_url_code)}?share_key=${shareKeyOf(site.api_key, advocate.offer_id)}`;
  const shareUrl = advocate.link_code ? claimUrl(publicUrl, advocate.link_code) : offerPageUrl(publicUrl, advocate.short_url_code);
  const rendered = renderAdvocateInvite({
    locale: site.locale,
    siteName: site.name ?? site.site_slug,
    firstName: advocate.names_vouched === 1 ? advocate.first_name : null,
    friendReward: site.friend_reward.incentive_description,
    advocateReward: site.advocate_reward.incentive_description,
    shareUrl,
    offerUrl,
    dashboardUrl: dashboardUrl(publicUrl, site),
    unsubscribeUrl: unsubscribe,
    brand: site.brand,
  });
  const payload: InviteMailPayload = {
    to: advocate.email,
    ...rendered,
    message_id: `<advocate-invite-${advocate.person_id}@${new URL(publicUrl).hostname}>`,
    claim_url: shareUrl,
    unsubscribe_url: unsubscribe,
  };
  return (await enqueueOwnEmail(db, site, { event_type: ADVOCATE_INVITE_EVENT, subject_id: advocate.person_id, to: advocate.email, payload: JSON.stringify(payload) }, now)) !== 'exists';
}
