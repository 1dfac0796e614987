import type { Kysely } from 'kysely';

/**
 * The merchant console's accounts: its users and their roles, one-time links to set a password,
 * signed-in sessions (only a hash of each token is stored, so a copy of the store signs nobody
 * in), failed sign-ins counted per account and per client address (the backoff survives a restart
 * and is shared by every instance), the audit log of merchant actions, and who (which console
 * user) made each change in a referral's history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('console_users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    // Lower case, as the sign-in form's address is compared.
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('role', 'text', (col) => col.notNull())
    // JSON list of site slugs, or null for every site (owners).
    .addColumn('sites', 'text')
    // Null until the user sets a password through their one-time link.
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('console_password_tokens')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('console_users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('console_sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('console_users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    // The absolute end: however active the session, it ends then.
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('ip_address', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('console_sessions_user_idx').on('console_sessions').column('user_id').execute();

  await db.schema
    .createTable('console_sign_in_failures')
    // "account:<email>" or "address:<address group>".
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('last_failure_at', 'text', (col) => col.notNull())
    .addColumn('locked_until', 'text')
    .execute();
  // Forgetting old counts: those nobody added to for an hour.
  await db.schema.createIndex('console_sign_in_failures_last_idx').on('console_sign_in_failures').column('last_failure_at').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('at', 'text', (col) => col.notNull())
    // The user's id and, kept as it was, their address: the entry still says who after the user is removed.
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_email', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('site_id', 'text', (col) => col.references('sites.id'))
    .addColumn('subject', 'text')
    .addColumn('note', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_site_idx').on('audit_log').columns(['site_id', 'id']).execute();

  // The review queue's question: a site's referrals in a status, oldest first, paged by id.
  await db.schema.createIndex('referrals_site_status_id_idx').on('referrals').columns(['site_id', 'status', 'id']).execute();

  // Who made a change in a referral's history: a console user's address (null for the API, the scheduler, the rules).
  await db.schema.alterTable('referral_status_changes').addColumn('actor_email', 'text').execute();
  await db.schema.alterTable('referral_status_changes').addColumn('note', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referral_status_changes').dropColumn('note').execute();
  await db.schema.alterTable('referral_status_changes').dropColumn('actor_email').execute();
  await db.schema.dropIndex('referrals_site_status_id_idx').execute();
  for (const table of ['audit_log', 'console_sign_in_failures', 'console_sessions', 'console_password_tokens', 'console_users']) {
    await db.schema.dropTable(table).execute();
  }
}
