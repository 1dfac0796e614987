import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../collector/logger';
import { startCollector } from '../../collector/start-collector';
import { processSite, spawnCollector, writeConfigFile } from '../support/collector-process';
import { createTestStore, testStoreKind, type TestStore } from '../support/test-store';

let dir: string;
let store: TestStore;
let configPath: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vouch-start-'));
  store = await createTestStore(dir);
  configPath = writeConfigFile(dir, { sites: [processSite('start-shop', `sk_test_${randomBytes(12).toString('hex')}`)] });
});
afterEach(async () => {
  await store.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** The one JSON log line a refused start printed, and its exit code, from spawnCollector's rejection. */
async function refusedStart(env: Record<string, string>, databaseUrl = store.databaseUrl): Promise<{ code: number; lines: string[] }> {
  const error: Error = await spawnCollector({ databaseUrl, configPath, env }).then(
    (running) => {
      void running.kill();
      throw new Error('the collector started');
    },
    (refusal: Error) => refusal,
  );
  const [first, ...lines] = error.message.split('\n');
  const code = Number(/exited with (\d+)/.exec(first!)?.[1]);
  return { code, lines };
}

/** The message of a JSON log line, checking it is an error. */
function messageOf(line: string): string {
  const entry = JSON.parse(line);
  expect(entry.level).toBe('error');
  return entry.message;
}

describe('npm run collector refuses to start in one line naming what to change', () => {
  let holder: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve())));

  it('a port in use: PORT', async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    const { code, lines } = await refusedStart({ PORT: String(port) });
    expect(code).toBe(69);
    expect(lines).toHaveLength(1);
    expect(messageOf(lines[0]!)).toBe(`port ${port} on 127.0.0.1 is already in use: set PORT to a free port, or stop what listens on it`);
  });

  it.runIf(testStoreKind() === 'postgres')('a PostgreSQL server that does not answer: DATABASE_URL, without its password', async () => {
    const { code, lines } = await refusedStart({}, 'postgres://vouch:hunter2secret@127.0.0.1:1/vouch');
    expect(code).toBe(69);
    expect(lines).toHaveLength(1);
    expect(messageOf(lines[0]!)).toBe(
      'PostgreSQL at postgres://vouch@127.0.0.1:1/vouch does not answer (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1): check DATABASE_URL and that the server runs and lets this host in',
    );
    expect(lines[0]).not.toContain('hunter2secret');
  });

  it.runIf(testStoreKind() === 'postgres')('a PostgreSQL database that does not exist: DATABASE_URL', async () => {
    const url = new URL(process.env.VOUCH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    url.pathname = '/no_such_database_for_vouch';
    const { code, lines } = await refusedStart({}, url.href);
    expect(code).toBe(69);
    expect(lines).toHaveLength(1);
    expect(messageOf(lines[0]!)).toMatch(/^PostgreSQL at \S+\/no_such_database_for_vouch refuses the connection \(3D000: database "no_such_database_for_vouch" does not exist\): check DATABASE_URL/);
  });

  it.runIf(testStoreKind() === 'sqlite')('a SQLite file where no folder can be made: DATABASE_URL and the path', async () => {
    // A file where DATABASE_URL wants a folder (root may write anywhere, so a permission would not do).
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const { code, lines } = await refusedStart({}, `file:${join(blocker, 'vouch.sqlite')}`);
    expect(code).toBe(69);
    expect(lines).toHaveLength(1);
    expect(messageOf(lines[0]!)).toMatch(
      new RegExp(`^cannot open the SQLite store ${join(blocker, 'vouch.sqlite')} \\(E\\w+: .+\\): set DATABASE_URL to file:PATH in a folder this process may write$`),
    );
  });

  it.runIf(testStoreKind() === 'sqlite')('a SQLite path that is a folder: DATABASE_URL', async () => {
    const { code, lines } = await refusedStart({}, `file:${dir}`);
    expect(code).toBe(69);
    expect(lines).toHaveLength(1);
    expect(messageOf(lines[0]!)).toBe(`cannot open the SQLite store ${dir} (SQLITE_CANTOPEN: unable to open database file): set DATABASE_URL to file:PATH in a folder this process may write`);
  });
});

describe('startCollector', () => {
  it('names HOST when it is not an address of this machine', async () => {
    // 192.0.2.0/24 is reserved for documentation: no machine has it.
    await expect(startCollector({ databaseUrl: store.databaseUrl, configPath, port: 0, host: '192.0.2.7', logger: silentLogger })).rejects.toThrow(
      'HOST 192.0.2.7 is not an address of this machine (EADDRNOTAVAIL): set HOST to one of its addresses, or 0.0.0.0 for all',
    );
  });
});

describe('the built widget', () => {
  it('is required to start: a collector without it refuses, naming npm run build, instead of answering 404 for every shop', async () => {
    const empty = join(dir, 'no-widget');
    await expect(
      startCollector({ databaseUrl: store.databaseUrl, configPath, port: 0, logger: silentLogger, widgetDir: empty, requireWidget: true }),
    ).rejects.toThrow(`the widget is not built (${join(empty, 'loader.js')} is missing): run npm run build`);
  });

  it('is in /healthz: its files when built, 503 naming what is missing when not', async () => {
    const built = await startCollector({ databaseUrl: store.databaseUrl, configPath, port: 0, logger: silentLogger });
    try {
      const response = await fetch(`${built.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        ok: true,
        store: { kind: testStoreKind(), usable: true },
        widget: { ok: true, files: expect.arrayContaining(['loader.js', expect.stringMatching(/^assets\/widget-[\w-]+\.js$/)]) },
      });
    } finally {
      await built.close();
    }

    const half = join(dir, 'half-copied');
    // A deploy that copied the loader but not the widget file it names.
    mkdirSync(half);
    copyFileSync(join(import.meta.dirname, '../../dist/widget/loader.js'), join(half, 'loader.js'));
    const unbuilt = await startCollector({ databaseUrl: store.databaseUrl, configPath, port: 0, logger: silentLogger, widgetDir: half });
    try {
      const response = await fetch(`${unbuilt.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ok: false,
        store: { kind: testStoreKind(), usable: true },
        widget: { ok: false, files: ['loader.js'], problem: expect.stringMatching(/^loader\.js names assets\/widget-[\w-]+\.js, which is not in \S+half-copied: run npm run build again$/) },
      });
      expect((await fetch(`${unbuilt.url}/widget/loader.js`)).status).toBe(200);
    } finally {
      await unbuilt.close();
    }
  });
});
