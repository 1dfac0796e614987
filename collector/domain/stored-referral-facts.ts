import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { findClaimById } from '../store/claim.repository';
import { findOfferById } from '../store/offer.repository';
import { findOrigin } from '../store/origin.repository';
import { findPerson } from '../store/person.repository';
import type { Database, ReferralRow } from '../store/tables';
import type { Attribution } from './attribution';
import type { FraudFacts } from './fraud/facts';
import { gatherReferralFacts } from './referral-fraud';

const ATTRIBUTIONS: readonly string[] = ['uuid', 'coupon', 'email'] satisfies Attribution['by'][];

function isAttribution(by: string): by is Attribution['by'] {
  return ATTRIBUTIONS.includes(by);
}

/**
 * The facts the fraud rules decide a stored referral on, gathered the way they were when it was
 * made (gatherReferralFacts) and as of its own time: its paces count the referrals and clicks up
 * to its created_at, not up to today. Undefined for a referral no rule decides (a threshold, a
 * hand-made record) or whose rows are gone (a friend erased since).
 */
export async function gatherStoredReferralFacts(db: Kysely<Database>, site: Site, referral: ReferralRow): Promise<FraudFacts | undefined> {
  const by = referral.attributed_by;
  if (!referral.friend_origin_id || !referral.friend_person_id || !isAttribution(by)) return undefined;
  const [advocateOffer, origin, friend, advocate, claim] = await Promise.all([
    findOfferById(db, referral.advocate_offer_id),
    findOrigin(db, referral.friend_origin_id),
    findPerson(db, referral.friend_person_id),
    findPerson(db, referral.advocate_person_id),
    referral.claim_id ? findClaimById(db, referral.claim_id) : Promise.resolve(undefined),
  ]);
  if (!advocateOffer || !origin || !friend) return undefined;
  const attribution: Attribution = {
    advocateOffer,
    claim: claim ?? null,
    by,
    verified: referral.attribution_verified !== 0,
  };
  return gatherReferralFacts(db, site, { attribution, advocate, friend, origin, isNew: false, now: new Date(referral.created_at) });
}
