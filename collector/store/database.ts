import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  enableGroupCommit(db);
  return {
    db,
    kind: 'sqlite',
    location: file,
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, options: StoreOptions): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutInMs ?? 10_000,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
