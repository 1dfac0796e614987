import { readEnvironment } from '../config/environment';
import { ConfigError, loadSiteConfig, type LoadedConfig } from '../config/load-site-config';
import { configuredSites } from '../config/site-directory';
import { Refusal } from '../domain/refusal';
import type { Kysely } from 'kysely';
import { DEFAULT_DATABASE_URL, openStore } from '../store/database';
import type { Database } from '../store/tables';
import { migrateToLatest, SchemaTooNewError } from '../store/migrate';
import { BackupError } from '../store/sqlite-backup';
import { storeOpenError, StoreOpenError } from '../store/store-open-error';
import { BACKUP_HELP, runBackupCommand } from './backup-command';
import { CHECK_CONFIG_HELP, runCheckConfigCommand } from './check-config-command';
import { FRAUD_HELP, fraudWantsHelp, runFraudCommand } from './fraud-command';
import { runUsersCommand, UsageError, usersHelp } from './users-command';

/**
 * The collector's command line: `npm run vouch -- <command>`. Commands use the store and
 * configuration the collector uses (DATABASE_URL, or the same default SQLite file; VOUCH_CONFIG).
 * Errors are one line on stderr and a non-zero exit: 64 for a mistyped command, 78 for a
 * configuration the collector would refuse too, 69 for a store that cannot be opened, 1 for a
 * refusal (an address that has a user already, a backup file that exists...).
 */

const HELP = `Usage: npm run vouch -- <command>

Commands:
  users          manage who signs in to the merchant console (add, link, list, remove)
  backup FILE    copy the running SQLite store to FILE (a consistent copy; PostgreSQL: pg_dump)
  check-config   check a site configuration file and the environment without starting
  fraud replay   replay candidate fraud rules on a site's stored referrals (changes nothing)

It uses the collector's store and configuration: DATABASE_URL, VOUCH_CONFIG, PUBLIC_URL.
Run "npm run vouch -- <command> --help" for more.`;

export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 64;
export const EXIT_UNAVAILABLE = 69;
export const EXIT_CONFIG = 78;

/** Where a command reads its environment and writes its lines. */
export interface VouchIo {
  env: NodeJS.ProcessEnv;
  /** A line of the command's answer (stdout). */
  out: (line: string) => void;
  /** A line saying why the command failed (stderr). */
  err: (line: string) => void;
  /** Rewrites one status line while long work runs; only given on a terminal. */
  progress?: (text: string) => void;
}

const HELP_FLAGS = ['--help', '-h', 'help'];

/** Runs one command line (the arguments after `vouch`) and answers its exit code; never throws. */
export async function runVouch(args: string[], io: VouchIo): Promise<number> {
  try {
    await dispatch(args, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`vouch: ${error.message} (see npm run vouch -- ${error.command ? `${error.command} ` : ''}--help)`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError || error instanceof SchemaTooNewError) {
      io.err(`vouch: ${error.message}`);
      return EXIT_CONFIG;
    }
    if (error instanceof StoreOpenError) {
      io.err(`vouch: ${error.message}`);
      return EXIT_UNAVAILABLE;
    }
    if (error instanceof Refusal || error instanceof BackupError) {
      io.err(`vouch: ${error.message}`);
      return EXIT_REFUSED;
    }
    io.err(`vouch: ${(error as Error).message.split('\n')[0]}`);
    return EXIT_REFUSED;
  }
}

async function dispatch(args: string[], io: VouchIo): Promise<void> {
  const [command, ...rest] = args;
  if (command === undefined || HELP_FLAGS.includes(command)) {
    io.out(HELP);
    return;
  }
  const wantsHelp = rest.some((arg) => HELP_FLAGS.includes(arg));
  if (command === 'backup') {
    if (wantsHelp) return io.out(BACKUP_HELP);
    return runBackupCommand(rest, io);
  }
  if (command === 'check-config') {
    if (wantsHelp) return io.out(CHECK_CONFIG_HELP);
    return runCheckConfigCommand(rest, io);
  }
  if (command === 'fraud') {
    // Help needs no store.
    if (fraudWantsHelp(rest)) return io.out(FRAUD_HELP);
    return withStore(io, (db, config) => runFraudCommand(rest, { db, sites: configuredSites(config), out: io.out, progress: io.progress, now: new Date() }));
  }
  if (command !== 'users') throw new UsageError(`unknown command "${command}"`, '');
  const help = usersHelp(rest);
  if (help) {
    // Help needs no store.
    io.out(help);
    return;
  }
  return withStore(io, (db, config, env) => {
    const publicUrl = (env.PUBLIC_URL ?? config.file.public_url ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    return runUsersCommand(rest, { db, siteSlugs: config.file.sites.map((site) => site.site_slug), publicUrl, out: io.out });
  });
}

/** Runs a command on the collector's configuration and its store (migrated, as the collector would), closing the store after. */
async function withStore(io: VouchIo, command: (db: Kysely<Database>, config: LoadedConfig, env: ReturnType<typeof readEnvironment>) => Promise<void>): Promise<void> {
  const env = readEnvironment(io.env);
  const config = loadSiteConfig({ path: env.VOUCH_CONFIG, dataDir: 'data', env: io.env, demoShopUrl: env.DEMO_SHOP_URL ?? 'http://localhost:3001' });
  const store = openStore(env.DATABASE_URL ?? DEFAULT_DATABASE_URL, { poolSize: 1 });
  try {
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      throw storeOpenError(error, store.kind, store.location) ?? error;
    }
    await command(store.db, config, env);
  } finally {
    await store.close();
  }
}
