import type { Kysely } from 'kysely';

/**
 * Percentage rewards, and what a partial refund does to them:
 * - how the reward was computed (`percent` of the friend's purchase, capped by `maximum_amount`;
 *   both null for a fixed amount), kept on the reward so that a refund recomputes it with the
 *   rule it was issued under, whatever the configuration says by then;
 * - when a partial refund reduced it, why (`reduced_at`, `reduced_reason`), the amount it had
 *   before (`original_amount`) and the one the refund made it (`reduced_amount`; a coupon's code
 *   cannot shrink, so its `amount` stays and only this says what it would have been).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rewards').addColumn('percent', 'double precision').execute();
  await db.schema.alterTable('rewards').addColumn('maximum_amount', 'double precision').execute();
  await db.schema.alterTable('rewards').addColumn('original_amount', 'double precision').execute();
  await db.schema.alterTable('rewards').addColumn('reduced_amount', 'double precision').execute();
  await db.schema.alterTable('rewards').addColumn('reduced_at', 'text').execute();
  await db.schema.alterTable('rewards').addColumn('reduced_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rewards').dropColumn('reduced_reason').execute();
  await db.schema.alterTable('rewards').dropColumn('reduced_at').execute();
  await db.schema.alterTable('rewards').dropColumn('reduced_amount').execute();
  await db.schema.alterTable('rewards').dropColumn('original_amount').execute();
  await db.schema.alterTable('rewards').dropColumn('maximum_amount').execute();
  await db.schema.alterTable('rewards').dropColumn('percent').execute();
}
