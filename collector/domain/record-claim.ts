import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { Logger } from '../logger';
import { addressGroup } from '../net/address-group';
import { insertClaim } from '../store/claim.repository';
import { newId } from '../store/ids';
import type { ClaimLinkWithOffer } from '../store/offer.repository';
import type { Database } from '../store/tables';
import { creditThresholdsQuietly } from './threshold-rewards';
import { fingerprintKey } from './fraud/fingerprint-key';
import { deviceIdHash } from './fraud/stored-fingerprints';

/** The friend who followed a claim link, as their browser showed them. */
export interface Visitor {
  uuid: string;
  ip: string | null;
  userAgent: string | null;
  /** The origin of the page the link was clicked on (referrerOrigin), or null. */
  referrer?: string | null;
  /** The shop's first-party device id, when the link is on the shop's own origin. */
  deviceId?: string | null;
}

/**
 * Records that a visitor followed one of an offer's claim links (which channel, from which
 * network), then credits the advocate with any click threshold that makes them reach. The
 * credit never fails the claim: the friend's redirect matters more than bookkeeping the next
 * click redoes.
 */
export async function recordClaim(
  services: { db: Kysely<Database>; logger: Logger },
  site: Site,
  link: Pick<ClaimLinkWithOffer, 'link_id' | 'offer_id' | 'channel' | 'advocate_person_id'>,
  visitor: Visitor,
  now = new Date(),
): Promise<void> {
  await insertClaim(services.db, {
    id: newId(),
    site_id: site.id,
    offer_id: link.offer_id,
    claim_link_id: link.link_id,
    channel: link.channel,
    visitor_uuid: visitor.uuid,
    ip_address: visitor.ip,
    network: visitor.ip ? addressGroup(visitor.ip) : null,
    user_agent: visitor.userAgent?.slice(0, 400) ?? null,
    referrer: visitor.referrer ?? null,
    device_id_hash: deviceIdHash(visitor.deviceId, fingerprintKey(site)),
    created_at: now.toISOString(),
  }, link.advocate_person_id);
  await creditThresholdsQuietly(services, site, { id: link.offer_id, person_id: link.advocate_person_id }, 'clicks');
}
