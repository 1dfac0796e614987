import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { Logger } from '../logger';
import { newId } from '../store/ids';
import type { OfferWithLinks } from '../store/offer.repository';
import { insertShare } from '../store/share.repository';
import type { ClaimLinkRow, Database } from '../store/tables';
import { Refusal } from './refusal';
import { creditThresholdsQuietly } from './threshold-rewards';

/** A recorded social share: its id and the claim link of its channel. */
export interface SocialShare {
  shareId: string;
  link: ClaimLinkRow;
}

/**
 * Records that the advocate shared their offer on a social channel, then credits any share
 * threshold that makes them reach (a failed credit is logged, never answered: the next share
 * redoes it). Refuses a channel the offer has no claim link for.
 */
export async function recordSocialShare(
  services: { db: Kysely<Database>; logger: Logger },
  site: Site,
  found: OfferWithLinks,
  share: { channel: ClaimLinkRow['channel']; ip: string | null },
  now = new Date(),
): Promise<SocialShare> {
  const link = found.links.find((candidate) => candidate.channel === share.channel);
  if (!link) throw new Refusal({ code: 'channel_without_link', kind: 'invalid', field: 'channel', detail: 'has no claim link for this offer' });
  const shareId = newId(now.getTime());
  await insertShare(services.db, {
    id: shareId,
    offer_id: found.offer.id,
    type: 'SocialOfferShare',
    channel: share.channel,
    subject: null,
    body: null,
    ip_address: share.ip,
    created_at: now.toISOString(),
  });
  await creditThresholdsQuietly(services, site, found.offer, 'shares');
  return { shareId, link };
}
