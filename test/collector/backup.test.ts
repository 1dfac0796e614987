import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVouch, type VouchIo } from '../../collector/cli/run-vouch';
import { openStore } from '../../collector/store/database';
import { migrateToLatest } from '../../collector/store/migrate';
import { backupSqliteFile } from '../../collector/store/sqlite-backup';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { testStoreKind } from '../support/test-store';

const CLI = join(import.meta.dirname, '../../collector/cli/vouch.ts');
const TSX = import.meta.resolve('tsx');

/** The command line run in this process, its lines kept. */
async function vouch(args: string[], env: NodeJS.ProcessEnv, progress?: (text: string) => void) {
  const out: string[] = [];
  const err: string[] = [];
  const io: VouchIo = { env, out: (line) => out.push(line), err: (line) => err.push(line), progress };
  const code = await runVouch(args, io);
  return { code, out, err };
}

/**
 * Purchases posted one after another by `workers` loops until stopped; each order number is
 * kept with the moment its 2xx answer arrived, so a test can tell which writes were
 * acknowledged before a backup began.
 */
function writeContinuously(collector: TestCollector, workers: number) {
  const acknowledged: { order: string; at: number }[] = [];
  const failures: string[] = [];
  let running = true;
  let next = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const order = `B-${next++}`;
      const answer = await collector.post('/api/v2/origins', purchase(collector, { email: `buyer${order}@example.com`, order_number: order, subtotal: 12.5 }));
      if (answer.status >= 200 && answer.status < 300) acknowledged.push({ order, at: performance.now() });
      else failures.push(`${order}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  });
  return {
    acknowledged,
    failures,
    /** Resolves once `count` writes have been acknowledged. */
    async until(count: number) {
      while (acknowledged.length < count) await new Promise((resolve) => setImmediate(resolve));
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** The order numbers of the purchases in a store file, opened the way the collector opens it after a restore. */
async function ordersIn(file: string): Promise<Set<string>> {
  const store = openStore(`file:${file}`);
  try {
    await migrateToLatest(store.db);
    const rows = await store.db.selectFrom('origins').select('order_number').where('type', '=', 'Purchase').execute();
    return new Set(rows.map((row) => row.order_number!));
  } finally {
    await store.close();
  }
}

describe.runIf(testStoreKind() === 'sqlite')('npm run vouch -- backup FILE (SQLite)', () => {
  let collector: TestCollector;
  let dir: string;
  beforeEach(async () => {
    collector = await startCollector();
    dir = mkdtempSync(join(tmpdir(), 'vouch-backup-'));
  });
  afterEach(async () => {
    await collector.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the store while purchases keep coming: a restore holds every purchase acknowledged before the backup began', async () => {
    const load = writeContinuously(collector, 6);
    await load.until(150);
    const backupStarted = performance.now();
    const target = join(dir, 'vouch-backup.sqlite');
    const answer = await vouch(['backup', target], { DATABASE_URL: collector.databaseUrl });
    // Writes go on after the backup too: it must not have held the collector up.
    const countAtBackupEnd = load.acknowledged.length;
    await load.until(countAtBackupEnd + 30);
    await load.stop();

    expect(answer.err).toEqual([]);
    expect(answer.code).toBe(0);
    expect(answer.out).toEqual([expect.stringMatching(/^Backed up \S+vouch\.sqlite to \S+vouch-backup\.sqlite: \d+(\.\d)? [KM]B \(\d+ pages\) in \d+\.\d s, checked\.$/)]);
    expect(load.failures).toEqual([]);
    // One self-contained file: no -wal or -shm beside it, no partial file left.
    expect(readdirSync(dir)).toEqual(['vouch-backup.sqlite']);

    // Restore: the file put where DATABASE_URL points, opened and migrated as the collector does at start.
    const restored = join(dir, 'restored.sqlite');
    copyFileSync(target, restored);
    const orders = await ordersIn(restored);
    const acknowledgedBefore = load.acknowledged.filter((write) => write.at < backupStarted).map((write) => write.order);
    expect(acknowledgedBefore.length).toBeGreaterThanOrEqual(150);
    expect(acknowledgedBefore.filter((order) => !orders.has(order))).toEqual([]);
    // A copy of one moment: later purchases are not in it, and nothing is in it that was never acknowledged.
    const everAcknowledged = new Set(load.acknowledged.map((write) => write.order));
    expect([...orders].filter((order) => !everAcknowledged.has(order))).toEqual([]);
    expect(orders.size).toBeLessThan(everAcknowledged.size);
  });

  it('finishes under writes between every step (SQLite starts a backup over when another connection writes)', async () => {
    const load = writeContinuously(collector, 4);
    await load.until(100);
    const backupStarted = performance.now();
    const source = collector.databaseUrl.replace(/^file:/, '');
    const target = join(dir, 'stepwise.sqlite');
    const seen: { copiedPages: number; totalPages: number }[] = [];
    // One page per step: purchases commit between steps while the load runs, and so that SQLite
    // surely starts over, another connection writes right after the first page is copied.
    const writer = new BetterSqlite3(source);
    writer.pragma('busy_timeout = 5000');
    const result = await backupSqliteFile(source, target, {
      pagesPerStep: 1,
      onProgress: (progress) => {
        seen.push(progress);
        if (seen.length === 2) writer.prepare('insert into rate_limit_windows (bucket, key, window_start_minute, hits) values (?, ?, ?, ?)').run('backup-test', '192.0.2.1', 1, 1);
      },
    });
    writer.close();
    await load.stop();

    expect(result.pages).toBeGreaterThan(10);
    // A write got in between two steps and SQLite started over (a step left no fewer pages to copy than the one before): the copy still ended.
    const remaining = seen.map((step) => step.totalPages - step.copiedPages);
    expect(remaining.some((left, index) => index > 0 && left >= remaining[index - 1]!)).toBe(true);
    const orders = await ordersIn(target);
    expect(load.acknowledged.filter((write) => write.at < backupStarted).filter((write) => !orders.has(write.order))).toEqual([]);
  });

  it('shows progress on a terminal only, refuses an existing FILE and a missing store in one line each', async () => {
    const target = join(dir, 'copy.sqlite');
    const lines: string[] = [];
    const first = await vouch(['backup', target], { DATABASE_URL: collector.databaseUrl }, (text) => lines.push(text));
    expect(first.code).toBe(0);
    expect(lines.at(-1)).toMatch(/^copying \S+vouch\.sqlite: \d+% \(\d+ of \d+ pages\)$/);

    const again = await vouch(['backup', target], { DATABASE_URL: collector.databaseUrl });
    expect(again).toEqual({ code: 1, out: [], err: [`vouch: ${target} exists already: name a new file (a backup never overwrites one)`] });

    const missing = join(dir, 'nothing-here.sqlite');
    const none = await vouch(['backup', join(dir, 'other.sqlite')], { DATABASE_URL: `file:${missing}` });
    expect(none).toEqual({ code: 1, out: [], err: [`vouch: there is no SQLite store at ${missing}: check DATABASE_URL`] });
    // Asking about a store that is not there must not make one.
    expect(existsSync(missing)).toBe(false);

    const noFile = await vouch(['backup'], { DATABASE_URL: collector.databaseUrl });
    expect(noFile).toEqual({ code: 64, out: [], err: ['vouch: backup needs the FILE to write the copy to (see npm run vouch -- backup --help)'] });
    const help = await vouch(['backup', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.out[0]).toMatch(/^Usage: npm run vouch -- backup FILE\n/);
  });

  it('runs as its own process, as npm run vouch does, and the copy opens with SQLite alone', async () => {
    const target = join(dir, 'from-process.sqlite');
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', TSX, CLI, 'backup', target], { cwd: dir, env: { ...process.env, DATABASE_URL: collector.databaseUrl } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Backed up .* checked\.\n$/);
    const copy = new BetterSqlite3(target, { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.prepare('select count(*) as n from vouch_migration').get()).toEqual({ n: expect.any(Number) });
    } finally {
      copy.close();
    }
  });
});

describe.runIf(testStoreKind() === 'postgres')('npm run vouch -- backup FILE (PostgreSQL)', () => {
  it('points to pg_dump in one line', async () => {
    const answer = await vouch(['backup', join(tmpdir(), 'never-written.sqlite')], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(answer).toEqual({
      code: 1,
      out: [],
      err: ['vouch: DATABASE_URL is a PostgreSQL database: back it up with pg_dump (see the README, "Backups"); this command copies a SQLite store'],
    });
  });
});
