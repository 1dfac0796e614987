/**
 * The demo shop's forms change state (the cart, the checkout that reports a purchase), so a page
 * on another site must not be able to submit them for a visitor. Forged browser headers against
 * the real demo servers; no browser needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDemo } from '../support/demo';

let demo: Awaited<ReturnType<typeof startTestDemo>>;
beforeAll(async () => {
  demo = await startTestDemo();
});
afterAll(() => demo?.cleanup());

/** A pending referral on the demo site, made through the collector as the shop's server would. */
async function pendingReferral(order: string): Promise<string> {
  const apiKey = demo.collector.services.sites.bySlug('demo-shop')!.api_key;
  const post = async (data: Record<string, unknown>) => {
    const response = await fetch(`${demo.collectorUrl}/api/v2/origins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ site_slug: 'demo-shop', type: 'Purchase', data }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as any;
  };
  const advocate = await post({ email: `ann.${order}@example.com`, order_number: `ADV-${order}`, subtotal: 40 });
  const claim = await fetch(advocate.result.offer.claim_url, { redirect: 'manual' });
  const uuid = /vouch_uuid=([0-9a-f-]{36})/.exec(claim.headers.getSetCookie().join(';'))![1];
  const friend = await post({ email: `bob.${order}@example.com`, order_number: order, subtotal: 25, uuid });
  expect(friend.result.referral.status).toBe('pending');
  return friend.result.referral.id as string;
}

/** A visitor's cart cookie, as the shop sets it when a product is added. */
async function cartCookie(): Promise<string> {
  const added = await postForm('/cart', { product: 'fern' }, { origin: demo.shopUrl, 'sec-fetch-site': 'same-origin' });
  return added.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

function postForm(path: string, fields: Record<string, string>, headers: Record<string, string>) {
  return fetch(`${demo.shopUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('the demo shop refuses state-changing requests from other sites', () => {
  it('answers 403 to a cross-site checkout of a full cart, and places no order', async () => {
    const cookie = await cartCookie();
    const checkout = { name: 'Eve', email: 'eve@example.com', coupon: '' };
    // The same checkout from the shop's own page places the order (a redirect to its confirmation).
    const own = await postForm('/checkout', checkout, { cookie, origin: demo.shopUrl, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toMatch(/^\/orders\//);
    const forged: Record<string, string>[] = [
      { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.test' },
      { 'sec-fetch-site': 'cross-site' },
      // A sandboxed frame or a redirect hides the origin: not proof of the shop's own page.
      { origin: 'null' },
      // The collector runs on the same host, another port: same site, not the same origin.
      { origin: demo.collectorUrl, 'sec-fetch-site': 'same-site' },
      // A page that lies in one header is caught by the other.
      { origin: demo.shopUrl, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of forged) {
      const response = await postForm('/checkout', checkout, { cookie, ...headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toMatch(/cross-site/i);
    }
  });

  it('refuses every POST of the shop from another site: cart and checkout too', async () => {
    const cross = { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' };
    expect((await postForm('/cart', { product: 'fern' }, cross)).status).toBe(403);
    expect((await postForm('/checkout', { name: 'Eve', email: 'eve@example.com', coupon: '' }, cross)).status).toBe(403);
  });

  it("keeps the shop's own forms and its web hook receiver working", async () => {
    const response = await postForm('/cart', { product: 'fern' }, { origin: demo.shopUrl, 'sec-fetch-site': 'same-origin' });
    expect(response.status).toBe(303);
    // An approval (the shop's server calling the collector) makes a signed web hook, which still
    // reaches the shop's receiver: a POST without browser headers.
    await pendingReferral('S-1');
    const apiKey = demo.collector.services.sites.bySlug('demo-shop')!.api_key;
    const approved = await fetch(`${demo.collectorUrl}/api/v2/origins/S-1/referral`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ site_slug: 'demo-shop', data: { status: 'approved' } }),
    });
    expect(approved.status).toBe(200);
    await expect.poll(async () => (await fetch(`${demo.shopUrl}/merchant`)).text(), { timeout: 10_000 }).toContain('signature verified');
    // Without browser headers at all (curl, the collector's web hooks) nothing changes either.
    const cart = await postForm('/cart', { product: 'fern' }, {});
    expect(cart.status).toBe(303);
  });
});
