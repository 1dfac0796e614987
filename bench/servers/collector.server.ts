// The real collector on a given SQLite file, as `npm run collector` would run it, for the bench runner.
import { silentLogger } from '../../collector/logger';
import { startCollector } from '../../collector/start-collector';
import { announce } from '../support/announce';
import { BENCH_SITE } from '../support/bench-site';

const [databaseFile] = process.argv.slice(2);
if (!databaseFile) throw new Error('usage: collector.server.ts DATABASE_FILE');

const collector = await startCollector({
  databaseUrl: `file:${databaseFile}`,
  port: 0,
  host: '127.0.0.1',
  logger: silentLogger,
  config: { sites: [BENCH_SITE] },
  // All load comes from one address (127.0.0.1), far past the per-IP limit: the limiter still
  // counts every call, as in production, but never refuses one.
  publicRateLimits: { perIpPerMinute: Number.MAX_SAFE_INTEGER },
});
announce(collector.url, () => collector.close());
