import type { PersonRow } from '../store/tables';
import type { ReferralCounts } from '../webhooks/talkable-views';
import { personView } from '../webhooks/talkable-views';

/**
 * Talkable's answer to anonymize: the person as they now are (no names, no customer id, the
 * anonymized address, no claim URL), with the counts the merchant's books keep.
 */
export function anonymizedPersonView(person: PersonRow | undefined, referralCounts: ReferralCounts) {
  if (!person) return null;
  return {
    ...personView(person, referralCounts),
    personal_claim_url: null,
    customer_id: person.customer_id,
    custom_properties: null,
    referred_by: null,
  };
}
