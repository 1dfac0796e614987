// `npm run bench:postgres`: POST /api/v2/origins throughput of one collector process against two
// processes on the same PostgreSQL database, and one process on a SQLite file (issue 23's goal:
// one PostgreSQL instance ≥ 0.8 × SQLite), measured in one run, interleaved.
// Needs a PostgreSQL server at VOUCH_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
// Load comes from load processes of their own (support/load-test.ts), and every answer must be a
// 2xx: a run with any other answer fails loudly instead of reporting a fast error page.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runLoad } from './support/load-test';
import { POSTGRES_PURCHASE_MIN_RATIO } from './support/goals';
import { SEQUENCE_PLACEHOLDER, type RequestPlan } from './support/request-plan';

const SERVER_URL = process.env.VOUCH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const SERVER = fileURLToPath(new URL('../collector/server.ts', import.meta.url));
const apiKey = `sk_bench_${randomBytes(12).toString('hex')}`;
const schema = `vouch_bench_${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'vouch-bench-pg-'));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// The collector refuses to start without the widget and console builds: make them once when absent.
if (!existsSync(join(ROOT, 'dist', 'widget', 'loader.js')) || !existsSync(join(ROOT, 'dist', 'console'))) {
  console.error('bench:postgres: dist/ is missing, running vite build first');
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`vite build failed (exit ${build.status})`);
}

/** Starts `collector/server.ts` on a free port and resolves with its URL. */
function startCollector(databaseUrl: string, configPath: string, name: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, PORT: '0', DATABASE_URL: databaseUrl, VOUCH_CONFIG: configPath, INSTANCE_ID: name, RATE_LIMIT_PER_IP_PER_MINUTE: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /listening on (http:\/\/\S+?)"/.exec(line);
      if (match) resolve({ url: match[1]!.replace('localhost', '127.0.0.1'), child });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

/** Each instance's own purchases: distinct order numbers and addresses, run after run. */
const plans = new Map<string, RequestPlan>();
function purchasesFor(url: string): RequestPlan {
  let plan = plans.get(url);
  if (!plan) {
    const prefix = `PG-${plans.size}-`;
    const n = SEQUENCE_PLACEHOLDER;
    plan = {
      templates: [
        {
          method: 'POST',
          path: '/api/v2/origins',
          headers: { authorization: `Bearer ${apiKey}` },
          body: JSON.stringify({ site_slug: 'bench-pg', type: 'Purchase', data: { email: `b${prefix}${n}@example.com`, order_number: `${prefix}${n}`, subtotal: 10 } }),
        },
      ],
      nextSequence: 0,
    };
    plans.set(url, plan);
  }
  return plan;
}

/** Requests per second of distinct Purchases spread over the given collectors; throws on any answer that is not a 2xx. */
async function load(urls: string[]): Promise<number> {
  const results = await Promise.all(
    urls.map((url) => runLoad({ url, connections: CONNECTIONS / urls.length, durationInSeconds: SECONDS, plan: purchasesFor(url), expectedStatus: '2xx' })),
  );
  const silent = results.findIndex((result) => result.requests === 0);
  if (silent >= 0) throw new Error(`${urls[silent]}: no answer within a ${SECONDS} s run`);
  return results.reduce((sum, result) => sum + result.requestsPerSecond, 0);
}

const admin = new pg.Client({ connectionString: SERVER_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);
const instances: ChildProcess[] = [];
try {
  const url = new URL(SERVER_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const configPath = join(dir, 'sites.json');
  writeFileSync(configPath, JSON.stringify({ sites: [{ site_slug: 'bench-pg', api_key: apiKey, allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/' }] }));
  const a = await startCollector(url.href, configPath, 'bench-a');
  const b = await startCollector(url.href, configPath, 'bench-b');
  const lite = await startCollector(`file:${join(dir, 'bench.sqlite')}`, configPath, 'bench-sqlite');
  instances.push(a.child, b.child, lite.child);
  // Warm-up of the code paths and the stores.
  await load([a.url]);
  await load([lite.url]);
  const one: number[] = [];
  const two: number[] = [];
  const sqlite: number[] = [];
  for (const order of ['one', 'sqlite', 'two', 'two', 'sqlite', 'one']) {
    if (order === 'one') one.push(await load([a.url]));
    else if (order === 'sqlite') sqlite.push(await load([lite.url]));
    else two.push(await load([a.url, b.url]));
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  console.log(
    `POST /api/v2/origins on PostgreSQL, ${CONNECTIONS} connections, ${SECONDS} s runs: ` +
      `one instance ${mean(one).toFixed(0)} req/s, two instances ${mean(two).toFixed(0)} req/s, ratio ${(mean(two) / mean(one)).toFixed(2)}`,
  );
  const ratio = mean(one) / mean(sqlite);
  console.log(
    `one PostgreSQL instance vs one on SQLite (${mean(sqlite).toFixed(0)} req/s): ratio ${ratio.toFixed(3)}, ` +
      `goal ≥ ${POSTGRES_PURCHASE_MIN_RATIO}: ${ratio >= POSTGRES_PURCHASE_MIN_RATIO ? 'met' : 'MISSED'}`,
  );
} finally {
  // Stopped before the schema goes: a collector still writing would deadlock with the drop.
  await Promise.all(instances.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
