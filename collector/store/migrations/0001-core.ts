import type { Kysely } from 'kysely';

/** Sites, people, origins, offers, claim links, shares, claims and referrals. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sites')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('identity_key', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('custom_properties', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('people_site_identity_unique', ['site_id', 'identity_key'])
    .execute();
  await db.schema.createIndex('people_site_customer_idx').on('people').columns(['site_id', 'customer_id']).execute();

  await db.schema
    .createTable('origins')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('person_id', 'text', (col) => col.notNull().references('people.id'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('idempotency_key', 'text', (col) => col.notNull())
    .addColumn('order_number', 'text')
    .addColumn('order_number_is_numeric', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('event_category', 'text')
    .addColumn('event_number', 'text')
    .addColumn('subtotal', 'double precision')
    .addColumn('order_date', 'text')
    .addColumn('coupon_code', 'text')
    .addColumn('items', 'text')
    .addColumn('campaign_tags', 'text')
    .addColumn('ip_address', 'text')
    .addColumn('visitor_uuid', 'text')
    .addColumn('verified', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('origins_site_idempotency_unique', ['site_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('origins_person_idx').on('origins').columns(['person_id', 'type', 'created_at']).execute();
  await db.schema.createIndex('origins_visitor_idx').on('origins').columns(['site_id', 'visitor_uuid']).execute();

  await db.schema
    .createTable('offers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('origin_id', 'text', (col) => col.notNull().unique().references('origins.id'))
    .addColumn('person_id', 'text', (col) => col.notNull().references('people.id'))
    .addColumn('short_url_code', 'text', (col) => col.notNull().unique())
    .addColumn('friend_coupon_code', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('offers_site_coupon_unique', ['site_id', 'friend_coupon_code'])
    .execute();
  await db.schema.createIndex('offers_person_idx').on('offers').column('person_id').execute();

  await db.schema
    .createTable('claim_links')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('offer_id', 'text', (col) => col.notNull().references('offers.id'))
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull().unique())
    .addColumn('recipient_email', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('claim_links_offer_idx').on('claim_links').column('offer_id').execute();

  await db.schema
    .createTable('shares')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('offer_id', 'text', (col) => col.notNull().references('offers.id'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('ip_address', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('shares_offer_idx').on('shares').columns(['offer_id', 'created_at']).execute();

  await db.schema
    .createTable('share_recipients')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('share_id', 'text', (col) => col.notNull().references('shares.id'))
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('claim_link_id', 'text', (col) => col.references('claim_links.id'))
    .addColumn('rejected_reason', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('share_recipients_share_idx').on('share_recipients').column('share_id').execute();

  await db.schema
    .createTable('claims')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('offer_id', 'text', (col) => col.notNull().references('offers.id'))
    .addColumn('claim_link_id', 'text', (col) => col.notNull().references('claim_links.id'))
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('visitor_uuid', 'text', (col) => col.notNull())
    .addColumn('ip_address', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  // Attribution looks up the latest claim of a visitor: this index keeps it flat at any size.
  await db.schema.createIndex('claims_visitor_idx').on('claims').columns(['site_id', 'visitor_uuid', 'created_at']).execute();
  await db.schema.createIndex('claims_offer_idx').on('claims').column('offer_id').execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('advocate_offer_id', 'text', (col) => col.notNull().references('offers.id'))
    .addColumn('advocate_person_id', 'text', (col) => col.notNull().references('people.id'))
    .addColumn('friend_origin_id', 'text', (col) => col.notNull().unique().references('origins.id'))
    .addColumn('friend_person_id', 'text', (col) => col.notNull().references('people.id'))
    .addColumn('claim_id', 'text', (col) => col.references('claims.id'))
    .addColumn('attributed_by', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('blocked_reason', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    // A friend is referred once per site: a second order never makes a second referral.
    .addUniqueConstraint('referrals_site_friend_unique', ['site_id', 'friend_person_id'])
    .execute();
  await db.schema.createIndex('referrals_advocate_idx').on('referrals').columns(['advocate_person_id', 'created_at']).execute();
  await db.schema.createIndex('referrals_site_status_idx').on('referrals').columns(['site_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('referral_status_changes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('referral_id', 'text', (col) => col.notNull().references('referrals.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (col) => col.notNull())
    .addColumn('cause', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('referral_status_changes_referral_idx').on('referral_status_changes').column('referral_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'referral_status_changes',
    'referrals',
    'claims',
    'share_recipients',
    'shares',
    'claim_links',
    'offers',
    'origins',
    'people',
    'sites',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
