import { describe, expect } from 'vitest';
import { newId } from '../../collector/store/ids';
import { writeTransaction } from '../../collector/store/write-transaction';
import { freshCollectorTest } from '../support/collector-fixture';

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
