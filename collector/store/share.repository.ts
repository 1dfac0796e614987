import type { Kysely } from 'kysely';
import type { Database, ShareRecipientRow, ShareRow } from './tables';

/** Records a share and, for an email share, each recipient with its verdict. */
export async function insertShare(db: Kysely<Database>, share: ShareRow, recipients: ShareRecipientRow[] = []): Promise<void> {
  await db.insertInto('shares').values(share).execute();
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
