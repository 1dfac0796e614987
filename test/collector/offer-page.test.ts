import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startCollector();
});
afterAll(() => collector.cleanup());

describe("the offer's show_url page", () => {
  it('loads the widget from the collector itself, inline, under a nonce CSP', async () => {
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const { show_url: showUrl, short_url_code: code } = created.body.result.offer;
    const response = await fetch(showUrl.replace(/^http:\/\/localhost:\d+/, collector.url));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await response.text();
    expect(html).toContain(`<script async nonce="${nonce}" src="/widget/loader.js" data-site="test-shop"></script>`);
    expect(html).toContain(`vouch('offer', "${code}", { target: '#vouch-offer' })`);
    expect(html).toContain('$10 off your first order');
  });

  it('is a friendly 404 for an unknown code', async () => {
    const response = await fetch(`${collector.url}/o/Nope1234`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('This link is not valid');
  });
});
