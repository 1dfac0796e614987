import type { Kysely } from 'kysely';
import type { Database, ShareRecipientRow, ShareRow } from './tables';
import { countShare, type CountedAdvocate } from './threshold-count.repository';

/**
 * Records a share of the advocate's and, for an email share, each recipient with its verdict;
 * counts it for their share thresholds. Run it in a transaction, so the count goes with the share.
 */
export async function insertShare(db: Kysely<Database>, advocate: CountedAdvocate, share: ShareRow, recipients: ShareRecipientRow[] = []): Promise<void> {
  await db.insertInto('shares').values(share).execute();
  await countShare(db, advocate, share);
  if (recipients.length > 0) await db.insertInto('share_recipients').values(recipients).execute();
}

/** Addresses this offer already sent an invite to. */
export async function previouslyInvited(db: Kysely<Database>, offerId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('share_recipients')
    .innerJoin('shares', 'shares.id', 'share_recipients.share_id')
    .select('share_recipients.email')
    .where('shares.offer_id', '=', offerId)
    .where('share_recipients.rejected_reason', 'is', null)
    .execute();
  return new Set(rows.map((row) => row.email));
}

/** Whose recent invites a limit counts: one advocate (over all their offers), or one IP address on one site. */
export type InviteSender = { advocatePersonId: string } | { siteId: string; ip: string };

/** When each invite of the sender accepted since `since` was sent, oldest first (the per-day and per-hour limits). */
export async function inviteTimesSince(db: Kysely<Database>, sender: InviteSender, since: string): Promise<string[]> {
  let query = db
    .selectFrom('shares')
    .innerJoin('share_recipients', 'share_recipients.share_id', 'shares.id')
    .innerJoin('offers', 'offers.id', 'shares.offer_id')
    .select('shares.created_at')
    .where('shares.created_at', '>', since)
    .where('share_recipients.rejected_reason', 'is', null)
    .orderBy('shares.created_at');
  query =
    'ip' in sender
      ? query.where('shares.ip_address', '=', sender.ip).where('offers.site_id', '=', sender.siteId)
      : query.where('offers.person_id', '=', sender.advocatePersonId);
  const rows = await query.execute();
  return rows.map((row) => row.created_at);
}
