/**
 * Queries compiled once (store/prepared-query.ts) answer for the values of each call, inside and
 * outside transactions, on either store; a builder that would bake a value into the SQL is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../collector/store/database';
import { preparedQuery } from '../../collector/store/prepared-query';
import { writeTransaction } from '../../collector/store/write-transaction';
import { openTestStore } from '../support/test-store';

let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ store, close } = await openTestStore());
});
afterAll(async () => {
  await close();
});

const insertMark = preparedQuery((db, site_id: string, mark: string) =>
  db.insertInto('threshold_marks').values({ site_id, advocate_person_id: 'p-1', reward_action_type: 3, mark }).onConflict((oc) => oc.doNothing()),
);
const marksOf = preparedQuery((db, site_id: string) => db.selectFrom('threshold_marks').select('mark').where('site_id', '=', site_id).orderBy('mark'));

describe('prepared queries', () => {
  it('run with each call\'s values, in and out of transactions, and report affected rows', async () => {
    expect(Number((await insertMark(store.db, 'site-a', 'one')).numAffectedRows)).toBe(1);
    expect(Number((await insertMark(store.db, 'site-a', 'one')).numAffectedRows)).toBe(0);
    await writeTransaction(store.db, async (trx) => {
      await insertMark(trx, 'site-a', 'two');
      await insertMark(trx, 'site-b', 'three');
    });
    expect((await marksOf(store.db, 'site-a')).rows).toEqual([{ mark: 'one' }, { mark: 'two' }]);
    expect((await marksOf(store.db, 'site-b')).rows).toEqual([{ mark: 'three' }]);
    expect((await marksOf(store.db, 'site-c')).rows).toEqual([]);
  });

  it('refuses a builder that does not pass a parameter to kysely as one value', async () => {
    const shaped = preparedQuery((db, limit: number) => db.selectFrom('threshold_marks').select('mark').limit(limit > 5 ? 10 : 1));
    await expect(shaped(store.db, 3)).rejects.toThrow(/was not passed to kysely as one value/);
  });
});
