// The real collector on a given SQLite file, as `npm run collector` would run it, for the bench runner;
// an optional second argument, JSON, adds settings to the bench site (threshold_rewards, say).
import { silentLogger } from '../../collector/logger';
import { startCollector } from '../../collector/start-collector';
import { announce } from '../support/announce';
import { BENCH_SITE } from '../support/bench-site';

const [databaseFile, siteSettings] = process.argv.slice(2);
if (!databaseFile) throw new Error('usage: collector.server.ts DATABASE_FILE [SITE_SETTINGS_JSON]');

const collector = await startCollector({
  databaseUrl: `file:${databaseFile}`,
  port: 0,
  host: '127.0.0.1',
  logger: silentLogger,
  config: { sites: [{ ...BENCH_SITE, ...(siteSettings ? (JSON.parse(siteSettings) as object) : {}) }] },
  // All load comes from one address (127.0.0.1), far past the per-IP limit: the limiter still
  // counts every call, as in production, but never refuses one.
  publicRateLimits: { perIpPerMinute: Number.MAX_SAFE_INTEGER },
});
announce(collector.url, () => collector.close());
