import { createLogger } from '../collector/logger';
import { startDemo } from './start-demo';

/**
 * `npm start`: the collector, the demo shop, and the demo's mail sink and web hook receiver,
 * on SQLite in data/. Ports: COLLECTOR_PORT (3000), DEMO_PORT (3001), SMTP_PORT (2525).
 */
const logger = createLogger();
const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    logger.error(`${name} must be a port number`);
    process.exit(78);
  }
  return value;
};

const demo = await startDemo({
  collectorPort: port('COLLECTOR_PORT', 3000),
  shopPort: port('DEMO_PORT', 3001),
  smtpPort: port('SMTP_PORT', 2525),
  dataDir: 'data',
  databaseUrl: process.env.DATABASE_URL,
  logger,
});

process.stdout.write(`
  Vouch is running.

  Demo shop        ${demo.shopUrl}/            ← open this and buy something
  Merchant corner  ${demo.shopUrl}/merchant    referrals (approve / void) and web hooks received
  Inbox            ${demo.shopUrl}/inbox       invites sent by email (local SMTP sink on port ${demo.smtpPort})
  Collector        ${demo.collectorUrl}/       API: ${demo.collectorUrl}/api/openapi.json
  Site             demo-shop, api_key in data/demo-site-api-key
  Reverb API v1    consumer key ck_demo_shop, secret in data/demo-consumer-secret

  Press Ctrl-C to stop.

`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    void demo.close().then(() => process.exit(0));
  });
}
