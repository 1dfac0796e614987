import type { Kysely } from 'kysely';

type Work<DB, T> = (trx: Kysely<DB>) => Promise<T>;

interface Pending<DB> {
  work: Work<DB, unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most units one shared commit takes; a bound on how long one unit can wait for the others. */
const MAX_UNITS_PER_COMMIT = 64;

/**
 * Group commit for SQLite. Every commit is an fsync (synchronous=FULL), and SQLite has one
 * writer, so under load the disk — not the CPU — sets the pace: about a thousand commits a
 * second here. Write transactions that arrive together are therefore run one after another
 * inside one transaction, each in a savepoint of its own, and committed with one fsync. Each
 * caller still hears back only after the commit that holds its writes (nothing is acknowledged
 * before it is on disk), and a unit that fails is rolled back to its savepoint alone.
 */
class GroupCommit<DB> {
  private readonly queue: Pending<DB>[] = [];
  private flushing = false;

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(work: Work<DB, T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as Work<DB, unknown>, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the requests already read from the sockets queue up before the first commit.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_UNITS_PER_COMMIT);
      await this.commitBatch(batch);
    }
    this.flushing = false;
  }

  private async commitBatch(batch: Pending<DB>[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      for (const unit of batch) unit.reject(error);
      return;
    }
    try {
      for (const [index, unit] of batch.entries()) {
        const name = `unit_${index}`;
        const point = await trx.savepoint(name).execute();
        try {
          const value = await unit.work(point as unknown as Kysely<DB>);
          await point.releaseSavepoint(name).execute();
          outcomes.push({ ok: true, value });
        } catch (error) {
          // Undo this unit only; if even that fails the transaction is gone and the batch with it.
          await point.rollbackToSavepoint(name).execute();
          await point.releaseSavepoint(name).execute();
          outcomes.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      await trx.rollback().execute().catch(() => {
        // Already rolled back by SQLite itself (e.g. disk full); every unit is told below.
      });
      for (const unit of batch) unit.reject(error);
      return;
    }
    batch.forEach((unit, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }
}

const groupCommits = new WeakMap<object, GroupCommit<any>>();

/** Makes write transactions on this database share commits (SQLite; see GroupCommit). */
export function enableGroupCommit<DB>(db: Kysely<DB>): void {
  groupCommits.set(db, new GroupCommit(db));
}

/**
 * Runs `work` in a write transaction: a group commit on SQLite, a plain transaction on
 * PostgreSQL (which has concurrent writers and its own group commit), or inline when `db` is
 * already a transaction.
 */
export function writeTransaction<DB, T>(db: Kysely<DB>, work: Work<DB, T>): Promise<T> {
  if (db.isTransaction) return work(db);
  const group = groupCommits.get(db);
  return group ? group.run(work) : runRetryingConflicts(db, work);
}

/** PostgreSQL's "deadlock detected" and "could not serialize access". */
const CONFLICT_CODES = new Set(['40P01', '40001']);
const MAX_CONFLICT_ATTEMPTS = 4;

/**
 * A PostgreSQL transaction that lost a deadlock (two writers taking the same rows — a running
 * total, a referral — in opposite orders) was rolled back whole by the server; nothing of it is
 * kept, so it is run again, a few times, after a short random pause, instead of answering 500.
 */
async function runRetryingConflicts<DB, T>(db: Kysely<DB>, work: Work<DB, T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= MAX_CONFLICT_ATTEMPTS || typeof code !== 'string' || !CONFLICT_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
