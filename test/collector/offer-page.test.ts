import { describe, expect } from 'vitest';
import { purchase } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';

const it = collectorTest();

describe("the offer's show_url page", () => {
  it('loads the widget from the collector itself, inline, under a nonce CSP', async ({ collector }) => {
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const { show_url: showUrl, short_url_code: code, share_key: shareKey } = created.body.result.offer;
    expect(showUrl).toMatch(new RegExp(`/o/${code}\\?share_key=${shareKey}$`));
    const response = await fetch(showUrl.replace(/^http:\/\/localhost:\d+/, collector.url));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await response.text();
    expect(html).toContain(`<script async nonce="${nonce}" src="/widget/loader.js" data-site="test-shop"></script>`);
    // The advocate's own page hands the widget the share key, so they can invite by email.
    expect(html).toContain(`vouch('offer', "${code}", {"target":"#vouch-offer","shareKey":"${shareKey}"})`);
    expect(html).toContain('$10 off your first order');
  });

  it('drops a wrong share key: the page still shows the offer, but cannot send invites', async ({ collector }) => {
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'bea@example.com', order_number: 'B-1', subtotal: 1 }));
    const { short_url_code: code } = created.body.result.offer;
    const html = await (await fetch(`${collector.url}/o/${code}?share_key=${'0'.repeat(32)}`)).text();
    expect(html).toContain(`vouch('offer', "${code}", {"target":"#vouch-offer"})`);
    expect(html).not.toContain('shareKey');
  });

  it('is a friendly 404 for an unknown code', async ({ collector }) => {
    const response = await fetch(`${collector.url}/o/Nope1234`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('This link is not valid');
  });
});
