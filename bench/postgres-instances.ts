// `npm run bench:postgres`: POST /api/v2/origins throughput of one collector process against two
// processes on the same PostgreSQL database, measured in one run, interleaved (1, 2, 2, 1).
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
  instances.push(a.child, b.child);
  await load([a.url]); // warm-up of both code paths and the database
  const one: number[] = [];
  const two: number[] = [];
  for (const order of ['one', 'two', 'two', 'one']) {
    if (order === 'one') one.push(await load([a.url]));
    else two.push(await load([a.url, b.url]));
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  console.log(
    `POST /api/v2/origins on PostgreSQL, ${CONNECTIONS} connections, ${SECONDS} s runs: ` +
      `one instance ${mean(one).toFixed(0)} req/s, two instances ${mean(two).toFixed(0)} req/s, ratio ${(mean(two) / mean(one)).toFixed(2)}`,
  );
} finally {
  for (const child of instances) child.kill('SIGTERM');
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
