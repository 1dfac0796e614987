/**
 * The built widget as a shop's visitors download it: precompressed, so the bytes on the wire are
 * the size budget's, whichever encoding the browser takes. Reads the real build (`vite build`
 * runs before the tests), raw bytes through node:http so nothing decompresses on the way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect } from 'vitest';
import { acceptedEncodings } from '../../collector/http/content-encoding';
import { collectorTest } from '../support/collector-fixture';

const DIST = join(import.meta.dirname, '../../dist/widget');
const scripts = readdirSync(join(DIST, 'assets')).filter((name) => /\.js$/.test(name));
const widgetFile = `assets/${scripts.find((name) => /^widget-/.test(name))}`;
/** The parts the widget fetches only when a page needs them: a language besides English, the dashboard's view. */
const partsLoadedOnUse = scripts.filter((name) => !/^widget-/.test(name)).map((name) => `assets/${name}`);
const test = collectorTest();

/** GETs a path and answers the status, headers and body exactly as they came over the connection. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('widget files on the wire', () => {
  test('brotli to a browser that takes it, gzip to one that takes only gzip, the file itself to one that names neither; each the same script', async ({ collector }) => {
    expect(partsLoadedOnUse.map((file) => file.replace(/-[\w-]+\.js$/, '')).sort()).toEqual(['assets/Dashboard', 'assets/fr']);
    for (const file of ['loader.js', widgetFile, ...partsLoadedOnUse]) {
      const original = readFileSync(join(DIST, file));
      const brotli = await rawGet(`${collector.url}/widget/${file}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(brotli.status).toBe(200);
      expect(brotli.headers['content-encoding']).toBe('br');
      expect(brotli.headers.vary).toBe('Accept-Encoding');
      expect(brotliDecompressSync(brotli.body).equals(original), file).toBe(true);
      expect(brotli.body.length).toBeLessThan(original.length);

      const gzip = await rawGet(`${collector.url}/widget/${file}`, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(original), file).toBe(true);

      const plain = await rawGet(`${collector.url}/widget/${file}`, {});
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('Accept-Encoding');
      expect(plain.body.equals(original), file).toBe(true);
      expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
  });

  test('the widget arrives within its budget (13 KB) and the loader within 1 KB, as brotli and as gzip', async ({ collector }) => {
    for (const [file, budget] of [
      [widgetFile, 13 * 1024],
      ['loader.js', 1024],
    ] as const) {
      for (const encoding of ['br', 'gzip']) {
        const answer = await rawGet(`${collector.url}/widget/${file}`, { 'accept-encoding': encoding });
        expect(answer.headers['content-encoding']).toBe(encoding);
        expect(answer.body.length, `${file} as ${encoding}`).toBeLessThanOrEqual(budget);
      }
    }
  });

  test('a compressed copy is not a file of its own, and a missing file is still a 404', async ({ collector }) => {
    expect((await rawGet(`${collector.url}/widget/loader.js.br`, { 'accept-encoding': 'br' })).status).toBe(404);
    expect((await rawGet(`${collector.url}/widget/assets/missing.js`, { 'accept-encoding': 'br' })).status).toBe(404);
  });
});

describe('Accept-Encoding', () => {
  test.for([
    [undefined, []],
    ['', []],
    ['identity', []],
    ['gzip', ['gzip']],
    ['br;q=1.0, gzip;q=0.8', ['br', 'gzip']],
    ['gzip, br;q=0', ['gzip']],
    ['BR', ['br']],
    ['*', ['br', 'gzip']],
    ['*;q=0, gzip', ['gzip']],
    ['gzip;q=0', []],
  ] as const)('%j allows %j', ([header, expected]) => {
    expect(acceptedEncodings(header).map((candidate) => candidate.encoding)).toEqual(expected);
  });
});
