import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { deleteSuppression } from '../store/suppression.repository';
import type { Database, EmailSuppressionRow } from '../store/tables';
import { writeTransaction } from '../store/write-transaction';
import { recordAudit, type Actor } from './audit-log';

/**
 * Takes an address off the site's suppression list, when its owner asks to get invites again:
 * advocates may invite it from then on. Audited in the same transaction, with the address as
 * the subject and the console user's note (who asked, how). Answers the removed entry, or
 * undefined when the site has no such entry.
 */
export async function removeSuppression(
  db: Kysely<Database>,
  site: Site,
  removal: { id: string; note?: string | undefined },
  actor: Actor,
  now: Date,
): Promise<EmailSuppressionRow | undefined> {
  return writeTransaction(db, async (trx) => {
    const removed = await deleteSuppression(trx, site.id, removal.id);
    if (removed) await recordAudit(trx, { actor, action: 'suppression.remove', siteId: site.id, subject: removed.email, note: removal.note ?? null, detail: { reason: removed.reason, since: removed.created_at } }, now);
    return removed;
  });
}
