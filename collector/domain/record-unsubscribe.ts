import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { suppressEmail } from '../store/suppression.repository';
import type { Database } from '../store/tables';
import { writeTransaction } from '../store/write-transaction';
import { enqueueUnsubscribeWebhook, type UnsubscribeVia } from '../webhooks/unsubscribe-webhook';

/**
 * Puts an address on the site's suppression list, so no advocate can invite it again, and
 * writes the Unsubscribe web hook in the same transaction. Unsubscribing an address that already
 * is changes nothing and writes no second web hook. Answers the web hooks' message ids.
 */
export async function recordUnsubscribe(db: Kysely<Database>, site: Site, email: string, via: UnsubscribeVia, now = new Date()): Promise<string[]> {
  return writeTransaction(db, (trx) => unsubscribeInTransaction(trx, site, email, via, now));
}

/** recordUnsubscribe's writes, in the caller's transaction (a people API call that changes more than the subscription). */
export async function unsubscribeInTransaction(trx: Kysely<Database>, site: Site, email: string, via: UnsubscribeVia, now: Date): Promise<string[]> {
  const suppressionId = await suppressEmail(trx, site.id, email, via, now);
  return suppressionId ? enqueueUnsubscribeWebhook(trx, site, email, via, suppressionId, now) : [];
}
