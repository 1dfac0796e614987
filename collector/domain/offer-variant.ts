import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { firstVariantOfPerson } from '../store/offer.repository';
import type { Database, PersonRow } from '../store/tables';
import { assignmentKey, assignmentSubject, assignVariant } from './experiment-assignment';
import { variantNamed } from '../config/experiment-variant';

/**
 * The variant a new offer is made in, or null when the site runs no experiment. A person who had
 * an offer in a variant still configured keeps it (sticky even if the weights change since);
 * anyone else is placed by the keyed hash of their email, else their visitor uuid.
 */
export async function variantForNewOffer(db: Kysely<Database>, site: Site, person: PersonRow, visitorUuid: string | null): Promise<string | null> {
  if (site.variants.length === 0) return null;
  const earlier = variantNamed(site, await firstVariantOfPerson(db, site.id, person.id));
  if (earlier) return earlier.id;
  return assignVariant(site.variants, assignmentSubject(person, visitorUuid), assignmentKey(site.api_key)).id;
}
