// `npm run bench:postgres`: POST /api/v2/origins throughput of one collector process against two
// processes on the same PostgreSQL database, measured in one run, interleaved (1, 2, 2, 1).
// Needs a PostgreSQL server at VOUCH_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const SERVER_URL = process.env.VOUCH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const SERVER = fileURLToPath(new URL('../collector/server.ts', import.meta.url));
const apiKey = `sk_bench_${randomBytes(12).toString('hex')}`;
const schema = `vouch_bench_${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'vouch-bench-pg-'));

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

let sequence = 0;
/** Requests per second of distinct Purchases spread over the given collectors. */
async function load(urls: string[]): Promise<number> {
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({
        url,
        connections: CONNECTIONS / urls.length,
        duration: SECONDS,
        requests: [
          {
            method: 'POST',
            path: '/api/v2/origins',
            setupRequest: (request) => {
              sequence += 1;
              return {
                ...request,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
                body: JSON.stringify({ site_slug: 'bench-pg', type: 'Purchase', data: { email: `b${sequence}@example.com`, order_number: `PG-${sequence}`, subtotal: 10 } }),
              };
            },
          },
        ],
      }),
    ),
  );
  return results.reduce((sum, result) => sum + result.requests.average, 0);
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
