import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { loadReferralDetails } from '../store/referral.repository';
import type { Database, ReferralRow, ReferralStatus } from '../store/tables';
import { enqueueWebhook } from './webhook-fan-out';
import { referralWebhookPayload } from './webhook-payload';

/** Vouch's referral lifecycle web hook types, beyond Talkable's approved / unblocked. */
export type LifecycleType = 'referral.created' | 'referral.flagged' | 'referral.blocked' | 'referral.voided';

/** What a referral's move from `from` (null: it was just made) to its current status announces. */
export function lifecycleTypes(from: ReferralStatus | null, referral: Pick<ReferralRow, 'status'>): LifecycleType[] {
  const types: LifecycleType[] = [];
  if (from === null) types.push('referral.created');
  // Flagged for a person's review: the payload's fraud trail says which signals fired.
  if (referral.status === 'flagged' && from !== 'flagged') types.push('referral.flagged');
  if (referral.status === 'blocked' && from !== 'blocked') types.push('referral.blocked');
  if (referral.status === 'voided' && from !== 'voided') types.push('referral.voided');
  return types;
}

/**
 * Writes the lifecycle web hooks of a referral that was just made, flagged, blocked or voided, in the
 * caller's transaction: each as an event, and a message for every endpoint subscribed to its
 * type. The payload is the Referral web hook's, with its `type` naming the event. Answers the
 * message ids.
 */
export async function enqueueLifecycleWebhooks(db: Kysely<Database>, site: Site, referral: ReferralRow, from: ReferralStatus | null, now: Date): Promise<string[]> {
  // Every type is recorded in the event log, subscribed or not.
  const types = lifecycleTypes(from, referral);
  if (types.length === 0) return [];
  const payload = referralWebhookPayload(site, await loadReferralDetails(db, referral));
  const ids: string[] = [];
  for (const type of types) ids.push(...(await enqueueWebhook(db, site, { ...payload, type }, referral.id, now)));
  return ids;
}
