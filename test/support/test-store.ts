import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../collector/store/database';
import { MIGRATIONS, migrateToLatest } from '../../collector/store/migrate';

/** A store for one test collector: a SQLite file in its data folder, or a schema of its own on PostgreSQL. */
export interface TestStore {
  databaseUrl: string;
  kind: 'sqlite' | 'postgres';
  /** Deletes what the store held (empties the PostgreSQL schema for the next test; the SQLite file goes with its folder). */
  drop(): Promise<void>;
}

/** A fresh migrated store (createTestStore) in a folder of its own, opened; close() closes it and deletes both. */
export async function openTestStore(): Promise<{ store: Store; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-store-'));
  const testStore = await createTestStore(dir);
  const store = openStore(testStore.databaseUrl);
  return {
    store,
    close: async () => {
      await store.close();
      await testStore.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Which store the suite runs on: VOUCH_TEST_STORE=postgres (set by the collector:postgres project) or SQLite. */
export function testStoreKind(): 'sqlite' | 'postgres' {
  return process.env.VOUCH_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * Makes a fresh store, already migrated: a test collector starts on it as on a store that has
 * every migration and no rows. Migrating costs ~0.5 s on SQLite and ~2 s on PostgreSQL, and the
 * suite starts several hundred collectors, so the migrations run once and are reused:
 * - SQLite: a migrated file is kept under the system temp folder, named by a hash of the
 *   migrations' source, and each store starts as a copy of it;
 * - PostgreSQL: every test collector still gets its own schema, so parallel test files and
 *   repeated runs never see each other's rows, but a dropped store's schema is emptied
 *   and handed to the next test instead of being dropped and migrated again. A schema
 *   whose migrations a test changed (one that inserted a migration from the future) is dropped.
 *   Emptying uses the replica session role (triggers and foreign keys off), which needs a
 *   superuser, as the suite's `postgres` user is.
 * No migration seeds rows, so an emptied schema is a fresh one; a migration that did would have
 * to be reflected here.
 */
export async function createTestStore(dataDir: string): Promise<TestStore> {
  if (testStoreKind() === 'sqlite') {
    const path = join(dataDir, 'vouch.sqlite');
    copyFileSync(await sqliteTemplate(), path);
    return { kind: 'sqlite', databaseUrl: `file:${path}`, drop: async () => {} };
  }
  const serverUrl = process.env.VOUCH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = idleSchemas.pop() ?? (await newMigratedSchema(serverUrl));
  return { kind: 'postgres', databaseUrl: schemaUrl(serverUrl, schema), drop: () => releaseSchema(serverUrl, schema) };
}

const MIGRATION_NAMES = Object.keys(MIGRATIONS).sort();

/** What the migrations are: a hash of the store code they are written in. */
function migrationsHash(): string {
  const storeDir = join(import.meta.dirname, '../../collector/store');
  const hash = createHash('sha256');
  for (const file of ['migrate.ts', ...readdirSync(join(storeDir, 'migrations')).sort().map((name) => join('migrations', name))]) {
    hash.update(file).update(readFileSync(join(storeDir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

let sqliteTemplatePath: Promise<string> | undefined;

/** The migrated SQLite file this worker copies, made once per version of the migrations (by whichever worker gets there first). */
function sqliteTemplate(): Promise<string> {
  sqliteTemplatePath ??= (async () => {
    const dir = join(tmpdir(), 'vouch-test-templates');
    const path = join(dir, `${migrationsHash()}.sqlite`);
    if (existsSync(path)) return path;
    mkdirSync(dir, { recursive: true });
    const building = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const store = openStore(`file:${building}`, { poolSize: 1 });
    try {
      await migrateToLatest(store.db);
    } finally {
      // Closing checkpoints the write-ahead log into the file, so the file alone is the store.
      await store.close();
    }
    rmSync(`${building}-wal`, { force: true });
    rmSync(`${building}-shm`, { force: true });
    // Rename is atomic: a worker racing this one copies either no file or a whole one.
    renameSync(building, path);
    return path;
  })();
  return sqliteTemplatePath;
}

/** Migrated, emptied schemas this worker can hand out. */
const idleSchemas: string[] = [];

function schemaUrl(serverUrl: string, schema: string): string {
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.href;
}

/** Schemas of test runs that ended more than this long ago are dropped when a worker starts (the last idle ones of every run stay behind). */
const STALE_AFTER_IN_MS = 6 * 3600_000;
let staleDropped: Promise<void> | undefined;

function dropStaleSchemas(serverUrl: string): Promise<void> {
  staleDropped ??= withClient(serverUrl, async (client) => {
    const schemas = await client.query<{ name: string }>("select nspname as name from pg_namespace where nspname like 'vouch\\_test\\_%'");
    for (const { name } of schemas.rows) {
      const madeAt = parseInt(name.split('_')[2] ?? '', 36);
      if (Number.isFinite(madeAt) && Date.now() - madeAt > STALE_AFTER_IN_MS) await client.query(`drop schema if exists ${name} cascade`);
    }
  });
  return staleDropped;
}

async function newMigratedSchema(serverUrl: string): Promise<string> {
  await dropStaleSchemas(serverUrl);
  const schema = `vouch_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`create schema ${schema}`));
  const store = openStore(schemaUrl(serverUrl, schema), { poolSize: 1 });
  try {
    await migrateToLatest(store.db);
  } finally {
    await store.close();
  }
  return schema;
}

/** Empties the schema for the next test when its migrations are this code's, else drops it. */
async function releaseSchema(serverUrl: string, schema: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    const tables = await client.query<{ name: string }>('select tablename as name from pg_tables where schemaname = $1', [schema]);
    const names = tables.rows.map((row) => row.name);
    const applied = names.includes('vouch_migration')
      ? (await client.query<{ name: string }>(`select name from ${schema}.vouch_migration order by name`)).rows.map((row) => row.name)
      : [];
    if (applied.join() !== MIGRATION_NAMES.join()) {
      await client.query(`drop schema if exists ${schema} cascade`);
      return;
    }
    const data = names.filter((name) => !name.startsWith('vouch_migration'));
    // A test leaves a few rows: deleting them costs less than TRUNCATE's new files, and with
    // triggers and foreign keys off (replica role) no order is needed and no running total moves.
    const deletes = data.map((name) => `delete from ${schema}."${name}";`).join(' ');
    if (data.length > 0) await client.query(`begin; set local session_replication_role = replica; ${deletes} commit;`);
    idleSchemas.push(schema);
  });
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
