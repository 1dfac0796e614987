import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { countEvents, findEarlierPurchase } from '../store/origin.repository';
import type { ClaimRow, Database, OriginRow, PersonRow } from '../store/tables';

/** Milliseconds in an hour, for the cooling period. */
const HOUR_IN_MS = 3_600_000;

/**
 * Whether this friend origin closes a referral under the site's `referral_closed_by` rule:
 * any Purchase or Event when the rule is absent; a Purchase of at least `minimum_subtotal`; or
 * the friend's `nth` Event of `event_category` counted since the claim (earlier events belong
 * to the friend's life before the referral).
 */
export async function closesReferral(db: Kysely<Database>, site: Site, origin: OriginRow, claim: ClaimRow | null): Promise<boolean> {
  const rule = site.referral_closed_by;
  if (!rule) return origin.type === 'Purchase' || origin.type === 'Event';
  if (rule.origin === 'Purchase') {
    return origin.type === 'Purchase' && (rule.minimum_subtotal === undefined || (origin.subtotal ?? 0) >= rule.minimum_subtotal);
  }
  if (origin.type !== 'Event' || origin.event_category !== rule.event_category) return false;
  // At least, not exactly: when the Nth event could not be attributed, a later one still closes it.
  return (await countEvents(db, origin.person_id, rule.event_category, claim?.created_at ?? null)) >= rule.nth;
}

/**
 * Why the friend is not new, or null when they are: a Purchase stored before the claim (before
 * this origin, without a claim) by anyone on the site with the friend's email or customer_id.
 */
export async function friendNotNewReason(
  db: Kysely<Database>,
  friend: PersonRow,
  origin: OriginRow,
  claim: ClaimRow | null,
): Promise<string | null> {
  const earlier = await findEarlierPurchase(db, friend, claim?.created_at ?? origin.created_at, origin.id);
  if (!earlier) return null;
  const by = friend.email && earlier.email === friend.email ? 'email' : 'customer_id';
  return `friend_not_new: the friend's ${by} had a Purchase before the claim`;
}

/** When the scheduler may approve a new referral: creation + cooling period in "auto" mode, else never by itself. */
export function approveAfter(site: Pick<Site, 'approval'>, createdAt: Date): string | null {
  if (site.approval.mode !== 'auto') return null;
  return new Date(createdAt.getTime() + site.approval.cooling_period_in_hours * HOUR_IN_MS).toISOString();
}
