import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { collectorScriptCommand, spawnCollector, writeConfigFile } from '../support/collector-process';
import { createTestStore, type TestStore } from '../support/test-store';

let dir: string;
let store: TestStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vouch-process-'));
  store = await createTestStore(dir);
});
afterEach(async () => {
  await store.drop();
  rmSync(dir, { recursive: true, force: true });
});

const apiKey = `sk_test_${randomBytes(12).toString('hex')}`;
const site = { site_slug: 'proc-shop', api_key: apiKey, allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/' };

describe('npm run collector (the process merchants deploy)', () => {
  it('logs one JSON line per request without query strings, keys or full emails, and stops cleanly on SIGTERM', async () => {
    const collector = await spawnCollector({ databaseUrl: store.databaseUrl, configPath: writeConfigFile(dir, { sites: [site] }) });
    const response = await fetch(`${collector.url}/api/v2/origins?api_key=${apiKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site_slug: 'proc-shop', type: 'Purchase', data: { email: 'secret.person@example.com', order_number: 1, subtotal: 5 } }),
    });
    expect(response.status).toBe(201);
    expect(await collector.kill('SIGTERM')).toBe(0);

    const requests = collector.lines.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'request');
    expect(requests).toEqual([expect.objectContaining({ method: 'POST', path: '/api/v2/origins', status: 201, duration_ms: expect.any(Number) })]);
    const log = collector.lines.join('\n');
    expect(log).not.toContain(apiKey);
    expect(log).not.toContain('secret.person@example.com');
    expect(log).toContain('"message":"stopped"');
  });

  it('serves /metrics to the holder of METRICS_TOKEN, and never logs the token', async () => {
    const token = `mt_${randomBytes(16).toString('hex')}`;
    const collector = await spawnCollector({ databaseUrl: store.databaseUrl, configPath: writeConfigFile(dir, { sites: [site] }), env: { METRICS_TOKEN: token } });
    try {
      expect((await fetch(`${collector.url}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${collector.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('vouch_http_requests_total{method="GET",route="/metrics",status="401"} 1');
    } finally {
      await collector.kill('SIGTERM');
    }
    expect(collector.lines.join('\n')).not.toContain(token);
  });

  it('refuses to start on a bad configuration file, naming the field', async () => {
    const configPath = writeConfigFile(dir, { sites: [{ ...site, destination_url: 'https://elsewhere.example/' }] });
    await expect(spawnCollector({ databaseUrl: store.databaseUrl, configPath })).rejects.toThrow(
      /exited with 78[\s\S]*sites\.0\.destination_url: its host is not in allowed_hosts/,
    );
  });

  it('refuses to start on a bad environment variable, naming it', async () => {
    const configPath = writeConfigFile(dir, { sites: [site] });
    await expect(spawnCollector({ databaseUrl: store.databaseUrl, configPath, env: { DATABASE_POOL_SIZE: 'lots' } })).rejects.toThrow(
      /exited with 78[\s\S]*DATABASE_POOL_SIZE: must be a whole number/,
    );
  });

  it('refuses a headers timeout longer than the request timeout', async () => {
    const configPath = writeConfigFile(dir, { sites: [site] });
    await expect(
      spawnCollector({ databaseUrl: store.databaseUrl, configPath, env: { HTTP_HEADERS_TIMEOUT_MS: '40000', HTTP_REQUEST_TIMEOUT_MS: '30000' } }),
    ).rejects.toThrow(/exited with 78[\s\S]*HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS/);
  });

  it('runs built: `npm run collector` starts the bundle in dist/collector/ with no TypeScript loader and answers /healthz', async () => {
    const { command, args } = collectorScriptCommand();
    expect([command, ...args].join(' ')).not.toMatch(/tsx|\.ts\b/);
    const collector = await spawnCollector({ databaseUrl: store.databaseUrl, configPath: writeConfigFile(dir, { sites: [site] }), built: true });
    try {
      const health = await fetch(`${collector.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, store: { usable: true }, widget: { ok: true } });
      // The widget and the console are found from dist/collector/ as from the source.
      expect((await fetch(`${collector.url}/widget/loader.js`)).status).toBe(200);
      expect((await fetch(`${collector.url}/console`)).status).toBe(200);
    } finally {
      expect(await collector.kill('SIGTERM')).toBe(0);
    }
    expect(collector.lines.join('\n')).toContain('"message":"stopped"');
  });

  it('without a build, `npm run collector` refuses in one line naming npm run build, and exits with 78', () => {
    // The launcher alone in a checkout that has never been built (the real dist/ stays as it is).
    const { args } = collectorScriptCommand();
    cpSync(join(import.meta.dirname, '../..', args[0]!), join(dir, args[0]!));
    const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(78);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', message: expect.stringMatching(/^the collector is not built \(.*dist\/collector\/server\.js is missing\): run npm run build$/) });
    expect(run.stderr).toBe('');
  });
});
