import type { ApiRoutes } from '../http/api-routes';
import { clientIp } from '../http/client-ip';
import { recordEmailShare } from '../domain/email-share';
import { inviteSender } from '../domain/invite-sender';
import { recordSocialShare } from '../domain/social-share';
import { EmailShareBody, ShareParams, SocialShareBody } from '../schemas/share.schema';
import { claimUrl } from '../contract/public-urls';
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
      const share = await recordSocialShare(services, site, found, { channel: body.channel, ip: clientIp(c), verified: secret });
      if (share.webhookIds.length > 0) services.wakeOutbox();
      return c.json(
        { ok: true, result: { share: { id: share.shareId, type: 'SocialOfferShare', short_url: claimUrl(services.publicUrl, share.link.code) } } },
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
        { recipients: body.recipients, subject: sender.subject, body: sender.message, advocateName: sender.advocateName, reminder: body.reminder, ip: clientIp(c) },
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
