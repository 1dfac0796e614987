import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { SchemaScopedPostgresDialect } from './postgres-dialect';
import type { Database } from './tables';
import { enableGroupCommit } from './write-transaction';

export type StoreKind = 'sqlite' | 'postgres';

/** An open store: the kysely handle and what it runs on. */
export interface Store {
  db: Kysely<Database>;
  kind: StoreKind;
  /** Where the data lives, without credentials (for logs). */
  location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Upper bound of PostgreSQL connections per collector process. */
  poolSize?: number;
  /** PostgreSQL statement timeout. */
  statementTimeoutInMs?: number;
}

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
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs every commit,
  // so a 2xx is only sent for a write that is on disk.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  enableGroupCommit(db);
  return {
    db,
    kind: 'sqlite',
    location: file,
    close: () => db.destroy(),
  };
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
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutInMs ?? 10_000,
  });
  const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    kind: 'postgres',
    location: safe.href,
    close: () => db.destroy(),
  };
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
