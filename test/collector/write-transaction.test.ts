import { describe, expect } from 'vitest';
import { newId } from '../../collector/store/ids';
import { writeTransaction } from '../../collector/store/write-transaction';
import { freshCollectorTest } from '../support/collector-fixture';
import { testStoreKind } from '../support/test-store';

const it = freshCollectorTest();

const site = (id: string, slug: string) => ({ id, slug, created_at: new Date().toISOString() });

describe('write transactions arriving together (group commit on SQLite)', () => {
  it('commits every unit that succeeds and nothing of the one that fails, each answered on its own', async ({ collector }) => {
    const { db } = collector.running.services;
    const ids = Array.from({ length: 20 }, () => newId());
    const results = await Promise.allSettled(
      ids.map((id, index) =>
        writeTransaction(db, async (trx) => {
          await trx.insertInto('sites').values(site(id, `unit-${index}`)).execute();
          if (index === 7) throw new Error('unit 7 fails after writing');
          return index;
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(19);
    expect(results[7]).toMatchObject({ status: 'rejected', reason: new Error('unit 7 fails after writing') });
    const stored = await db.selectFrom('sites').select('slug').where('slug', 'like', 'unit-%').execute();
    expect(stored).toHaveLength(19);
    expect(stored.map((row) => row.slug)).not.toContain('unit-7');
  });

  it('keeps a unit that breaks a unique constraint from undoing the others', async ({ collector }) => {
    const { db } = collector.running.services;
    const results = await Promise.allSettled(
      ['dup', 'dup', 'solo'].map((slug) => writeTransaction(db, (trx) => trx.insertInto('sites').values(site(newId(), slug)).execute())),
    );
    // Which of the two 'dup' inserts wins is the store's choice (PostgreSQL runs them concurrently): exactly one does.
    expect(results.slice(0, 2).map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results[2]!.status).toBe('fulfilled');
    const stored = await db.selectFrom('sites').select('slug').where('slug', 'in', ['dup', 'solo']).execute();
    expect(stored.map((row) => row.slug).sort()).toEqual(['dup', 'solo']);
  });

  it('runs nested calls inside the caller’s transaction', async ({ collector }) => {
    const { db } = collector.running.services;
    await expect(
      writeTransaction(db, async (trx) => {
        await writeTransaction(trx, (inner) => inner.insertInto('sites').values(site(newId(), 'nested')).execute());
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await db.selectFrom('sites').select('slug').where('slug', '=', 'nested').execute()).toHaveLength(0);
  });
});

describe.skipIf(testStoreKind() !== 'postgres')('write transactions that deadlock (PostgreSQL only: SQLite has one writer)', () => {
  it('runs the loser of a deadlock again, so both writers succeed and each change is kept once', async ({ collector }) => {
    const { db } = collector.running.services;
    const [a, b] = [newId(), newId()];
    await db.insertInto('sites').values([site(a, 'lock-a'), site(b, 'lock-b')]).execute();
    // Each writer takes one row, waits until the other has taken its row, then asks for the
    // other's: a deadlock PostgreSQL breaks by rolling one of them back.
    let holding = 0;
    const bothHolding = async () => {
      holding++;
      while (holding < 2) await new Promise((resolve) => setImmediate(resolve));
    };
    let attempts = 0;
    const writer = (first: string, second: string, slug: string) =>
      writeTransaction(db, async (trx) => {
        attempts++;
        await trx.updateTable('sites').set({ slug: `${slug}-first` }).where('id', '=', first).execute();
        await bothHolding();
        await trx.updateTable('sites').set({ slug: `${slug}-second` }).where('id', '=', second).execute();
      });
    const results = await Promise.allSettled([writer(a, b, 'one'), writer(b, a, 'two')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    // Three runs in all: each writer once, and the deadlock's loser again.
    expect(attempts).toBe(3);
    const slugs = (await db.selectFrom('sites').select('slug').where('id', 'in', [a, b]).execute()).map((row) => row.slug).sort();
    // The writer run again went last: both rows hold its two writes, none of the rolled-back run.
    const last = slugs[0]!.split('-')[0];
    expect(slugs).toEqual([`${last}-first`, `${last}-second`]);
  });
});
