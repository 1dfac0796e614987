import type { Kysely } from 'kysely';

/**
 * Indexes for the merchant console's data routes, so they answer from indexes on a store of a
 * million referrals:
 * - the overview counts a site's offers, clicks, referrals and purchases per day over a period
 *   (site, time); the referrals index also holds what the counts group by and join on, so the
 *   store reads no referral row;
 * - shares belong to a site through their offer, so the overview finds a period's shares by time;
 * - the look-up finds people by address, rewards by coupon code, invites by recipient, and the
 *   web hooks and mails about a referral, reward or invite (outbox subject).
 */
const INDEXES: [name: string, table: string, columns: string[]][] = [
  ['referrals_site_created_idx', 'referrals', ['site_id', 'created_at', 'status', 'friend_origin_id', 'claim_id']],
  // The referrals' purchases and clicks, read by id with what the counts need: no table row is read.
  ['origins_id_figures_idx', 'origins', ['id', 'type', 'subtotal', 'refunded_amount']],
  ['claims_id_channel_idx', 'claims', ['id', 'channel']],
  ['origins_site_type_created_idx', 'origins', ['site_id', 'type', 'created_at', 'superseded_by', 'subtotal', 'refunded_amount']],
  ['offers_site_created_idx', 'offers', ['site_id', 'created_at']],
  ['offers_id_site_idx', 'offers', ['id', 'site_id']],
  ['claims_site_created_idx', 'claims', ['site_id', 'created_at', 'channel']],
  ['shares_created_idx', 'shares', ['created_at', 'offer_id', 'channel']],
  ['people_site_email_idx', 'people', ['site_id', 'email']],
  ['rewards_coupon_idx', 'rewards', ['coupon_code']],
  ['share_recipients_email_idx', 'share_recipients', ['email']],
  ['outbox_messages_subject_idx', 'outbox_messages', ['subject_id']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
