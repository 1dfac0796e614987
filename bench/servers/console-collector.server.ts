// The real collector on a given SQLite file with a console owner, for the console bench.
import { silentLogger } from '../../collector/logger';
import { startCollector } from '../../collector/start-collector';
import { announce } from '../support/announce';
import { BENCH_SITE } from '../support/bench-site';
import { BENCH_CONSOLE_OWNER } from '../support/bench-console-owner';

const [databaseFile] = process.argv.slice(2);
if (!databaseFile) throw new Error('usage: console-collector.server.ts DATABASE_FILE');

const collector = await startCollector({
  databaseUrl: `file:${databaseFile}`,
  port: 0,
  host: '127.0.0.1',
  logger: silentLogger,
  // Manual approval: the scheduler leaves the seeded queue as it is while the bench reads it.
  config: { sites: [{ ...BENCH_SITE, approval: { mode: 'manual' } }] },
  admin: BENCH_CONSOLE_OWNER,
});
announce(collector.url, () => collector.close());
