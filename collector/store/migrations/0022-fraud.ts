import type { Kysely } from 'kysely';

/**
 * Fraud decisions on referrals:
 * - `fraud_decision`: the decision the site's fraud rules made (JSON: outcome, rules_version and
 *   every signal evaluated, its value, whether it fired and its words), answered by the referral
 *   API and carried by the web hooks;
 * - `flagged_until`: when a flagged referral nobody decided resolves by itself, with the index
 *   the scheduler's question (which flagged referrals are due?) reads.
 * Columns added in place: no table rebuild, so the running totals' triggers stay.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referrals').addColumn('fraud_decision', 'text').execute();
  await db.schema.alterTable('referrals').addColumn('flagged_until', 'text').execute();
  await db.schema.createIndex('referrals_flagged_until').on('referrals').columns(['status', 'flagged_until']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_flagged_until').execute();
  await db.schema.alterTable('referrals').dropColumn('flagged_until').execute();
  await db.schema.alterTable('referrals').dropColumn('fraud_decision').execute();
}
