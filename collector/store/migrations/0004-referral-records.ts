import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Reverb-shaped referral records (Reverb's referral records API) in the one `referrals` table: a referral may now
 * have no friend (a threshold of clicks or shares) or no friend origin yet (an order given by
 * number before the shop reported it), and it carries the record's fields.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema.alterTable('referrals').alterColumn('friend_origin_id', (col) => col.dropNotNull()).execute();
    await db.schema.alterTable('referrals').alterColumn('friend_person_id', (col) => col.dropNotNull()).execute();
    for (const [name, type, notNullDefault] of RECORD_COLUMNS) {
      await db.schema
        .alterTable('referrals')
        .addColumn(name, type, (col) => (notNullDefault === null ? col : col.notNull().defaultTo(notNullDefault)))
        .execute();
    }
  } else {
    await rebuildSqliteReferrals(db);
  }
  // Referrals made before this migration: an Event closed them, which Reverb calls an enrollment.
  await sql`update referrals set reward_action_type = 2 where friend_origin_id in (select id from origins where type = 'Event')`.execute(db);
  // An order closes one referral, whether it was given by uuid or by number (several NULLs are allowed on both stores).
  await db.schema.createIndex('referrals_site_order_number_unique').unique().on('referrals').columns(['site_id', 'referred_order_number']).execute();
  // An advocate crosses each click or share threshold once; qualified_amount is NULL for purchases and enrollments.
  await db.schema
    .createIndex('referrals_threshold_unique')
    .unique()
    .on('referrals')
    .columns(['site_id', 'advocate_person_id', 'reward_action_type', 'qualified_amount'])
    .execute();
}

/** name, type, and the default of a NOT NULL column (null: the column is nullable). */
const RECORD_COLUMNS: [string, 'integer' | 'text' | 'double precision', number | null][] = [
  ['reward_action_type', 'integer', 1],
  ['level', 'integer', 1],
  ['qualified_amount', 'integer', null],
  ['referred_order_number', 'text', null],
  ['share_code', 'text', null],
  ['reward_amount', 'double precision', null],
  ['incentive_amount', 'double precision', null],
  ['reward_qualified', 'integer', 1],
  ['incentive_qualified', 'integer', 1],
];

const KEPT_COLUMNS = [
  'id',
  'site_id',
  'advocate_offer_id',
  'advocate_person_id',
  'friend_origin_id',
  'friend_person_id',
  'claim_id',
  'attributed_by',
  'status',
  'blocked_reason',
  'created_at',
  'updated_at',
  'approve_after',
  'advocate_reward_withheld_reason',
];

/**
 * SQLite cannot drop a NOT NULL, so the table is rebuilt as its documentation prescribes
 * (https://www.sqlite.org/lang_altertable.html#otheralter): foreign keys off, new table, copy,
 * drop, rename, indexes, check, foreign keys on. Kysely runs SQLite migrations outside a
 * transaction on the one connection, which is what lets the pragma take effect.
 */
async function rebuildSqliteReferrals(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      let table = db.schema
        .createTable('referrals_rebuilt')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
        .addColumn('advocate_offer_id', 'text', (col) => col.notNull().references('offers.id'))
        .addColumn('advocate_person_id', 'text', (col) => col.notNull().references('people.id'))
        .addColumn('friend_origin_id', 'text', (col) => col.unique().references('origins.id'))
        .addColumn('friend_person_id', 'text', (col) => col.references('people.id'))
        .addColumn('claim_id', 'text', (col) => col.references('claims.id'))
        .addColumn('attributed_by', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('blocked_reason', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('approve_after', 'text')
        .addColumn('advocate_reward_withheld_reason', 'text');
      for (const [name, type, notNullDefault] of RECORD_COLUMNS) {
        table = table.addColumn(name, type, (col) => (notNullDefault === null ? col : col.notNull().defaultTo(notNullDefault)));
      }
      await table.addUniqueConstraint('referrals_site_friend_unique', ['site_id', 'friend_person_id']).execute();
      const columns = sql.join(KEPT_COLUMNS.map((name) => sql.ref(name)));
      await sql`insert into referrals_rebuilt (${columns}) select ${columns} from referrals`.execute(db);
      await sql`drop table referrals`.execute(db);
      await sql`alter table referrals_rebuilt rename to referrals`.execute(db);
      await db.schema.createIndex('referrals_advocate_idx').on('referrals').columns(['advocate_person_id', 'created_at']).execute();
      await db.schema.createIndex('referrals_site_status_idx').on('referrals').columns(['site_id', 'status', 'created_at']).execute();
      await db.schema.createIndex('referrals_due_idx').on('referrals').columns(['approve_after', 'status']).execute();
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`rebuilding referrals broke ${broken.rows.length} foreign keys`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

/** Drops what up() added; NOT NULL is not restored, since records without a friend may exist. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_threshold_unique').execute();
  await db.schema.dropIndex('referrals_site_order_number_unique').execute();
  for (const [name] of RECORD_COLUMNS) await db.schema.alterTable('referrals').dropColumn(name).execute();
}
