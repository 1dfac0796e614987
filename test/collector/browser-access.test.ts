import { describe, expect } from 'vitest';
import { purchaseSignatureMessage, purchaseSignatureMessageV2, signPurchase } from '../../collector/signing/purchase-signature';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';
import { testStoreKind } from '../support/test-store';

const it = collectorTest({ allowedHosts: ['shop.example'] });

const browserPurchase = (orderNumber: string, extra: Record<string, unknown> = {}) => ({
  site_slug: 'test-shop',
  type: 'Purchase',
  data: { email: 'ann@example.com', order_number: orderNumber, subtotal: 42.5, ...extra },
});

describe('calls from the browser (site slug only)', () => {
  it('allows a page on an allowed host, with CORS headers for it and JSON sent as text/plain', async ({ collector }) => {
    const response = await collector.post('/api/v2/origins', JSON.stringify(browserPurchase('B-1')), {
      origin: 'https://shop.example',
      'content-type': 'text/plain;charset=UTF-8',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('refuses, and records nothing for, a page on another host', async ({ collector }) => {
    const response = await collector.post('/api/v2/origins', browserPurchase('EVIL-1'), { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.body.errors[0].field).toBe('origin');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const rows = await collector.running.services.db.selectFrom('origins').select('id').where('order_number', '=', 'EVIL-1').execute();
    expect(rows).toHaveLength(0);
  });

  it('answers preflights only for allowed hosts', async ({ collector }) => {
    const allowed = await fetch(`${collector.url}/api/v2/origins`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const denied = await fetch(`${collector.url}/api/v2/origins`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("trusts a purchase signed by the merchant's server, and refuses a forged signature", async ({ collector }) => {
    const message = purchaseSignatureMessage('test-shop', 'S-1', 'Ann@Example.com ', 42.5);
    expect(message).toBe('purchase:test-shop:S-1:ann@example.com:42.50');
    const signed = await collector.post('/api/v2/origins', browserPurchase('S-1', { signature: signPurchase(collector.apiKey, message) }), {
      origin: 'https://shop.example',
    });
    expect(signed.status).toBe(201);
    expect(signed.body.result.origin.verified).toBe(true);

    const forged = await collector.post('/api/v2/origins', browserPurchase('S-2', { signature: signPurchase('guessed-key', message) }), {
      origin: 'https://shop.example',
    });
    expect(forged.status).toBe(422);
    expect(forged.body.errors[0].field).toBe('data.signature');
  });

  it('pins the signature algorithm to a known answer', () => {
    expect(signPurchase('sk_test_key_0123456789', 'purchase:my-store:1001:ann@example.com:42.50')).toBe(
      // Computed independently: printf '…' | openssl dgst -sha256 -hmac sk_test_key_0123456789
      '8e43c20d1da5cf56bb9635055c766689182e746792068c90393f2487d0aa04cb',
    );
  });
});

describe('GET /healthz', () => {
  it('reports the store and the built widget', async ({ collector }) => {
    const response = await collector.get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, store: { kind: testStoreKind(), usable: true }, widget: { ok: true, files: expect.arrayContaining(['loader.js']) } });
  });
});

describe('purchases only the browser reports', () => {
  it('wait for a person: their referrals are never approved automatically, unlike signed ones', async ({ collector }) => {
    const shop = await startCollector({ site: { approval: { mode: 'auto', cooling_period_in_hours: 1 } } });
    try {
      const advocate = await shop.post('/api/v2/origins', purchase(shop, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
      const claimPath = new URL(advocate.body.result.offer.claim_url).pathname;
      const uuid = async () => (await followClaimLink(`${shop.url}${claimPath}`)).uuid;
      const unsigned = await shop.post('/api/v2/origins', { site_slug: shop.siteSlug, type: 'Purchase', data: { email: 'bob@example.com', order_number: 'B-1', subtotal: 5, uuid: await uuid() } });
      const cyUuid = await uuid();
      const message = purchaseSignatureMessageV2({ siteSlug: shop.siteSlug, orderNumber: 'C-1', email: 'cy@example.com', subtotal: 5, visitorUuid: cyUuid });
      const signed = await shop.post('/api/v2/origins', {
        site_slug: shop.siteSlug,
        type: 'Purchase',
        data: { email: 'cy@example.com', order_number: 'C-1', subtotal: 5, uuid: cyUuid, signature: `v2=${signPurchase(shop.apiKey, message)}` },
      });
      const rows = await shop.running.services.db
        .selectFrom('referrals')
        .select(['id', 'approve_after'])
        .where('id', 'in', [unsigned.body.result.referral.id, signed.body.result.referral.id])
        .execute();
      const approveAfter = Object.fromEntries(rows.map((row) => [row.id, row.approve_after]));
      expect(approveAfter[unsigned.body.result.referral.id]).toBeNull();
      expect(approveAfter[signed.body.result.referral.id]).toEqual(expect.any(String));
    } finally {
      await shop.cleanup();
    }
  });

  it("cannot read another customer's order by posting its number again", async ({ collector }) => {
    await collector.post('/api/v2/origins', { api_key: collector.apiKey, site_slug: 'test-shop', type: 'Purchase', data: { email: 'real@example.com', order_number: 'R-1', subtotal: 99 } });
    const probe = await collector.post('/api/v2/origins', browserPurchase('R-1', { email: 'snoop@example.com' }), { origin: 'https://shop.example' });
    expect(probe.status).toBe(409);
    expect(probe.body.errors[0].field).toBe('data.order_number');
    expect(JSON.stringify(probe.body)).not.toContain('99');
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('takes the address the proxy appended, not what the client put first in X-Forwarded-For', async ({ collector }) => {
    const proxied = await startCollector({ trustProxy: true, publicRateLimits: { perIpPerMinute: 2 } });
    try {
      const created = await proxied.post('/api/v2/origins', purchase(proxied, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
      const code = created.body.result.offer.short_url_code;
      const statuses = [];
      for (const forged of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
        const response = await proxied.get(`/api/v2/offers/${code}?site_slug=${proxied.siteSlug}`, { 'x-forwarded-for': `${forged}, 203.0.113.9` });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await proxied.cleanup();
    }
  });
});
