import { readEnvironment } from '../config/environment';
import { ConfigError, loadSiteConfig } from '../config/load-site-config';
import { Refusal } from '../domain/refusal';
import { DEFAULT_DATABASE_URL, openStore } from '../store/database';
import { migrateToLatest, SchemaTooNewError } from '../store/migrate';
import { runUsersCommand, UsageError, usersHelp } from './users-command';

/**
 * The collector's command line: `npm run vouch -- <command>`. It opens the store the collector
 * uses (DATABASE_URL, or the same default SQLite file) and brings its schema up to date first,
 * so it works before the collector ever started. Errors are one line on stderr and a non-zero
 * exit: 64 for a mistyped command, 78 for a configuration the collector would refuse too, 1 for
 * a refusal (an address that has a user already...).
 */

const HELP = `Usage: npm run vouch -- <command>

Commands:
  users    manage who signs in to the merchant console (add, link, list, remove)

It uses the collector's store and configuration: DATABASE_URL, VOUCH_CONFIG, PUBLIC_URL.
Run "npm run vouch -- <command> --help" for more.`;

const EXIT_REFUSED = 1;
const EXIT_USAGE = 64;
const EXIT_CONFIG = 78;

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return 0;
  }
  if (command !== 'users') throw new UsageError(`unknown command "${command}"`, '');
  const help = usersHelp(rest);
  if (help) {
    // Help needs no store.
    console.log(help);
    return 0;
  }
  const env = readEnvironment(process.env);
  const config = loadSiteConfig({ path: env.VOUCH_CONFIG, dataDir: 'data', env: process.env, demoShopUrl: env.DEMO_SHOP_URL ?? 'http://localhost:3001' });
  const publicUrl = (env.PUBLIC_URL ?? config.file.public_url ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const store = openStore(env.DATABASE_URL ?? DEFAULT_DATABASE_URL, { poolSize: 1 });
  try {
    await migrateToLatest(store.db);
    await runUsersCommand(rest, { db: store.db, siteSlugs: config.file.sites.map((site) => site.site_slug), publicUrl, out: (line) => console.log(line) });
    return 0;
  } finally {
    await store.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`vouch: ${error.message} (see npm run vouch -- ${error.command ? `${error.command} ` : ''}--help)`);
    process.exitCode = EXIT_USAGE;
  } else if (error instanceof Refusal) {
    console.error(`vouch: ${error.message}`);
    process.exitCode = EXIT_REFUSED;
  } else if (error instanceof ConfigError || error instanceof SchemaTooNewError) {
    console.error(`vouch: ${error.message}`);
    process.exitCode = EXIT_CONFIG;
  } else {
    console.error(`vouch: ${(error as Error).message}`);
    process.exitCode = EXIT_REFUSED;
  }
}
