import { ConfigError } from './config/load-site-config';
import { readEnvironment } from './config/environment';
import { createLogger } from './logger';
import { ListenError, startCollector } from './start-collector';
import { SchemaTooNewError } from './store/migrate';
import { StoreOpenError } from './store/store-open-error';
import { WidgetNotBuiltError } from './config/widget-build';

/**
 * Exit code for a configuration the collector refuses, or a missing build (sysexits' EX_CONFIG):
 * starting again changes nothing until someone does, so a service manager should not retry.
 */
const EXIT_CONFIG = 78;
/**
 * Exit code for a port in use or a store that does not answer (sysexits' EX_UNAVAILABLE): these
 * may pass (the old process still stopping, the database still starting), so retrying is right.
 */
const EXIT_UNAVAILABLE = 69;

/**
 * The collector as merchants deploy it (`npm run collector`). Configuration comes from the
 * environment (see README, "Running the collector") and the site file named by VOUCH_CONFIG.
 */
const logger = createLogger();

try {
  const env = readEnvironment(process.env);
  if (process.env.RATE_LIMIT_PER_SITE_PER_MINUTE) {
    // A limit per site let a flood from many addresses lock out every visitor; it is gone.
    logger.warn('RATE_LIMIT_PER_SITE_PER_MINUTE is no longer read: public calls are limited per client address (RATE_LIMIT_PER_IP_PER_MINUTE)');
  }
  const collector = await startCollector({
    databaseUrl: env.DATABASE_URL,
    storeOptions: { poolSize: env.DATABASE_POOL_SIZE, statementTimeoutInMs: env.DATABASE_STATEMENT_TIMEOUT_MS },
    configPath: env.VOUCH_CONFIG,
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL,
    trustProxy: env.TRUST_PROXY === 'true',
    demoShopUrl: env.DEMO_SHOP_URL,
    shutdownTimeoutInMs: env.SHUTDOWN_TIMEOUT_MS,
    instanceId: env.INSTANCE_ID,
    autoApproval: { intervalInMs: env.AUTO_APPROVAL_INTERVAL_SECONDS * 1000 },
    eventRetention: { days: env.EVENT_RETENTION_DAYS },
    http: {
      headersTimeoutInMs: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutInMs: env.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutInMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.HTTP_MAX_CONNECTIONS,
    },
    outbox: { leaseInMs: env.OUTBOX_LEASE_SECONDS * 1000, pollIntervalInMs: env.OUTBOX_POLL_INTERVAL_MS },
    publicRateLimits:
      env.RATE_LIMIT_PER_IP_PER_MINUTE === 0
        ? false
        : { perIpPerMinute: env.RATE_LIMIT_PER_IP_PER_MINUTE, missesPerIpPerMinute: env.RATE_LIMIT_MISSES_PER_IP_PER_MINUTE },
    console: { lifetimes: { idleInMs: env.CONSOLE_SESSION_IDLE_HOURS * 3_600_000, absoluteInMs: env.CONSOLE_SESSION_MAX_DAYS * 86_400_000 } },
    metricsToken: env.METRICS_TOKEN,
    admin: env.VOUCH_ADMIN_EMAIL && env.VOUCH_ADMIN_PASSWORD ? { email: env.VOUCH_ADMIN_EMAIL, password: env.VOUCH_ADMIN_PASSWORD } : undefined,
    logger,
    requireWidget: true,
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
  // One line each, naming what to change; anything else is a bug and keeps its stack.
  if (error instanceof ConfigError || error instanceof SchemaTooNewError || error instanceof WidgetNotBuiltError) {
    logger.error(error.message);
    process.exit(EXIT_CONFIG);
  }
  if (error instanceof ListenError || error instanceof StoreOpenError) {
    logger.error(error.message);
    process.exit(EXIT_UNAVAILABLE);
  }
  throw error;
}
