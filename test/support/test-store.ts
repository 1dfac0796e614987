import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

/** A store for one test collector: a SQLite file in its data folder, or a schema of its own on PostgreSQL. */
export interface TestStore {
  databaseUrl: string;
  kind: 'sqlite' | 'postgres';
  /** Deletes what the store held (drops the PostgreSQL schema; the SQLite file goes with its folder). */
  drop(): Promise<void>;
}

/** Which store the suite runs on: VOUCH_TEST_STORE=postgres (set by the collector:postgres project) or SQLite. */
export function testStoreKind(): 'sqlite' | 'postgres' {
  return process.env.VOUCH_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * Makes a fresh store. On PostgreSQL every test collector gets its own schema, so parallel
 * test files and repeated runs never see each other's rows.
 */
export async function createTestStore(dataDir: string): Promise<TestStore> {
  if (testStoreKind() === 'sqlite') {
    return { kind: 'sqlite', databaseUrl: `file:${join(dataDir, 'vouch.sqlite')}`, drop: async () => {} };
  }
  const serverUrl = process.env.VOUCH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `vouch_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`create schema ${schema}`));
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    kind: 'postgres',
    databaseUrl: url.href,
    drop: () => withClient(serverUrl, (client) => client.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
