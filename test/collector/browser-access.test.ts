import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchaseSignatureMessage, signPurchase } from '../../collector/domain/purchase-signature';
import { startCollector, type TestCollector } from '../support/collector';
import { testStoreKind } from '../support/test-store';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startCollector({ allowedHosts: ['shop.example'] });
});
afterAll(() => collector.cleanup());

const browserPurchase = (orderNumber: string, extra: Record<string, unknown> = {}) => ({
  site_slug: 'test-shop',
  type: 'Purchase',
  data: { email: 'ann@example.com', order_number: orderNumber, subtotal: 42.5, ...extra },
});

describe('calls from the browser (site slug only)', () => {
  it('allows a page on an allowed host, with CORS headers for it and JSON sent as text/plain', async () => {
    const response = await collector.post('/api/v2/origins', JSON.stringify(browserPurchase('B-1')), {
      origin: 'https://shop.example',
      'content-type': 'text/plain;charset=UTF-8',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('refuses, and records nothing for, a page on another host', async () => {
    const response = await collector.post('/api/v2/origins', browserPurchase('EVIL-1'), { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.body.errors[0].field).toBe('origin');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const rows = await collector.running.services.db.selectFrom('origins').select('id').where('order_number', '=', 'EVIL-1').execute();
    expect(rows).toHaveLength(0);
  });

  it('answers preflights only for allowed hosts', async () => {
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

  it("trusts a purchase signed by the merchant's server, and refuses a forged signature", async () => {
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
  it('reports the store', async () => {
    const response = await collector.get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, store: { kind: testStoreKind(), usable: true } });
  });
});
