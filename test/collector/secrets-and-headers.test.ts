import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';

const WIDGET_DIR = join(import.meta.dirname, '../../dist/widget');
const WEBHOOK_SECRET = `whsec_${Buffer.from('a webhook secret that must stay on the server!!').toString('base64')}`;
const SMTP_PASSWORD = 'smtp-password-never-shown';

const it = collectorTest({
  site: {
    webhook_url: 'https://hooks.shop.example/vouch',
    webhook_secret: WEBHOOK_SECRET,
    smtp_url: `smtp://mailer:${SMTP_PASSWORD}@smtp.shop.example:587`,
    mail_from: 'Shop <hello@shop.example>',
  },
  showClaimPage: true,
});

/** Every secret the collector holds for the site, none of which a browser may ever see. */
function secretsOf(collector: TestCollector): string[] {
  return [collector.apiKey, WEBHOOK_SECRET, WEBHOOK_SECRET.slice('whsec_'.length), SMTP_PASSWORD];
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('no secret reaches a browser', () => {
  it('is in no built widget file', () => {
    const built = files(WIDGET_DIR);
    expect(built.length).toBeGreaterThan(1);
    for (const file of built) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of [/sk_(live|test|demo)_[A-Za-z0-9_-]{8,}/, /whsec_[A-Za-z0-9+/=]{16,}/, /smtps?:\/\/[^"'\s]*:[^"'\s]*@/]) {
        expect(text, `${file} matches ${pattern}`).not.toMatch(pattern);
      }
    }
  });

  it('is in no answer of a public endpoint (status, headers or body)', async ({ collector }) => {
    const created = await collector.post('/api/v2/origins', {
      site_slug: collector.siteSlug,
      type: 'Purchase',
      data: { email: 'ann@example.com', order_number: 'P-1', subtotal: 5 },
    });
    const { short_url_code: code, claim_url: claimUrl } = created.body.result.offer;
    const responses = [
      created,
      await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}`),
      await collector.post(`/api/v2/offers/${code}/shares/social`, { site_slug: collector.siteSlug, channel: 'sms' }),
      await collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, recipients: 'bob@example.com' }),
      await collector.get('/api/openapi.json'),
      await collector.get('/healthz'),
      await collector.get(new URL(claimUrl).pathname),
      await collector.get(`/o/${code}`),
      await collector.get('/widget/loader.js'),
      await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, type: 'Purchase', data: { email: 'bad' } }),
      await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, api_key: 'sk_wrong_wrong_wrong', type: 'Event', data: {} }),
    ];
    for (const response of responses) {
      const text = `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${typeof response.body === 'string' ? response.body : JSON.stringify(response.body)}`;
      for (const secret of secretsOf(collector)) expect(text).not.toContain(secret);
    }
  });
});

describe('pages friends see send security headers', () => {
  it('claim page, offer page and 404 page: CSP with frame-ancestors, nosniff, referrer policy; cookie HttpOnly and SameSite', async ({ collector }) => {
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'H-1', subtotal: 5 }));
    const offer = created.body.result.offer;
    for (const path of [new URL(offer.claim_url).pathname, `/o/${offer.short_url_code}`, '/x/NoSuchCode']) {
      const response = await fetch(`${collector.url}${path}`, { redirect: 'manual' });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
    }
    const claim = await fetch(offer.claim_url.replace(/^http:\/\/localhost:\d+/, collector.url));
    expect(claim.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it('marks the visitor cookie Secure when the collector is served over https', async ({ collector }) => {
    const secure = await startCollector({ site: { show_claim_page: false } });
    try {
      secure.running.services.publicUrl = 'https://refer.shop.example';
      const created = await secure.post('/api/v2/origins', purchase(secure, { email: 'ann@example.com', order_number: 'S-1', subtotal: 5 }));
      const response = await fetch(`${secure.url}${new URL(created.body.result.offer.claim_url).pathname}`, { redirect: 'manual' });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await secure.cleanup();
    }
  });
});
