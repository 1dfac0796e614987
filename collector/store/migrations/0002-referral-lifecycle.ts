import type { Kysely } from 'kysely';

/** Referral approval timing, rewards, the coupon pool, and the outbox with its attempts. */
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per ALTER TABLE statement.
  await db.schema.alterTable('referrals').addColumn('approve_after', 'text').execute();
  await db.schema.alterTable('referrals').addColumn('advocate_reward_withheld_reason', 'text').execute();
  // The auto-approval scheduler's question: which referrals are due?
  await db.schema.createIndex('referrals_due_idx').on('referrals').columns(['approve_after', 'status']).execute();

  await db.schema
    .createTable('rewards')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('referral_id', 'text', (col) => col.notNull().references('referrals.id'))
    .addColumn('side', 'text', (col) => col.notNull())
    .addColumn('person_id', 'text', (col) => col.notNull().references('people.id'))
    .addColumn('origin_id', 'text', (col) => col.notNull().references('origins.id'))
    .addColumn('amount', 'double precision')
    .addColumn('incentive', 'text', (col) => col.notNull())
    .addColumn('incentive_description', 'text', (col) => col.notNull())
    .addColumn('coupon_code', 'text')
    .addColumn('coupon_problem', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    // The guarantee that a referral's rewards are issued once, whatever races.
    .addUniqueConstraint('rewards_referral_side_unique', ['referral_id', 'side'])
    .execute();
  await db.schema.createIndex('rewards_person_idx').on('rewards').columns(['person_id', 'side', 'created_at']).execute();

  await db.schema
    .createTable('coupon_codes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('reward_id', 'text', (col) => col.references('rewards.id'))
    .addColumn('offer_id', 'text', (col) => col.references('offers.id'))
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('coupon_codes_site_code_unique', ['site_id', 'code'])
    .execute();
  await db.schema.createIndex('coupon_codes_available_idx').on('coupon_codes').columns(['site_id', 'kind', 'used_at', 'created_at']).execute();

  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('event_type', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (col) => col.notNull())
    .addColumn('give_up_after', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  // The worker's question: what pending work is due now?
  await db.schema.createIndex('outbox_messages_due_idx').on('outbox_messages').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_messages_site_idx').on('outbox_messages').columns(['site_id', 'kind', 'id']).execute();

  await db.schema
    .createTable('outbox_attempts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('message_id', 'text', (col) => col.notNull().references('outbox_messages.id'))
    .addColumn('attempt_number', 'integer', (col) => col.notNull())
    .addColumn('started_at', 'text', (col) => col.notNull())
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('target', 'text')
    .addColumn('response_status', 'integer')
    .addColumn('response_excerpt', 'text')
    .addColumn('error', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('outbox_attempts_message_idx').on('outbox_attempts').columns(['message_id', 'attempt_number']).execute();

  await db.schema
    .createTable('webhook_endpoint_states')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('disabled_at', 'text', (col) => col.notNull())
    .addColumn('disabled_reason', 'text', (col) => col.notNull())
    .addUniqueConstraint('webhook_endpoint_states_site_url_unique', ['site_id', 'url'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['webhook_endpoint_states', 'outbox_attempts', 'outbox_messages', 'coupon_codes', 'rewards']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('referrals_due_idx').execute();
  await db.schema.alterTable('referrals').dropColumn('advocate_reward_withheld_reason').execute();
  await db.schema.alterTable('referrals').dropColumn('approve_after').execute();
}
