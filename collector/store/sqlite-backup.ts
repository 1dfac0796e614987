import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

/** How far a backup has come, for a progress line. */
export interface BackupProgress {
  copiedPages: number;
  totalPages: number;
}

export interface BackupResult {
  pages: number;
  bytes: number;
}

export interface BackupOptions {
  /** Called after each step while pages remain. */
  onProgress?: (progress: BackupProgress) => void;
  /** Pages copied per step while no write got in between (a progress line moves; the writer is never held up long). */
  pagesPerStep?: number;
}

const DEFAULT_PAGES_PER_STEP = 4096;
/** "Everything that is left, in this one step". */
const ALL_PAGES = 0x7fffffff;

/** The backup cannot be made; its message says why in one line. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/**
 * Copies a SQLite store that a collector may be writing to, with SQLite's online backup: the
 * copy is the store as it was at one moment (every commit before it, none after), never a
 * half-written page, and the collector keeps serving while it runs (WAL: the reader blocks no
 * writer). A write by another connection between two steps makes SQLite start over; when that
 * happens the rest is copied in one step, so a busy store cannot keep the backup from ending.
 * The copy is written beside the target, checked (PRAGMA quick_check), switched to a rollback
 * journal so it is one self-contained file, and only then renamed to the target.
 */
export async function backupSqliteFile(source: string, target: string, options: BackupOptions = {}): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupError(`there is no SQLite store at ${source}: check DATABASE_URL`);
  if (existsSync(target)) throw new BackupError(`${target} exists already: name a new file (a backup never overwrites one)`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(source, { fileMustExist: true });
    database.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new BackupError(`cannot open the SQLite store ${source}: ${(error as Error).message}`);
  }
  try {
    const pagesPerStep = options.pagesPerStep ?? DEFAULT_PAGES_PER_STEP;
    let lastRemaining = Number.POSITIVE_INFINITY;
    let startedOver = false;
    await database
      .backup(partial, {
        progress: ({ totalPages, remainingPages }) => {
          if (remainingPages >= lastRemaining) startedOver = true;
          lastRemaining = remainingPages;
          options.onProgress?.({ copiedPages: totalPages - remainingPages, totalPages });
          return startedOver ? ALL_PAGES : pagesPerStep;
        },
      })
      .catch((error: Error) => {
        throw new BackupError(`cannot write the backup ${partial}: ${error.message.replace(/^Cannot save backup because /, '')}`);
      });
  } finally {
    database.close();
  }
  const copy = new BetterSqlite3(partial, { fileMustExist: true });
  let pages: number;
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy failed its check (${String(check)}); the store itself may need PRAGMA integrity_check`);
    copy.pragma('journal_mode = DELETE');
    pages = copy.pragma('page_count', { simple: true }) as number;
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, target);
  return { pages, bytes: statSync(target).size };
}
