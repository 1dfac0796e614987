import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from '../collector/logger';
import { startCollector, type RunningCollector } from '../collector/start-collector';
import { DEMO_CONSUMER_KEY, demoApiKey, demoConsumerSecret, demoWebhookSecret } from './demo-secrets';
import { MailSink } from './mail-sink';
import { createShopApp } from './shop-app';

export interface DemoOptions {
  collectorPort: number;
  shopPort: number;
  smtpPort: number;
  dataDir: string;
  databaseUrl?: string;
  logger: Logger;
  /** Hostname browsers use for both servers (they must differ by origin: the ports do that). */
  hostname?: string;
  /** The console owner (VOUCH_ADMIN_EMAIL, VOUCH_ADMIN_PASSWORD); the demo's own owner unless given. */
  admin?: { email: string; password: string };
  /**
   * The URLs browsers use when a reverse proxy serves the shop and the collector, e.g. both on
   * one origin (the shop at https://shop.example/, the collector at https://shop.example/refer);
   * the collector then believes the proxy's X-Forwarded-For. Each server's own port unless given.
   */
  behindProxy?: { shopUrl: string; collectorUrl: string };
}

/**
 * The demo's console owner when VOUCH_ADMIN_EMAIL/VOUCH_ADMIN_PASSWORD are not set. A fixed,
 * printed password is fine for a demo on localhost only: a real collector takes its owner from
 * the environment (or the `vouch users` command) and has no default.
 */
export const DEMO_ADMIN = { email: 'owner@fernandfield.example', password: 'fern-and-field-demo' } as const;

export interface RunningDemo {
  collectorUrl: string;
  /** The merchant console, and who may sign in to it. */
  consoleUrl: string;
  admin: { email: string; password: string };
  shopUrl: string;
  /** Where the shop's server itself listens (the shopUrl unless behind a proxy). */
  shopServerUrl: string;
  smtpPort: number;
  collector: RunningCollector;
  close(): Promise<void>;
}

const FRIEND_DISCOUNT = 10;

/**
 * Starts everything QA needs: the mail sink, the collector with the demo site, and the demo
 * shop on its own origin (so the widget runs cross-origin exactly as on a real shop).
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const host = options.hostname ?? 'localhost';
  const mailSink = new MailSink();
  const smtpPort = await mailSink.listen(options.smtpPort);
  // The shop listens first so its port is known for the site's destination and web hook URLs.
  let shopHandler: ((request: Request) => Response | Promise<Response>) | undefined;
  const shopServer = await listen((request) => (shopHandler ? shopHandler(request) : new Response('starting', { status: 503 })), options.shopPort);
  const shopServerUrl = `http://${host}:${(shopServer.address() as AddressInfo).port}`;
  const shopUrl = options.behindProxy?.shopUrl ?? shopServerUrl;

  const apiKey = demoApiKey(options.dataDir);
  const webhookSecret = demoWebhookSecret(options.dataDir);
  const admin = options.admin ?? DEMO_ADMIN;
  const collector = await startCollector({
    admin,
    databaseUrl: options.databaseUrl ?? `file:${options.dataDir}/vouch.sqlite`,
    port: options.collectorPort,
    host: '127.0.0.1',
    publicHostname: host,
    publicUrl: options.behindProxy?.collectorUrl,
    trustProxy: options.behindProxy !== undefined,
    logger: options.logger,
    config: demoSiteConfig({ apiKey, webhookSecret, shopUrl, shopServerUrl, smtpPort, consumerSecret: demoConsumerSecret(options.dataDir) }),
  });
  const collectorUrl = collector.services.publicUrl;
  const consoleUrl = `${collectorUrl}/console`;

  const { app } = createShopApp({
    siteSlug: 'demo-shop',
    shopUrl,
    collectorPublicUrl: collectorUrl,
    // The shop's server talks to the collector directly, as a merchant's server on the same host would.
    collectorServerUrl: collector.url,
    webhookSecrets: [webhookSecret],
    friendDiscount: FRIEND_DISCOUNT,
    mailSink,
    apiKey,
    // The demo's own password may be shown on its merchant corner; one set in the environment is never shown.
    console: { url: consoleUrl, email: admin.email, password: options.admin ? null : admin.password },
  });
  shopHandler = app.fetch;

  return {
    collectorUrl,
    consoleUrl,
    admin,
    shopUrl,
    shopServerUrl,
    smtpPort,
    collector,
    close: async () => {
      await new Promise<void>((resolve) => {
        shopServer.close(() => resolve());
        if ('closeAllConnections' in shopServer) shopServer.closeAllConnections();
      });
      await collector.close();
      await mailSink.close();
    },
  };
}

/** The demo site, as a merchant would write it in their configuration file. */
function demoSiteConfig(options: { apiKey: string; webhookSecret: string; shopUrl: string; shopServerUrl: string; smtpPort: number; consumerSecret: string }) {
  const shop = new URL(options.shopUrl);
  return {
    sites: [
      {
        site_slug: 'demo-shop',
        name: 'Fern & Field',
        api_key: options.apiKey,
        consumer_key: DEMO_CONSUMER_KEY,
        consumer_secret: options.consumerSecret,
        allowed_hosts: [shop.host],
        destination_url: `${options.shopUrl}/welcome?vouch_uuid={{visitor_uuid}}&coupon={{coupon_code}}`,
        show_claim_page: true,
        // The shop's own green (demo/pages/layout.ts), on the claim page and in the invite email.
        brand: { colour: '#166534' },
        advocate_reward: { amount: 10, incentive: 'rebate', incentive_description: '$10 back' },
        friend_reward: { amount: FRIEND_DISCOUNT, incentive: 'discount_coupon', incentive_description: '$10 off your first order' },
        // Server to server: straight to the shop's own port, never through a browser-facing proxy.
        webhook_url: `${options.shopServerUrl}/webhooks/vouch`,
        webhook_secret: options.webhookSecret,
        webhook_format: 'json',
        allow_private_webhook_hosts: true,
        approval: { mode: 'manual' },
        smtp_url: `smtp://127.0.0.1:${options.smtpPort}`,
        mail_from: 'Fern & Field <hello@fernandfield.example>',
      },
    ],
  };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(server));
    server.once('error', reject);
  });
}
