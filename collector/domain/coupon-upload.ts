import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { addPoolCodes } from '../store/coupon.repository';
import type { Database, RewardSide } from '../store/tables';
import { writeTransaction } from '../store/write-transaction';
import { recordAudit, type Actor } from './audit-log';

/**
 * Codes a console user adds to a pool (pasted or from a CSV file): added as the API's coupon
 * upload adds them (codes the site already has are skipped), with the audit entry in the same
 * transaction, so there is never an upload without its entry.
 */
export async function uploadPoolCodes(
  db: Kysely<Database>,
  site: Site,
  upload: { kind: RewardSide; codes: readonly string[] },
  actor: Actor,
  now: Date,
): Promise<{ added: number; skipped: number }> {
  return writeTransaction(db, async (trx) => {
    const counts = await addPoolCodes(trx, site.id, upload.kind, upload.codes, now.toISOString());
    await recordAudit(trx, { actor, action: 'coupon.upload', siteId: site.id, subject: `${upload.kind} pool`, detail: counts, note: `${counts.added} added, ${counts.skipped} skipped` }, now);
    return counts;
  });
}
