import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import type { Logger } from '../logger';
import { SchemaScopedPostgresDialect } from './postgres-dialect';
import type { Database } from './tables';
import { storeOpenError } from './store-open-error';
import { enableGroupCommit } from './write-transaction';
import { lazyPackage } from '../lazy-package';

/** node-postgres, loaded when a PostgreSQL store is opened (a SQLite collector never needs it). */
export const loadPg = lazyPackage<typeof pg>('pg');

export type StoreKind = 'sqlite' | 'postgres';

/** An open store: the kysely handle and what it runs on. */
export interface Store {
  db: Kysely<Database>;
  kind: StoreKind;
  /** Where the data lives, without credentials (for logs). */
  location: string;
  /** Brings the query planner's statistics up to date where they are missing or stale (after migrating, at start). */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Upper bound of PostgreSQL connections per collector process. */
  poolSize?: number;
  /** PostgreSQL statement timeout. */
  statementTimeoutInMs?: number;
  /** Where lost PostgreSQL connections are reported. */
  logger?: Logger;
}

/** How long a request waits for a PostgreSQL connection (a new one, or a free one of the pool) before it is answered 503. */
const CONNECT_TIMEOUT_IN_MS = 10_000;

/** Names the collector's connections in pg_stat_activity unless DATABASE_URL sets application_name. */
const APPLICATION_NAME = 'vouch-collector';

/** The default data file, under data/ (git ignores it). */
export const DEFAULT_DATABASE_URL = 'file:data/vouch.sqlite';

/**
 * Opens the store named by a DATABASE_URL: `file:path.sqlite` (or a bare path) for SQLite,
 * `postgres://…` for PostgreSQL.
 */
export function openStore(databaseUrl: string = DEFAULT_DATABASE_URL, options: StoreOptions = {}): Store {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return openPostgres(databaseUrl, options);
  return openSqlite(databaseUrl.replace(/^file:/, ''));
}

function openSqlite(path: string): Store {
  const file = path === ':memory:' ? path : resolve(path);
  let sqlite: BetterSqlite3.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    sqlite = new BetterSqlite3(file);
    // WAL lets readers run beside the writer; synchronous=FULL fsyncs every commit,
    // so a 2xx is only sent for a write that is on disk.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw storeOpenError(error, 'sqlite', file) ?? error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  enableGroupCommit(db);
  return {
    db,
    kind: 'sqlite',
    location: file,
    optimize: async () => optimizeSqlite(sqlite),
    close: () => db.destroy(),
  };
}

/**
 * SQLite plans with the statistics ANALYZE stores; without any, it takes a unique index for
 * every id lookup and never a covering one, which made the console's overview several times
 * slower on a large store. PRAGMA optimize (as SQLite advises at start) analyses the tables
 * whose statistics are missing or stale, reading at most about 400 rows per index: about a
 * second and a half on a store of a million referrals, nothing on a small one.
 */
function optimizeSqlite(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('analysis_limit = 400');
  sqlite.pragma('optimize = 0x10002');
}

/** How many prepared statements are kept; kysely's SQL is parameterised, so few texts recur. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * kysely's SQLite driver prepares every query anew, which cost a sixth of the CPU of a claim
 * click in the benchmark profile. Statements are kept by their SQL text and reused; the cache
 * is emptied when full (texts that vary, such as long IN lists, must not grow it forever).
 */
function withStatementCache(sqlite: BetterSqlite3.Database) {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = sqlite.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

function openPostgres(url: string, options: StoreOptions): Store {
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutInMs ?? 10_000,
    connectionTimeoutMillis: CONNECT_TIMEOUT_IN_MS,
    fallback_application_name: APPLICATION_NAME,
    // TCP keep-alive notices a connection whose server vanished (failover) instead of waiting on it forever.
    keepAlive: true,
  });
  survivesConnectionLoss(pool, options.logger);
  const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    kind: 'postgres',
    location: safe.href,
    // PostgreSQL's autovacuum keeps its statistics itself.
    optimize: async () => {},
    close: () => db.destroy(),
  };
}

/**
 * A database restart, a failover, pg_terminate_backend, an idle timeout or a pooler recycling
 * connections makes node-postgres emit 'error' — on the pool for an idle connection, on the
 * client itself for one checked out — and an 'error' event nobody listens to ends the process.
 * The pool already drops a broken connection (at once when idle, on release when checked out)
 * and opens new ones on demand; the query that was running fails and its request answers 503
 * (see isStoreUnavailableError). So these events are only reported here.
 */
function survivesConnectionLoss(pool: pg.Pool, logger: Logger | undefined): void {
  pool.on('connect', (client) => {
    client.on('error', (error) => logger?.warn('PostgreSQL connection lost; the pool replaces it', { error: error.message }));
  });
  // The same error of an idle connection, passed on by the pool: already reported by the listener above.
  pool.on('error', () => {});
}

/** True when the store answers a trivial query. */
export async function isStoreUsable(store: Store): Promise<boolean> {
  try {
    await sql`select 1`.execute(store.db);
    return true;
  } catch {
    // A store that cannot answer is exactly what the health check reports; the cause is not needed here.
    return false;
  }
}
