import type { Kysely } from 'kysely';

/**
 * Rewards beyond a fixed amount, and the currency they are paid in:
 * - `tier_from`: the tier an advocate's reward was issued under (the tier's `from`), and
 *   `tier_position`: which rewarded referral of the advocate's in the tier period it was (the
 *   Nth); both null for a reward of no tier;
 * - `currency`: the ISO 4217 code of the reward's amount, as it was issued, so that a later
 *   change of the configured currency does not relabel money already given;
 * - the friend's percentage reward is withheld, like the advocate's, when the purchase has no
 *   subtotal the shop's server vouched for: `friend_reward_withheld_reason` on the referral.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rewards').addColumn('tier_from', 'integer').execute();
  await db.schema.alterTable('rewards').addColumn('tier_position', 'integer').execute();
  await db.schema.alterTable('rewards').addColumn('currency', 'text').execute();
  await db.schema.alterTable('referrals').addColumn('friend_reward_withheld_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referrals').dropColumn('friend_reward_withheld_reason').execute();
  await db.schema.alterTable('rewards').dropColumn('currency').execute();
  await db.schema.alterTable('rewards').dropColumn('tier_position').execute();
  await db.schema.alterTable('rewards').dropColumn('tier_from').execute();
}
