import { sql, type Kysely } from 'kysely';
import { clickerMark } from '../clicker-mark';

/**
 * Running counts for click and share thresholds, so a click reads one row instead of counting
 * every distinct clicker the advocate ever had:
 * - `threshold_counts`: per site and advocate, their clicks, their distinct clickers and their
 *   shares (each channel once a day);
 * - `threshold_marks`: what was counted already, one row per advocate, kind (3 clicks, 4 shares)
 *   and mark (a clicker's salted hash, see clicker-mark.ts; a share's "channel:day"), so an
 *   insert that does nothing says "not new".
 * The claim and share inserts keep both in their own transaction. The backfill counts the rows
 * already stored the same way; new tables only, so SQLite's triggers stay.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('threshold_counts')
    .addColumn('site_id', 'text', (col) => col.notNull())
    .addColumn('advocate_person_id', 'text', (col) => col.notNull())
    .addColumn('clicks', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('distinct_clickers', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('shares', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('threshold_counts_pkey', ['site_id', 'advocate_person_id'])
    .execute();
  await db.schema
    .createTable('threshold_marks')
    .addColumn('site_id', 'text', (col) => col.notNull())
    .addColumn('advocate_person_id', 'text', (col) => col.notNull())
    .addColumn('reward_action_type', 'integer', (col) => col.notNull())
    .addColumn('mark', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('threshold_marks_pkey', ['site_id', 'advocate_person_id', 'reward_action_type', 'mark'])
    .execute();
  await backfillThresholdCounts(db);
}

/** Counts the claims and shares stored so far, as the inserts would have (the migration's backfill, and a recount into empty tables). */
export async function backfillThresholdCounts(db: Kysely<any>): Promise<void> {
  await backfillClickerMarks(db);
  await sql`
    insert into threshold_marks (site_id, advocate_person_id, reward_action_type, mark)
    select distinct o.site_id, o.person_id, 4, s.channel || ':' || substr(s.created_at, 1, 10)
    from shares s join offers o on o.id = s.offer_id
  `.execute(db);
  await sql`
    insert into threshold_counts (site_id, advocate_person_id, clicks, distinct_clickers, shares)
    select site_id, advocate_person_id, sum(clicks), sum(distinct_clickers), sum(shares) from (
      select c.site_id as site_id, o.person_id as advocate_person_id, count(*) as clicks, 0 as distinct_clickers, 0 as shares
      from claims c join offers o on o.id = c.offer_id group by c.site_id, o.person_id
      union all
      select site_id, advocate_person_id, 0, sum(case when reward_action_type = 3 then 1 else 0 end), sum(case when reward_action_type = 4 then 1 else 0 end)
      from threshold_marks group by site_id, advocate_person_id
    ) counted
    group by site_id, advocate_person_id
  `.execute(db);
}

/** Claims read per query of the backfill, in id order. */
const BACKFILL_BATCH = 5_000;
/** Marks per insert: four values each, well under SQLite's and PostgreSQL's limits on bound values. */
const MARKS_PER_INSERT = 1_000;

/** Marks every distinct clicker of every advocate; the hash is computed here, as neither store has it built in. */
async function backfillClickerMarks(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const claims = await db
      .selectFrom('claims as c')
      .innerJoin('offers as o', 'o.id', 'c.offer_id')
      .select(['c.id', 'c.site_id', 'o.person_id', 'c.network', 'c.ip_address', 'c.visitor_uuid'])
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(BACKFILL_BATCH)
      .execute();
    if (claims.length === 0) return;
    after = claims[claims.length - 1]!.id;
    const marks = new Map<string, { site_id: string; advocate_person_id: string; reward_action_type: number; mark: string }>();
    for (const claim of claims) {
      const mark = clickerMark(claim.site_id, claim.person_id, claim);
      marks.set(`${claim.site_id}:${claim.person_id}:${mark}`, { site_id: claim.site_id, advocate_person_id: claim.person_id, reward_action_type: 3, mark });
    }
    const rows = [...marks.values()];
    for (let start = 0; start < rows.length; start += MARKS_PER_INSERT) {
      await db
        .insertInto('threshold_marks')
        .values(rows.slice(start, start + MARKS_PER_INSERT))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('threshold_marks').execute();
  await db.schema.dropTable('threshold_counts').execute();
}
