import { ConfigError } from './config/load-site-config';
import { createLogger } from './logger';
import { startCollector } from './start-collector';
import { SchemaTooNewError } from './store/migrate';

/**
 * The collector as merchants deploy it (`npm run collector`). Environment: PORT, HOST,
 * DATABASE_URL, VOUCH_CONFIG, PUBLIC_URL, TRUST_PROXY, DEMO_SHOP_URL.
 */
const logger = createLogger();
const env = process.env;

try {
  const collector = await startCollector({
    databaseUrl: env.DATABASE_URL,
    configPath: env.VOUCH_CONFIG,
    port: env.PORT ? Number(env.PORT) : 3000,
    host: env.HOST ?? '127.0.0.1',
    publicUrl: env.PUBLIC_URL,
    trustProxy: env.TRUST_PROXY === 'true',
    demoShopUrl: env.DEMO_SHOP_URL,
    logger,
  });
  const { services, config } = collector;
  logger.info(`Vouch collector listening on ${services.publicUrl}`, { store: services.store.kind, location: services.store.location });
  if (config.isDemo) {
    const site = services.sites.all()[0]!;
    logger.info(`No VOUCH_CONFIG given: running the demo site "${site.site_slug}" with api_key ${site.api_key}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing in-flight requests, then closing the store`);
    await collector.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof SchemaTooNewError) {
    logger.error(error.message);
    process.exit(78);
  }
  throw error;
}
