import type { Kysely } from 'kysely';
import { experimentScope } from '../config/campaign-offer-scopes';
import { withCampaignSettings, type Campaign } from '../config/site-campaigns';
import type { Site } from '../config/site-config.schema';
import { firstVariantOfPerson } from '../store/offer.repository';
import type { Database, PersonRow } from '../store/tables';
import { assignmentKey, assignmentSubject, assignVariant, experimentSubject } from './experiment-assignment';
import { variantNamed } from '../config/experiment-variant';

/**
 * The variant a new offer of `campaign` is made in, or null when its campaign runs no experiment
 * (its own variants, else the site's). A person who had an offer in that experiment, in a variant
 * still configured, keeps it (sticky even if the weights change since); anyone else is placed by
 * the keyed hash of their email, else their visitor uuid — for a campaign's own experiment with
 * the campaign's id, so two campaigns' experiments place a person independently.
 */
export async function variantForNewOffer(db: Kysely<Database>, site: Site, campaign: Pick<Campaign, 'id' | 'isDefault'>, person: PersonRow, visitorUuid: string | null): Promise<string | null> {
  const { variants } = withCampaignSettings(site, campaign);
  if (variants.length === 0) return null;
  const scope = experimentScope(site, campaign);
  const earlier = variantNamed({ variants }, await firstVariantOfPerson(db, site.id, person.id, scope));
  if (earlier) return earlier.id;
  return assignVariant(variants, experimentSubject(scope, assignmentSubject(person, visitorUuid)), assignmentKey(site.api_key)).id;
}
