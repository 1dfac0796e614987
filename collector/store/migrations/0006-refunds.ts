import type { Kysely } from 'kysely';

/**
 * Refunds and cancellations the merchant's server reports:
 * - on the origin: when it was refunded, how much of its subtotal, and why (refund, cancellation,
 *   chargeback);
 * - on a referral voided by its friend's refund: why it was voided (`voided_reason`);
 * - on a reward taken back after approval: when and why (`reversed_at`, `reversed_reason`), and
 *   when its coupon stopped counting as usable (`coupon_revoked_at`; only an unused one is revoked).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('origins').addColumn('refunded_at', 'text').execute();
  await db.schema.alterTable('origins').addColumn('refunded_amount', 'double precision').execute();
  await db.schema.alterTable('origins').addColumn('refund_reason', 'text').execute();
  await db.schema.alterTable('referrals').addColumn('voided_reason', 'text').execute();
  await db.schema.alterTable('rewards').addColumn('reversed_at', 'text').execute();
  await db.schema.alterTable('rewards').addColumn('reversed_reason', 'text').execute();
  await db.schema.alterTable('rewards').addColumn('coupon_revoked_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rewards').dropColumn('coupon_revoked_at').execute();
  await db.schema.alterTable('rewards').dropColumn('reversed_reason').execute();
  await db.schema.alterTable('rewards').dropColumn('reversed_at').execute();
  await db.schema.alterTable('referrals').dropColumn('voided_reason').execute();
  await db.schema.alterTable('origins').dropColumn('refund_reason').execute();
  await db.schema.alterTable('origins').dropColumn('refunded_amount').execute();
  await db.schema.alterTable('origins').dropColumn('refunded_at').execute();
}
