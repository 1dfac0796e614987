import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL } from '../store/database';
import { backupSqliteFile, BackupError } from '../store/sqlite-backup';
import { UsageError } from './users-command';

export const BACKUP_HELP = `Usage: npm run vouch -- backup FILE

Copies the SQLite store (DATABASE_URL, default file:data/vouch.sqlite) to FILE while the
collector keeps running: SQLite's online backup, the store as it was at one moment, checked
before it is named FILE. FILE must not exist yet. Restore by stopping the collector and putting
the file where DATABASE_URL points.

For PostgreSQL use pg_dump (see the README's "Backups").`;

/** What the backup command needs from its caller. */
export interface BackupContext {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  /** Rewrites one status line (a terminal only); absent: no progress is shown. */
  progress?: (text: string) => void;
}

/** Runs `backup FILE` (the arguments after "backup"). */
export async function runBackupCommand(args: string[], context: BackupContext): Promise<void> {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('. ')[0]!.replace(/^Unknown option/, 'unknown option'), 'backup');
  }
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('backup needs the FILE to write the copy to', 'backup');
  if (extra.length > 0) throw new UsageError(`backup takes one FILE, not also "${extra.join(' ')}"`, 'backup');
  const databaseUrl = context.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new BackupError('DATABASE_URL is a PostgreSQL database: back it up with pg_dump (see the README, "Backups"); this command copies a SQLite store');
  }
  const source = resolve(databaseUrl.replace(/^file:/, ''));
  const target = resolve(file);
  const started = Date.now();
  const result = await backupSqliteFile(source, target, {
    onProgress: context.progress && (({ copiedPages, totalPages }) => context.progress!(`copying ${source}: ${Math.floor((copiedPages / Math.max(totalPages, 1)) * 100)}% (${copiedPages} of ${totalPages} pages)`)),
  });
  context.out(`Backed up ${source} to ${target}: ${formatBytes(result.bytes)} (${result.pages} pages) in ${((Date.now() - started) / 1000).toFixed(1)} s, checked.`);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
