import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { Logger } from '../logger';
import { newId } from '../store/ids';
import type { OfferWithLinks } from '../store/offer.repository';
import { insertShare } from '../store/share.repository';
import type { ClaimLinkRow, Database } from '../store/tables';
import { claimUrl } from '../contract/public-urls';
import type { SocialChannel } from '../contract/share-channels';
import { writeTransaction } from '../store/write-transaction';
import { enqueuePostShareWebhook } from '../webhooks/post-share-webhook';
import { Refusal } from './refusal';
import { creditThresholdsQuietly } from './threshold-rewards';
import { fingerprintKey } from './fraud/fingerprint-key';
import { deviceIdHash } from './fraud/stored-fingerprints';

/** A recorded social share: its id, the claim link of its channel, and the web hooks it wrote. */
export interface SocialShare {
  shareId: string;
  link: ClaimLinkRow;
  webhookIds: string[];
}

/**
 * Records that the advocate shared their offer on a social channel, with its Post Share web hook
 * in the same transaction, then credits any share threshold that makes them reach (a failed
 * credit is logged, never answered: the next share redoes it). Refuses a channel the offer has
 * no claim link for. `verified`: the merchant's server reported the share (secret key).
 */
export async function recordSocialShare(
  services: { db: Kysely<Database>; logger: Logger; publicUrl: string },
  site: Site,
  found: OfferWithLinks,
  share: { channel: SocialChannel; ip: string | null; verified: boolean; deviceId?: string | null },
  now = new Date(),
): Promise<SocialShare> {
  const link = found.links.find((candidate) => candidate.channel === share.channel);
  if (!link) throw new Refusal({ code: 'channel_without_link', kind: 'invalid', field: 'channel', detail: 'has no claim link for this offer' });
  const shareId = newId(now.getTime());
  const webhookIds = await writeTransaction(services.db, async (trx) => {
    await insertShare(trx, { siteId: found.offer.site_id, advocatePersonId: found.offer.person_id }, {
      id: shareId,
      offer_id: found.offer.id,
      type: 'SocialOfferShare',
      channel: share.channel,
      subject: null,
      body: null,
      ip_address: share.ip,
      device_id_hash: deviceIdHash(share.deviceId, fingerprintKey(site)),
      created_at: now.toISOString(),
    });
    const recorded = { id: shareId, channel: share.channel, recipients: [], link: claimUrl(services.publicUrl, link.code), verified: share.verified };
    return enqueuePostShareWebhook(trx, site, found.offer, recorded, now);
  });
  await creditThresholdsQuietly(services, site, found.offer, 'shares');
  return { shareId, link, webhookIds };
}
