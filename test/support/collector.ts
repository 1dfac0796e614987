import type { Clock } from '../../collector/clock';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpServerLimits } from '../../collector/config/http-server-limits';
import type { PublicRateLimits } from '../../collector/http/rate-limiter';
import { silentLogger, type Logger } from '../../collector/logger';
import type { OutboxOptions } from '../../collector/outbox/delivery-worker';
import type { AutoApprovalOptions } from '../../collector/scheduler/auto-approval';
import type { EventRetentionOptions } from '../../collector/scheduler/event-retention';
import { startCollector as start, type CollectorOptions, type RunningCollector } from '../../collector/start-collector';
import { createTestStore, type TestStore } from './test-store';

export interface TestCollectorOptions {
  /** Where claims send friends; must be on allowedHosts. */
  destinationUrl?: string;
  allowedHosts?: string[];
  showClaimPage?: boolean;
  /** Extra keys merged into the test site's configuration. */
  site?: Record<string, unknown>;
  /** More sites besides the test site. */
  extraSites?: Record<string, unknown>[];
  /** Restart on the store of an earlier test collector (its data folder and database). */
  reuse?: Pick<TestCollector, 'dataDir' | 'databaseUrl'>;
  /** Limits for calls without the secret key (the collector's defaults unless given). */
  publicRateLimits?: Partial<PublicRateLimits> | false;
  /** Believe X-Forwarded-For, as behind a reverse proxy. */
  trustProxy?: boolean;
  /** The secret key (to keep it across a restart); fresh by default. */
  apiKey?: string;
  /** Web hook delivery timing (poll interval, first retry, lease...); tests shorten them. */
  outbox?: OutboxOptions;
  /** The auto-approval scheduler's round interval. */
  autoApproval?: AutoApprovalOptions;
  /** The flagged referrals' deadline scheduler (round interval, batch size). */
  flaggedResolution?: CollectorOptions['flaggedResolution'];
  /** The event log's retention (days, sweep interval, batch size, clock). */
  eventRetention?: EventRetentionOptions;
  /** The sites' personal data retention sweep (interval, batch size). */
  personalDataRetention?: CollectorOptions['personalDataRetention'];
  /** The job that writes reward notices (interval, batch size). */
  emailNotices?: CollectorOptions['emailNotices'];
  /** HTTP timeouts and the connection cap (tests shorten them). */
  http?: Partial<HttpServerLimits>;
  /** Where the collector logs (nowhere unless given). */
  logger?: Logger;
  /** The collector's clock (the system clock unless given; see manual-clock.ts). */
  clock?: Clock;
  /** The console's session lifetimes and clock. */
  console?: CollectorOptions['console'];
  /** The console owner made at start (VOUCH_ADMIN_EMAIL, VOUCH_ADMIN_PASSWORD). */
  admin?: CollectorOptions['admin'];
  /** How browsers reach the collector (PUBLIC_URL); http://localhost:PORT by default. */
  publicUrl?: string;
  /** Environment variables the configuration names (connector secrets…), besides the process's own. */
  env?: Record<string, string>;
  /** The bearer token of GET /metrics (METRICS_TOKEN); no /metrics unless given. */
  metricsToken?: string;
  /** Names the instance in outbox leases and its LISTEN connection (INSTANCE_ID). */
  instanceId?: string;
}

export interface TestCollector {
  url: string;
  siteSlug: string;
  apiKey: string;
  dataDir: string;
  databaseUrl: string;
  running: RunningCollector;
  /** Stops the collector (the data stays until cleanup). */
  stop(): Promise<void>;
  /** Stops it and deletes its data folder. */
  cleanup(): Promise<void>;
  /** POSTs JSON and returns status, headers and parsed body. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  get(path: string, headers?: Record<string, string>): Promise<JsonResponse>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  delete(path: string, headers?: Record<string, string>): Promise<JsonResponse>;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * Starts the real collector in this process on an ephemeral port, with a real SQLite file in
 * a temporary folder and a test site ("test-shop") whose secret key is made fresh.
 */
export async function startCollector(options: TestCollectorOptions = {}): Promise<TestCollector> {
  const dataDir = options.reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'vouch-test-'));
  const store: TestStore | undefined = options.reuse ? undefined : await createTestStore(dataDir);
  const databaseUrl = options.reuse?.databaseUrl ?? store!.databaseUrl;
  const apiKey = options.apiKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const siteSlug = 'test-shop';
  const running = await start({
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    logger: options.logger ?? silentLogger,
    clock: options.clock,
    publicRateLimits: options.publicRateLimits,
    trustProxy: options.trustProxy,
    outbox: options.outbox,
    autoApproval: options.autoApproval,
    flaggedResolution: options.flaggedResolution,
    eventRetention: options.eventRetention,
    personalDataRetention: options.personalDataRetention,
    emailNotices: options.emailNotices,
    http: options.http,
    console: options.console,
    admin: options.admin,
    publicUrl: options.publicUrl,
    env: options.env ? { ...process.env, ...options.env } : undefined,
    metricsToken: options.metricsToken,
    instanceId: options.instanceId,
    config: {
      sites: [
        {
          site_slug: siteSlug,
          name: 'Test Shop',
          api_key: apiKey,
          allowed_hosts: options.allowedHosts ?? ['shop.example', '*.shop.example', '127.0.0.1', 'localhost'],
          destination_url: options.destinationUrl ?? 'https://shop.example/welcome',
          show_claim_page: options.showClaimPage ?? false,
          ...options.site,
        },
        ...(options.extraSites ?? []),
      ],
    },
  });
  const call = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (an HTML page): keep the text.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.close();
  };
  return {
    url: running.url,
    siteSlug,
    apiKey,
    dataDir,
    databaseUrl,
    running,
    stop,
    cleanup: async () => {
      await stop();
      if (!options.reuse) {
        await store?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    post: (path, body, headers) => call('POST', path, body, headers),
    get: (path, headers) => call('GET', path, undefined, headers),
    put: (path, body, headers) => call('PUT', path, body, headers),
    delete: (path, headers) => call('DELETE', path, undefined, headers),
  };
}

/** A Purchase body for the test site, signed with its key. */
export function purchase(collector: Pick<TestCollector, 'siteSlug' | 'apiKey'>, data: Record<string, unknown>) {
  return { api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Purchase', data };
}
