import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { SiteDirectory } from '../config/site-directory';
import type { ConsoleSession, SessionLifetimes } from '../domain/console-sign-in';
import type { Logger } from '../logger';
import type { CollectorMetrics } from '../metrics/collector-metrics';
import type { PublicRateLimiter } from './rate-limiter';
import type { Store } from '../store/database';
import type { Database } from '../store/tables';

/** What every route can reach: the store, the sites, and how the collector is seen from outside. */
export interface Services {
  store: Store;
  db: Kysely<Database>;
  sites: SiteDirectory;
  /** Base URL links are made with, e.g. "https://refer.shop.example". */
  publicUrl: string;
  /** The origin of publicUrl: pages the collector serves itself may call its public API. */
  publicOrigin: string;
  /** The path of publicUrl ("/refer" when mounted under the shop's origin, "" at the root): links and cookie paths start with it. */
  publicPath: string;
  /** Take the client address from X-Forwarded-For (only behind a trusted reverse proxy). */
  trustProxy: boolean;
  /**
   * Limits for calls without the secret key; null turns them off (benchmarks). Counted in memory
   * on SQLite, in the database all instances share on PostgreSQL.
   */
  rateLimiter: PublicRateLimiter | null;
  /** This instance's metrics (GET /metrics, when METRICS_TOKEN is set). */
  metrics: CollectorMetrics;
  /** The bearer token GET /metrics requires; null: the route does not exist. */
  metricsToken: string | null;
  /** Folder of the built widget files. */
  widgetDir: string;
  /** Folder of the built merchant console (index.html and its assets). */
  consoleDir: string;
  logger: Logger;
  /** The time as this collector sees it (tests move it by hand). */
  clock: Clock;
  /** Tells this instance's outbox worker that new work was committed, so it need not wait for its next poll. */
  wakeOutbox: () => void;
  /** The merchant console's sessions: how long they last, and the clock they are measured with (tests set it). */
  console: { lifetimes: SessionLifetimes; now: () => Date };
}

/** Hono's environment for this app. */
export interface AppEnv {
  Variables: {
    services: Services;
    /** The console session of a /console/api call, once checked. */
    consoleSession?: ConsoleSession;
  };
}
