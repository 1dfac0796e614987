import { sql, type Kysely } from 'kysely';
import { clickerMark, networkMark, type Clicker } from './clicker-mark';
import { preparedQuery } from './prepared-query';
import type { Database } from './tables';

/** Whose threshold counts a click or share moves. */
export interface CountedAdvocate {
  siteId: string;
  advocatePersonId: string;
}

/** An advocate's running threshold counts; zero for one nobody clicked or shared for yet. */
export interface ThresholdCounts {
  clicks: number;
  distinctClickers: number;
  shares: number;
}

/** Marks `mark` counted; true when it was new. The primary key lets one of two concurrent inserts of it win. */
async function markNew(db: Kysely<Database>, advocate: CountedAdvocate, type: 3 | 4, mark: string): Promise<boolean> {
  const result = await insertMark(db, advocate.siteId, advocate.advocatePersonId, type, mark);
  return Number(result.numAffectedRows ?? 0) > 0;
}

const insertMark = preparedQuery((db, site_id: string, advocate_person_id: string, reward_action_type: 3 | 4, mark: string) =>
  db.insertInto('threshold_marks').values({ site_id, advocate_person_id, reward_action_type, mark }).onConflict((oc) => oc.doNothing()),
);

/** Adds to the advocate's counts in one statement, so concurrent writers each add theirs (PostgreSQL locks the row). */
async function addCounts(db: Kysely<Database>, advocate: CountedAdvocate, added: ThresholdCounts): Promise<void> {
  await upsertCounts(db, advocate.siteId, advocate.advocatePersonId, added.clicks, added.distinctClickers, added.shares);
}

const upsertCounts = preparedQuery((db, site_id: string, advocate_person_id: string, clicks: number, distinct_clickers: number, shares: number) =>
  db
    .insertInto('threshold_counts')
    .values({ site_id, advocate_person_id, clicks, distinct_clickers, shares })
    .onConflict((oc) =>
      oc.columns(['site_id', 'advocate_person_id']).doUpdateSet({
        clicks: sql`threshold_counts.clicks + excluded.clicks`,
        distinct_clickers: sql`threshold_counts.distinct_clickers + excluded.distinct_clickers`,
        shares: sql`threshold_counts.shares + excluded.shares`,
      }),
    ),
);

/** Counts a click of the advocate's links; run it in the transaction that inserts the claim. */
export async function countClick(db: Kysely<Database>, advocate: CountedAdvocate, clicker: Clicker): Promise<void> {
  const isNew = await markNew(db, advocate, 3, clickerMark(advocate.siteId, advocate.advocatePersonId, clicker));
  await addCounts(db, advocate, { clicks: 1, distinctClickers: isNew ? 1 : 0, shares: 0 });
}

/** Counts a share, each channel once a UTC day; run it in the transaction that inserts the share. */
export async function countShare(db: Kysely<Database>, advocate: CountedAdvocate, share: { channel: string; created_at: string }): Promise<void> {
  if (await markNew(db, advocate, 4, `${share.channel}:${share.created_at.slice(0, 10)}`)) {
    await addCounts(db, advocate, { clicks: 0, distinctClickers: 0, shares: 1 });
  }
}

/** The advocate's threshold counts: one row by its primary key. */
export async function thresholdCounts(db: Kysely<Database>, advocate: CountedAdvocate): Promise<ThresholdCounts> {
  const row = await db
    .selectFrom('threshold_counts')
    .select(['clicks', 'distinct_clickers', 'shares'])
    .where('site_id', '=', advocate.siteId)
    .where('advocate_person_id', '=', advocate.advocatePersonId)
    .executeTakeFirst();
  return { clicks: Number(row?.clicks ?? 0), distinctClickers: Number(row?.distinct_clickers ?? 0), shares: Number(row?.shares ?? 0) };
}

/** How many of these networks (the advocate's own) are among the advocate's counted clickers. */
export async function countedNetworks(db: Kysely<Database>, advocate: CountedAdvocate, networks: readonly string[]): Promise<number> {
  if (networks.length === 0) return 0;
  const row = await db
    .selectFrom('threshold_marks')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('site_id', '=', advocate.siteId)
    .where('advocate_person_id', '=', advocate.advocatePersonId)
    .where('reward_action_type', '=', 3)
    .where('mark', 'in', networks.map((network) => networkMark(advocate.siteId, advocate.advocatePersonId, network)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
