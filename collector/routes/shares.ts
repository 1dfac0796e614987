import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { clientIp } from '../http/client-ip';
import { recordEmailShare } from '../domain/email-share';
import { recordSocialShare } from '../domain/social-share';
import { hasLink } from '../domain/invite-note';
import { isShareKeyOf } from '../signing/offer-share-key';
import { EmailShareBody, ShareParams, SocialShareBody } from '../schemas/share.schema';
import { findPerson } from '../store/person.repository';
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
    async (c, { body, site, subject: found }) => {
      const { services } = c.var;
      const share = await recordSocialShare(services, site, found, { channel: body.channel, ip: clientIp(c) });
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
      // Mail goes out from the shop: a browser needs the offer's share key, and its words are the shop's.
      if (!secret) assertBrowserMayMail(site.api_key, found.offer.id, body);
      const advocate = await findPerson(services.db, found.offer.person_id);
      // Only names the merchant's server gave go into mail sent in the shop's name.
      const knownName = advocate?.names_vouched === 1 ? [advocate.first_name, advocate.last_name].filter(Boolean).join(' ') : '';
      const words = secret
        ? { subject: body.subject, advocateName: body.advocate_name || knownName || undefined }
        : { subject: undefined, advocateName: knownName || undefined };
      const result = await recordEmailShare(
        services,
        found.offer,
        advocate?.email ?? null,
        { recipients: body.recipients, subject: words.subject, body: body.body, advocateName: words.advocateName, ip: clientIp(c) },
        { site, publicUrl: services.publicUrl, limitByIp: !secret },
      );
      if (result.invites.length > 0) services.wakeOutbox();
      return c.json(
        { ok: true, result: { success: true, validation_only: false, stats: result.stats, recipients: result.recipients, reward: null } },
        201,
      );
    },
  );
}

/**
 * Refuses an email share from a browser that does not hold the offer's share key (handed only to
 * callers the merchant vouched for), or whose note carries a link: the subject and sender name of
 * a browser's share are always the shop's own.
 */
function assertBrowserMayMail(siteKey: string, offerId: string, body: { share_key?: string | undefined; body?: string | undefined }): void {
  if (!body.share_key) {
    throw ApiError.refused(403, 'share_key_required', 'share_key', "is required to send invites from a browser (the offer's share_key, from a signed purchase or the merchant's server)");
  }
  if (!isShareKeyOf(siteKey, offerId, body.share_key)) throw ApiError.refused(403, 'share_key_invalid', 'share_key', 'is not this offer share_key');
  if (body.body && hasLink(body.body)) throw ApiError.refused(422, 'message_has_link', 'body', 'must not contain links (the invite carries the claim link)');
}
