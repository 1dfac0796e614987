import { createLogger } from '../collector/logger';
import { DEMO_ADMIN, startDemo } from './start-demo';

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

// The console owner: VOUCH_ADMIN_EMAIL and VOUCH_ADMIN_PASSWORD when set, as for any collector; else the demo's.
const adminEmail = process.env.VOUCH_ADMIN_EMAIL;
const adminPassword = process.env.VOUCH_ADMIN_PASSWORD;
if (!adminEmail !== !adminPassword) {
  logger.error('VOUCH_ADMIN_EMAIL and VOUCH_ADMIN_PASSWORD go together: set both or neither');
  process.exit(78);
}

const demo = await startDemo({
  admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
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
  Merchant console ${demo.consoleUrl}/   review referrals: approve / void / unblock
                   sign in as ${demo.admin.email}, password ${adminPassword ? 'as set in VOUCH_ADMIN_PASSWORD' : DEMO_ADMIN.password}
  Merchant corner  ${demo.shopUrl}/merchant    the shop's web hook receiver, and a link to the console
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
