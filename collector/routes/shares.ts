import type { ApiRoutes } from '../http/api-routes';
import { clientIp } from '../http/client-ip';
import { recordEmailShare } from '../domain/email-share';
import { inviteSender } from '../domain/invite-sender';
import { recordSocialShare } from '../domain/social-share';
import { EmailShareBody, ShareParams, SocialShareBody } from '../schemas/share.schema';
import { claimUrl } from '../contract/public-urls';
import { offerAnswerFacts } from '../domain/offer-answer';
import { offerClickCounts } from '../store/claim.repository';
import { findPerson } from '../store/person.repository';
import { campaignView } from '../views/campaign.view';
import { offerView } from '../views/offer.view';
import { offerSubject } from './offer-subject';

/** Social and email shares of an offer, recorded from the widget or the merchant's server. */
export function registerShareRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/v2/offers/:short_url_code/shares/social',
      summary: 'Record that the advocate shared the offer on a social channel. Answers the short URL of that channel.',
      tag: 'Shares',
      access: 'public or secret',
      params: ShareParams,
      body: SocialShareBody,
      subject: offerSubject('short_url_code'),
      successStatus: 201,
    },
    async (c, { body, site, secret, subject: found }) => {
      const { services } = c.var;
      const share = await recordSocialShare(services, site, found, { channel: body.channel, ip: clientIp(c), verified: secret, deviceId: body.device_id ?? null });
      if (share.webhookIds.length > 0) services.wakeOutbox();
      const facts = await offerAnswerFacts(services.db, site, found.offer);
      const email = secret ? ((await findPerson(services.db, found.offer.person_id))?.email ?? null) : undefined;
      const counts = await offerClickCounts(services.db, found.offer.id);
      return c.json(
        {
          ok: true,
          result: {
            share: {
              id: share.shareId,
              type: 'SocialOfferShare',
              short_url: claimUrl(services.publicUrl, share.link.code),
              // Talkable's, after Vouch's: the channel, the offer and campaign shared, and what its links brought so far.
              channel_identifier: body.channel,
              offer: offerView(site, found.offer, found.links, facts, services.publicUrl, email),
              campaign: campaignView(site, found.offer, facts.campaignTags),
              friends_count: counts.friends,
              friend_clicks_count: counts.clicks,
            },
            // Vouch pays nothing for a share itself: a share threshold credits a referral that waits for approval (its Reward web hook says when it pays).
            reward: null,
          },
        },
        201,
      );
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/v2/offers/:short_url_code/shares/email',
      summary:
        'Record an email share to one or more friends (comma- or newline-separated). Each accepted friend gets a claim link of their own; answers Talkable-style stats and per-recipient flags.',
      tag: 'Shares',
      access: 'public or secret',
      params: ShareParams,
      body: EmailShareBody,
      subject: offerSubject('short_url_code'),
      successStatus: 201,
    },
    async (c, { body, site, secret, subject: found }) => {
      const { services } = c.var;
      const sender = await inviteSender(services.db, site.api_key, found.offer, body, secret);
      const result = await recordEmailShare(
        services,
        found.offer,
        sender.advocateEmail,
        { recipients: body.recipients, subject: sender.subject, body: sender.message, advocateName: sender.advocateName, reminder: body.reminder, ip: clientIp(c), deviceId: body.device_id ?? null },
        { site, publicUrl: services.publicUrl, limitByIp: !secret, verified: secret },
        services.clock(),
      );
      if (result.invites.length > 0 || result.webhookIds.length > 0) services.wakeOutbox();
      return c.json(
        { ok: true, result: { success: true, validation_only: false, stats: result.stats, recipients: result.recipients, reward: null } },
        201,
      );
    },
  );
}
