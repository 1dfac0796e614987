import type { Kysely } from 'kysely';
import { MAX_CHANNELS_PER_OFFER } from '../contract/share-channels';
import { claimUrl } from '../contract/public-urls';
import { ensureChannelLinks, type OfferWithLinks } from '../store/offer.repository';
import type { Database } from '../store/tables';
import { writeTransaction } from '../store/write-transaction';
import { Refusal } from './refusal';

/**
 * Talkable's `claim_links` for the `sharing_channels` a request names: one claim URL per channel,
 * the offer's own for a built-in channel, and for a custom channel a link made the first time it
 * is named and the same one after, so clicks tell which channel brought the friend. Refuses
 * (too_many_channels) names that would give one offer more than MAX_CHANNELS_PER_OFFER links: a
 * browser may name channels, and each is a row. Answers the offer with its links as they now are.
 */
export async function sharingLinks(
  db: Kysely<Database>,
  publicUrl: string,
  found: OfferWithLinks,
  channels: readonly string[],
  now: Date,
  field = 'sharing_channels',
): Promise<{ found: OfferWithLinks; claimLinks: Record<string, string> }> {
  const named = [...new Set(channels)];
  const missing = named.filter((channel) => !found.links.some((link) => link.channel === channel));
  if (found.links.length + missing.length > MAX_CHANNELS_PER_OFFER) {
    throw new Refusal({ code: 'too_many_channels', kind: 'invalid', field, detail: `would give the offer more than ${MAX_CHANNELS_PER_OFFER} channels` });
  }
  const links = missing.length > 0 ? await writeTransaction(db, (trx) => ensureChannelLinks(trx, found.offer.id, missing, now.toISOString())) : found.links;
  const claimLinks: Record<string, string> = {};
  for (const channel of named) {
    const link = links.find((candidate) => candidate.channel === channel);
    if (link) claimLinks[channel] = claimUrl(publicUrl, link.code);
  }
  return { found: { offer: found.offer, links }, claimLinks };
}
