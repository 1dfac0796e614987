/**
 * The planner's statistics are refreshed while the collector runs: a store that started empty
 * (no statistics) has them for its tables once they have grown, without a restart.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../collector/logger';
import { startStoreStatistics } from '../../collector/scheduler/store-statistics';
import type { Store } from '../../collector/store/database';
import { openTestStore, testStoreKind } from '../support/test-store';

let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ store, close } = await openTestStore());
});
afterAll(async () => {
  await close();
});

// PostgreSQL's autovacuum keeps its own statistics: the job does nothing there.
describe.skipIf(testStoreKind() !== 'sqlite')('store statistics (SQLite)', () => {
  it('are taken for a table that grew since the start, on the next round', async () => {
    const marks = async () => (await sql<{ n: number }>`select count(*) as n from sqlite_stat1 where tbl = 'threshold_marks'`.execute(store.db)).rows[0]!.n;
    await store.optimize();
    expect(await marks()).toBe(0);
    const rows = Array.from({ length: 500 }, (_, index) => ({ site_id: 's', advocate_person_id: `p-${index % 7}`, reward_action_type: 3 as const, mark: `m-${index}` }));
    await store.db.insertInto('threshold_marks').values(rows).execute();
    const job = startStoreStatistics({ store, logger: silentLogger, intervalInMs: 5 });
    try {
      await expect.poll(marks, { timeout: 10_000 }).toBeGreaterThan(0);
    } finally {
      await job.stop();
    }
  });
});
