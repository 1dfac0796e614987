import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { systemClock, type Clock } from './clock';
import { createApp } from './app';
import { ConfigError, loadSiteConfig, parseSiteConfig, type LoadedConfig } from './config/load-site-config';
import { buildSiteDirectory } from './config/site-directory';
import type { Services } from './http/app-env';
import { publicPathOf } from './http/public-path';
import { markTimedOut } from './http/incomplete-request';
import { DEFAULT_HTTP_SERVER_LIMITS, httpServerOptions, type HttpServerLimits } from './config/http-server-limits';
import { DEFAULT_PUBLIC_RATE_LIMITS, RateLimiter, type PublicRateLimiter, type PublicRateLimits } from './http/rate-limiter';
import { SharedRateLimiter } from './http/shared-rate-limiter';
import { CollectorMetrics } from './metrics/collector-metrics';
import type { Logger } from './logger';
import { DEFAULT_DATABASE_URL, openStore, type Store, type StoreOptions } from './store/database';
import { migrateToLatest } from './store/migrate';
import { storeOpenError } from './store/store-open-error';
import { inspectWidgetBuild, WidgetNotBuiltError } from './config/widget-build';
import { listenForOutboxWork, type OutboxListener } from './store/outbox-notifications';
import { pendingOutboxBacklog } from './store/outbox.repository';
import { newId } from './store/ids';
import { startDeliveryWorker, type DeliveryWorker, type OutboxOptions } from './outbox/delivery-worker';
import { webhookHandler } from './webhooks/webhook-delivery';
import { mailHandler } from './mail/mail-delivery';
import { smtpTransports } from './mail/smtp-transport';
import { INVITE_MAIL_EVENT } from './mail/invite-mail';
import { suppressUnsubscribedRecipient } from './mail/suppressed-invite';
import { unsubscribeChecker } from './webhooks/check-unsubscribe-webhook';
import type { SelfAddress } from './webhooks/webhook-target-guard';
import { startAutoApproval, type AutoApproval, type AutoApprovalOptions } from './scheduler/auto-approval';
import { startFlaggedResolution, type FlaggedResolution, type FlaggedResolutionOptions } from './scheduler/flagged-resolution';
import { startEventRetention, type EventRetention, type EventRetentionOptions } from './scheduler/event-retention';
import { startPersonalDataRetention, type PersonalDataRetention, type PersonalDataRetentionOptions } from './scheduler/personal-data-retention';
import { startEmailNotices, type EmailNoticesOptions } from './scheduler/email-notices';
import type { PeriodicJob } from './scheduler/periodic-job';
import { startStoreStatistics } from './scheduler/store-statistics';
import { REWARD_NOTICE_EVENT } from './mail/reward-notice-mail';
import { FRIEND_REMINDER_EVENT } from './mail/friend-reminder-mail';
import { ADVOCATE_INVITE_EVENT } from './mail/advocate-invite-mail';
import { FRIEND_COUPON_EVENT } from './mail/friend-coupon-mail';
import { loadConfiguredCoupons } from './domain/coupon-pool';
import { CREATE_COUPON_EVENT, couponCreatedAction } from './domain/coupon-top-up';
import { SHOP_COUPON_EVENT, shopCouponCreatedAction } from './domain/shop-coupons';
import { shopCouponHandler } from './connectors/shop-coupon-handler';
import { BOOTSTRAP_ACTOR } from './domain/audit-log';
import { ensureOwner } from './domain/console-accounts';
import { DEFAULT_SESSION_LIFETIMES, type SessionLifetimes } from './domain/console-sign-in';
import { MIN_PASSWORD_LENGTH } from './contract/console-api';

export interface CollectorOptions {
  databaseUrl?: string;
  storeOptions?: StoreOptions;
  /** Path of the site configuration file (VOUCH_CONFIG); none = the demo site. */
  configPath?: string;
  /** A configuration object instead of a file (tests). */
  config?: unknown;
  port?: number;
  host?: string;
  /** How browsers reach the collector; defaults to http://PUBLIC_HOSTNAME:PORT. */
  publicUrl?: string;
  /** Host name for the default public URL (default localhost). */
  publicHostname?: string;
  trustProxy?: boolean;
  /**
   * Limits for calls without the secret key (defaults for those left out); false turns them off.
   * On PostgreSQL they are counted in the database: the limit of all instances together.
   */
  publicRateLimits?: Partial<PublicRateLimits> | false;
  /** The bearer token GET /metrics requires (METRICS_TOKEN); without one there is no /metrics. */
  metricsToken?: string;
  /** Where the zero-configuration demo site sends friends. */
  demoShopUrl?: string;
  dataDir?: string;
  widgetDir?: string;
  /** Folder of the built merchant console (dist/console unless given). */
  consoleDir?: string;
  /** How long close() lets in-flight requests run before cutting their connections. */
  shutdownTimeoutInMs?: number;
  logger: Logger;
  /** Where the collector reads the time (the system clock unless given). */
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Web hook delivery: poll interval, retry schedule, lease, timeout (tests shorten them). */
  outbox?: OutboxOptions;
  /** The auto-approval scheduler's round interval. */
  autoApproval?: AutoApprovalOptions;
  /** How often flagged referrals past their review deadline are resolved, and the batch size. */
  flaggedResolution?: FlaggedResolutionOptions;
  /** How long the event log keeps events (EVENT_RETENTION_DAYS), and how often it is swept. */
  eventRetention?: EventRetentionOptions;
  /** How often the sites' personal data retention (their `retention`) is swept, and its batch size. */
  personalDataRetention?: PersonalDataRetentionOptions;
  /** How often the emails Vouch sends on its own (reward notices) are looked for, and their batch size. */
  emailNotices?: EmailNoticesOptions;
  /** Names this instance in outbox leases (defaults to a fresh id). */
  instanceId?: string;
  /** HTTP timeouts and the connection cap; the defaults unless given. */
  http?: Partial<HttpServerLimits>;
  /** The merchant console's session lifetimes (the defaults unless given), and its clock (tests move it). */
  console?: { lifetimes?: Partial<SessionLifetimes>; now?: () => Date };
  /** The console owner made or updated at start (VOUCH_ADMIN_EMAIL, VOUCH_ADMIN_PASSWORD). */
  admin?: { email: string; password: string };
  /** Refuse to start without the built widget (the deployed process does; tests may run unbuilt). */
  requireWidget?: boolean;
}

/**
 * The collector cannot listen where it was told: the port is taken or privileged, or HOST is no
 * address of this machine. Its message is one line naming the variable to change.
 */
export class ListenError extends Error {
  override name = 'ListenError';
}

export interface RunningCollector {
  url: string;
  config: LoadedConfig;
  services: Services;
  /** Stops taking requests, lets in-flight ones finish, then closes the store. */
  close(): Promise<void>;
}

/** true in the bundle `npm run build` makes (collector/build/collector-bundle.ts defines it); absent in the source. */
declare const __VOUCH_BUNDLED__: boolean | undefined;
/** The build output: beside the collector/ folder for the source, the bundle's own parent folder (dist/) when bundled into dist/collector/. */
const DIST_DIR = new URL(typeof __VOUCH_BUNDLED__ !== 'undefined' && __VOUCH_BUNDLED__ ? '../' : '../dist/', import.meta.url);
const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('widget', DIST_DIR));
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('console', DIST_DIR));

/** Opens the store, migrates it, loads the sites and starts listening. */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const env = options.env ?? process.env;
  const config =
    options.config !== undefined
      ? { ...parseSiteConfig(options.config, env), isDemo: false }
      : loadSiteConfig({
          path: options.configPath,
          dataDir: options.dataDir ?? 'data',
          env,
          demoShopUrl: options.demoShopUrl ?? 'http://localhost:3001',
        });
  const widgetDir = options.widgetDir ?? DEFAULT_WIDGET_DIR;
  if (options.requireWidget) {
    const widget = inspectWidgetBuild(widgetDir);
    if (!widget.ok) throw new WidgetNotBuiltError(widget.problem);
  }
  if (options.admin && options.admin.password.length < MIN_PASSWORD_LENGTH) {
    throw new ConfigError(`invalid environment: VOUCH_ADMIN_PASSWORD: must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const databaseUrl = options.databaseUrl ?? DEFAULT_DATABASE_URL;
  const store = openStore(databaseUrl, { ...options.storeOptions, logger: options.logger });
  let server: ServerType | undefined;
  let worker: DeliveryWorker | undefined;
  let listener: OutboxListener | undefined;
  let scheduler: AutoApproval | undefined;
  let flaggedResolution: FlaggedResolution | undefined;
  let retention: EventRetention | undefined;
  let privacyRetention: PersonalDataRetention | undefined;
  let emailNotices: PeriodicJob | undefined;
  let statistics: PeriodicJob | undefined;
  let closeTransports = () => {};
  try {
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      // The first query is where an unreachable or unwritable store shows.
      throw storeOpenError(error, store.kind, store.location) ?? error;
    }
    await store.optimize();
    const sites = await buildSiteDirectory(store.db, config);
    const instanceId = options.instanceId ?? `worker-${newId()}`;
    const metrics = new CollectorMetrics();
    metrics.readOutboxBacklogFrom(async () => {
      const now = Date.now();
      return (await pendingOutboxBacklog(store.db)).map((backlog) => ({
        kind: backlog.kind,
        pending: backlog.pending,
        oldestPendingAgeInSeconds: Math.max(0, (now - Date.parse(backlog.oldestCreatedAt)) / 1000),
      }));
    });
    const services: Services = {
      store,
      db: store.db,
      sites,
      publicUrl: '',
      publicOrigin: '',
      publicPath: '',
      trustProxy: options.trustProxy ?? false,
      rateLimiter: publicRateLimiter(store, options),
      metrics,
      metricsToken: options.metricsToken || null,
      widgetDir,
      consoleDir: options.consoleDir ?? DEFAULT_CONSOLE_DIR,
      logger: options.logger,
      clock: options.clock ?? systemClock,
      wakeOutbox: () => worker?.wake(),
      console: { lifetimes: { ...DEFAULT_SESSION_LIFETIMES, ...definedOnly(options.console?.lifetimes ?? {}) }, now: options.console?.now ?? options.clock ?? systemClock },
    };
    await loadConfiguredCoupons(store.db, sites.all(), options.logger);
    if (options.admin) {
      const outcome = await ensureOwner(store.db, options.admin.email, options.admin.password, BOOTSTRAP_ACTOR);
      if (outcome !== 'unchanged') options.logger.info(`console owner ${outcome} from VOUCH_ADMIN_EMAIL`);
    }
    const app = createApp(services, options.logger);
    const limits = { ...DEFAULT_HTTP_SERVER_LIMITS, ...definedOnly(options.http ?? {}) };
    server = await listen(app.fetch, options.port ?? 3000, options.host ?? '127.0.0.1', limits, options.logger);
    const { port } = server.address() as AddressInfo;
    const publicUrl = (options.publicUrl ?? config.file.public_url ?? `http://${options.publicHostname ?? 'localhost'}:${port}`).replace(/\/+$/, '');
    services.publicUrl = publicUrl;
    services.publicOrigin = new URL(publicUrl).origin;
    services.publicPath = publicPathOf(publicUrl);
    const listenHost = options.host ?? '127.0.0.1';
    const publicHost = new URL(publicUrl).host;
    const listening = [`${listenHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`];
    // Mounted under a path, the collector shares its public host with the shop: only that path is its own.
    const self: SelfAddress = services.publicPath
      ? { hosts: listening, port, mountedAt: { host: publicHost, path: services.publicPath } }
      : { hosts: [publicHost, ...listening], port };
    const transports = smtpTransports();
    closeTransports = () => transports.close();
    worker = startDeliveryWorker({
      db: store.db,
      handlers: {
        webhook: webhookHandler({ db: store.db, sites, self: () => self, requestTimeoutInMs: options.outbox?.requestTimeoutInMs }),
        mail: mailHandler({
          db: store.db,
          sites,
          publicUrl: () => publicUrl,
          transports,
          logger: options.logger,
          checkRecipient: unsubscribeChecker({ db: store.db, self: () => self, requestTimeoutInMs: options.outbox?.requestTimeoutInMs }),
        }),
        shop_coupon: shopCouponHandler({ sites, requestTimeoutInMs: options.outbox?.requestTimeoutInMs }),
      },
      doneActions: {
        [CREATE_COUPON_EVENT]: couponCreatedAction({ sites, logger: options.logger }),
        [SHOP_COUPON_EVENT]: shopCouponCreatedAction({ sites }),
        [INVITE_MAIL_EVENT]: suppressUnsubscribedRecipient,
        [REWARD_NOTICE_EVENT]: suppressUnsubscribedRecipient,
        [FRIEND_REMINDER_EVENT]: suppressUnsubscribedRecipient,
        [ADVOCATE_INVITE_EVENT]: suppressUnsubscribedRecipient,
        [FRIEND_COUPON_EVENT]: suppressUnsubscribedRecipient,
      },
      options: options.outbox,
      logger: options.logger,
      workerId: instanceId,
      observer: { attemptRecorded: (kind, outcome, seconds) => metrics.attemptRecorded(kind, outcome, seconds), storeError: () => metrics.storeError('outbox') },
    });
    if (store.kind === 'postgres') {
      listener = listenForOutboxWork({
        databaseUrl,
        onWork: services.wakeOutbox,
        logger: options.logger,
        applicationName: `vouch-collector-listen:${instanceId}`,
      });
    }
    scheduler = startAutoApproval({ db: store.db, sites, logger: options.logger, clock: services.clock, onApproved: services.wakeOutbox, options: options.autoApproval });
    flaggedResolution = startFlaggedResolution({ db: store.db, sites, logger: options.logger, clock: services.clock, onResolved: services.wakeOutbox, options: options.flaggedResolution });
    retention = startEventRetention({ db: store.db, logger: options.logger, options: { now: services.clock, ...options.eventRetention } });
    privacyRetention = startPersonalDataRetention({ db: store.db, sites, logger: options.logger, clock: services.clock, options: options.personalDataRetention });
    emailNotices = startEmailNotices({ db: store.db, sites, publicUrl, clock: services.clock, logger: options.logger, onWritten: services.wakeOutbox, options: options.emailNotices });
    statistics = startStoreStatistics({ store, logger: options.logger });
    const running = server;
    const [runningWorker, runningScheduler] = [worker, scheduler];
    return {
      url: `http://${options.host ?? '127.0.0.1'}:${port}`,
      config,
      services,
      close: async () => {
        await new Promise<void>((resolve) => {
          running.close(() => resolve());
          // Keep-alive connections with no request in flight would hold close() open.
          if ('closeIdleConnections' in running) running.closeIdleConnections();
          const deadline = setTimeout(() => {
            if ('closeAllConnections' in running) running.closeAllConnections();
          }, options.shutdownTimeoutInMs ?? 10_000);
          deadline.unref();
        });
        // Then the background work: the attempt in flight is recorded before the store closes.
        await scheduler?.stop();
        await flaggedResolution?.stop();
        await retention?.stop();
        await privacyRetention?.stop();
        await emailNotices?.stop();
        await statistics?.stop();
        await listener?.stop();
        await worker?.stop();
        closeTransports();
        await store.close();
      },
    };
  } catch (error) {
    server?.close();
    await scheduler?.stop();
    await flaggedResolution?.stop();
    await retention?.stop();
    await privacyRetention?.stop();
    await emailNotices?.stop();
    await statistics?.stop();
    await listener?.stop();
    await worker?.stop();
    await store.close();
    throw error;
  }
}

/**
 * The public rate limits: counted in the database on PostgreSQL, which several instances may
 * share (the limit then holds for all of them together), in memory on SQLite (one instance).
 */
function publicRateLimiter(store: Store, options: CollectorOptions): PublicRateLimiter | null {
  if (options.publicRateLimits === false) return null;
  const limits = { ...DEFAULT_PUBLIC_RATE_LIMITS, ...options.publicRateLimits };
  if (store.kind === 'sqlite') return new RateLimiter(limits);
  const clock = options.clock ?? systemClock;
  return new SharedRateLimiter(store.db, limits, options.logger, () => clock().getTime());
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string, limits: HttpServerLimits, logger: Logger): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname, serverOptions: httpServerOptions(limits) }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port, hostname)));
    server.on('clientError', answerMalformedRequest);
    server.maxConnections = limits.maxConnections;
    server.on('drop', reportDroppedConnections(limits.maxConnections, logger));
  });
}

/** A listen failure in one line naming what to change, or the error itself when it is none of the known ones. */
function listenError(error: NodeJS.ErrnoException, port: number, hostname: string): Error {
  if (error.code === 'EADDRINUSE') {
    return new ListenError(`port ${port} on ${hostname} is already in use: set PORT to a free port, or stop what listens on it`);
  }
  if (error.code === 'EACCES') {
    return new ListenError(`port ${port} on ${hostname} needs privileges this process does not have: set PORT to 1024 or above (a reverse proxy takes 80 and 443)`);
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new ListenError(`HOST ${hostname} is not an address of this machine (${error.code}): set HOST to one of its addresses, or 0.0.0.0 for all`);
  }
  return error;
}

/** How often, at most, refused connections are logged: a flood must not become a flood of log lines. */
const DROP_REPORT_INTERVAL_IN_MS = 10_000;

/** Logs connections refused at the cap, one line per interval with how many. */
function reportDroppedConnections(maxConnections: number, logger: Logger): () => void {
  let dropped = 0;
  let reporting: NodeJS.Timeout | undefined;
  return () => {
    dropped++;
    if (reporting) return;
    logger.warn('connection limit reached: new connections are closed', { max_connections: maxConnections });
    reporting = setTimeout(() => {
      reporting = undefined;
      if (dropped > 1) logger.warn('connections closed at the connection limit', { count: dropped, max_connections: maxConnections });
      dropped = 0;
    }, DROP_REPORT_INTERVAL_IN_MS);
    reporting.unref();
  };
}

/**
 * Node rejects requests it cannot parse (headers or URL over 16 KB, broken HTTP) before any
 * route sees them, with an empty body, and cuts off those that arrive too slowly (the headers
 * and request timeouts); answer those in the API's JSON error shape instead.
 */
function answerMalformedRequest(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') markTimedOut(socket);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const answer = malformedRequestAnswer(error.code);
  const body = JSON.stringify({ ok: false, error_message: answer.message, errors: [{ field: answer.field, message: answer.fieldMessage }], code: answer.code });
  // Closed for good once written, as Node does without this handler: a request cut off while a
  // route reads its body must fail that read, not leave the route waiting for bytes forever.
  socket.end(
    `HTTP/1.1 ${answer.status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

function malformedRequestAnswer(code: string | undefined) {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: '431 Request Header Fields Too Large', code: 'headers_too_large', message: 'the URL or headers are larger than 16 KB', field: 'headers', fieldMessage: 'too large' };
  }
  // Headers or body not complete within HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS.
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: '408 Request Timeout', code: 'request_timeout', message: 'the request did not arrive in time', field: 'request', fieldMessage: 'too slow' };
  }
  return { status: '400 Bad Request', code: 'malformed_request', message: 'the request is not valid HTTP', field: 'request', fieldMessage: 'malformed' };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
