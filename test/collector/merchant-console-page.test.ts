/**
 * The merchant console's page and files as the collector serves them: one index.html for every
 * page path (never for /console/api/*), hashed files cached for a year, a strict CSP, and no
 * secret anywhere a browser can read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { collectorTest } from '../support/collector-fixture';

const CONSOLE_DIR = join(import.meta.dirname, '../../dist/console');
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const WEBHOOK_SECRET = `whsec_${Buffer.from('a console must never show this secret!!').toString('base64')}`;

const it = collectorTest({ site: { webhook_url: 'https://hooks.shop.example/vouch', webhook_secret: WEBHOOK_SECRET } });

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The script and stylesheet URLs index.html loads. */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((match) => match[1]!);
}

describe('the merchant console page', () => {
  it('answers /console and every page path with the app, under a strict CSP', async ({ collector }) => {
    const answers = await Promise.all(['/console', '/console/', '/console/review', '/console/review?status=blocked', '/console/set-password?token=abc'].map((path) => collector.get(path)));
    const first = answers[0]!;
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('content-security-policy')).toBe(CSP);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      // The page names this release's hashed files: a browser must ask again each time.
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(answer.body).toBe(first.body);
    }
    const html = first.body as string;
    expect(html).toContain('<div id="console"></div>');
    // Nothing inline for the CSP to refuse: every script is a file, no <style>, no style attribute.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(assetsOf(html).length).toBeGreaterThanOrEqual(2);
  });

  it('serves its hashed files for a year, with their types', async ({ collector }) => {
    const html = (await collector.get('/console')).body as string;
    for (const path of assetsOf(html)) {
      expect(path).toMatch(/-[\w-]{8}\.(js|css)$/);
      const answer = await collector.get(path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('content-type')).toBe(path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await collector.get('/console/assets/no-such-file-12345678.js')).status).toBe(404);
    expect((await collector.get('/console/assets/..%2F..%2Fwidget/loader.js')).status).toBe(404);
  });

  it('never answers /console/api/* with the page', async ({ collector }) => {
    for (const path of ['/console/api', '/console/api/', '/console/api/no-such-route', '/console/api/sites/test-shop/review-queue']) {
      const answer = await collector.get(path);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(typeof answer.body, path).toBe('object');
    }
  });

  it('holds no secret key, in the page, its files or the built folder', async ({ collector }) => {
    const page = await collector.get('/console/review');
    const served = [page.body as string, ...(await Promise.all(assetsOf(page.body as string).map(async (path) => (await collector.get(path)).body as string)))];
    const built = files(CONSOLE_DIR).map((file) => readFileSync(file, 'utf8'));
    for (const text of [...served, ...built]) {
      for (const secret of [collector.apiKey, WEBHOOK_SECRET, WEBHOOK_SECRET.slice('whsec_'.length)]) expect(text).not.toContain(secret);
      for (const pattern of [/sk_(live|test|demo)_[A-Za-z0-9_-]{8,}/, /whsec_[A-Za-z0-9+/=]{16,}/]) expect(text).not.toMatch(pattern);
    }
  });
});
