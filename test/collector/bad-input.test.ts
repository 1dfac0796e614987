import { describe, expect } from 'vitest';
import type { TestCollector } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';

const it = collectorTest();

function purchaseWith(collector: TestCollector, data: Record<string, unknown>) {
  return {
    api_key: collector.apiKey,
    site_slug: collector.siteSlug,
    type: 'Purchase',
    data: { email: 'ann@example.com', order_number: 'A-1', subtotal: 10, ...data },
  };
}

/** Posts and expects a JSON error naming the field. */
async function expectRefused(collector: TestCollector, body: unknown, status: number, field: string) {
  const response = await collector.post('/api/v2/origins', body);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.ok).toBe(false);
  expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  expect(typeof response.body.error_message).toBe('string');
}

describe('bad input to POST /api/v2/origins names the field', () => {
  it('400 for a missing type, site_slug or data field', async ({ collector }) => {
    await expectRefused(collector, { api_key: collector.apiKey, site_slug: collector.siteSlug, data: {} }, 400, 'type');
    await expectRefused(collector, { type: 'Purchase', data: { email: 'a@b.co', order_number: 1, subtotal: 1 } }, 400, 'site_slug');
    await expectRefused(collector, purchaseWith(collector, { email: undefined }), 400, 'data.email');
    await expectRefused(collector, purchaseWith(collector, { subtotal: undefined }), 400, 'data.subtotal');
    await expectRefused(collector, purchaseWith(collector, { order_number: undefined }), 400, 'data.order_number');
    await expectRefused(collector, { api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Event', data: { email: 'a@b.co', event_number: 1 } }, 400, 'data.event_category');
  });

  const invalid: [string, Record<string, unknown>][] = [
    ['data.email', { email: 'not-an-email' }],
    ['data.email', { email: 42 }],
    ['data.subtotal', { subtotal: -1 }],
    ['data.subtotal', { subtotal: 'ten' }],
    ['data.subtotal', { subtotal: 1e300 }],
    ['data.order_number', { order_number: '' }],
    ['data.order_number', { order_number: 'x'.repeat(101) }],
    ['data.order_number', { order_number: { nested: true } }],
    ['data.order_date', { order_date: 'yesterday' }],
    ['data.order_date', { order_date: '2024-13-45' }],
    ['data.order_date', { order_date: '2026-02-30' }],
    ['data.order_date', { order_date: '2025-02-29' }],
    ['data.order_date', { order_date: '2026-04-31' }],
    ['data.order_date', { order_date: '2026-00-10' }],
    ['data.order_date', { order_date: '2026-01-00' }],
    ['data.order_date', { order_date: '2026-01-01T24:00' }],
    ['data.order_date', { order_date: '2026-01-01T23:60' }],
    ['data.order_date', { order_date: '2026-01-01T12:00:60Z' }],
    ['data.order_date', { order_date: '2026-01-01T12:00+24:00' }],
    ['data.order_date', { order_date: '2026-01-01T12:00+02:75' }],
    ['data.uuid', { uuid: 'not-a-uuid' }],
    ['data.ip_address', { ip_address: '999.1.1.1' }],
    ['data.items.0.quantity', { items: [{ price: 1, quantity: 0.5, product_id: 'X' }] }],
    ['data.items', { items: Array.from({ length: 501 }, () => ({ price: 1, quantity: 1, product_id: 'X' })) }],
    ['data.person_custom_properties', { person_custom_properties: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) }],
    ['data.signature', { signature: 'zz' }],
  ];
  for (const [field, data] of invalid) {
    it(`422 for ${field} = ${JSON.stringify(Object.values(data)[0])?.slice(0, 40)}`, async ({ collector }) => {
      await expectRefused(collector, purchaseWith(collector, data), 422, field);
    });
  }

  it('says in words what a money amount must be', async ({ collector }) => {
    const response = await collector.post('/api/v2/origins', purchaseWith(collector, { subtotal: 'ten' }));
    expect(response.body.errors).toEqual([{ field: 'data.subtotal', message: 'must be a number' }]);
  });

  it('accepts real calendar dates and times, leap days included', async ({ collector }) => {
    const dates = ['2024-02-29', '2000-02-29', '2026-01-31T23:59:59.999Z', '2026-12-31 00:00+14:00', '2026-06-30T12:30:15-0930'];
    for (const [index, order_date] of dates.entries()) {
      const response = await collector.post('/api/v2/origins', purchaseWith(collector, { order_number: `D-${index}`, order_date }));
      expect(response.status, `${order_date}: ${JSON.stringify(response.body)}`).toBe(201);
    }
  });

  it('422 for an unknown origin type', async ({ collector }) => {
    await expectRefused(collector, { api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Refund', data: {} }, 422, 'type');
  });

  it('400 naming the body for malformed JSON, 415 for another content type, 413 for a huge body', async ({ collector }) => {
    const malformed = await collector.post('/api/v2/origins', '{"site_slug": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('body');
    const form = await collector.post('/api/v2/origins', 'a=b', { 'content-type': 'application/xml' });
    expect(form.status).toBe(415);
    expect(form.body.errors[0].field).toBe('content-type');
    const huge = await collector.post('/api/v2/origins', purchaseWith(collector, { first_name: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0].field).toBe('body');
  });

  it('400 naming the body for bytes that are not UTF-8, and stores nothing', async ({ collector }) => {
    const json = JSON.stringify(purchaseWith(collector, { email: 'ann@example.com', order_number: 'U-1' }));
    const [before, after] = json.split('ann@');
    const bytes = Buffer.concat([Buffer.from(before!), Buffer.from([0x61, 0xff, 0xfe, 0x62]), Buffer.from(`ann@${after!}`)]);
    for (const contentType of ['application/json', 'text/plain;charset=UTF-8']) {
      const response = await fetch(`${collector.url}/api/v2/origins`, { method: 'POST', headers: { 'content-type': contentType }, body: bytes });
      const body = await response.json();
      expect(response.status).toBe(400);
      expect(body.ok).toBe(false);
      expect(body.errors[0]).toEqual({ field: 'body', message: expect.stringMatching(/UTF-8/) });
    }
    const rows = await collector.running.services.db.selectFrom('origins').select('id').where('order_number', '=', 'U-1').execute();
    expect(rows).toHaveLength(0);
  });

  it('422 naming the field for a string that is not well-formed Unicode (a lone surrogate)', async ({ collector }) => {
    // Stored, both would turn into the same "L-\ufffd": two orders collapsed into one.
    const json = (orderNumber: string) => JSON.stringify(purchaseWith(collector, { order_number: 'PLACEHOLDER' })).replace('PLACEHOLDER', orderNumber);
    for (const escaped of ['L-\\ud800', 'L-\\udfff', 'L-\\udc00\\ud800']) {
      const response = await collector.post('/api/v2/origins', json(escaped));
      expect(response.status, escaped).toBe(422);
      expect(response.body.errors[0].field).toBe('data.order_number');
      expect(response.body.errors[0].message).toMatch(/Unicode/);
    }
    const inName = await collector.post('/api/v2/origins', JSON.stringify(purchaseWith(collector, { first_name: 'PLACEHOLDER' })).replace('PLACEHOLDER', 'Ann\\ud83d'));
    expect(inName.status).toBe(422);
    expect(inName.body.errors[0].field).toBe('data.first_name');
    const inKey = await collector.post('/api/v2/origins', JSON.stringify(purchaseWith(collector, { person_custom_properties: { PLACEHOLDER: 1 } })).replace('PLACEHOLDER', 'k\\ud800'));
    expect(inKey.status).toBe(422);
    expect(inKey.body.errors[0].field).toBe('data.person_custom_properties');
    // A real emoji (a surrogate pair) is fine.
    const emoji = await collector.post('/api/v2/origins', purchaseWith(collector, { order_number: 'L-\u{1F600}', first_name: 'Ann 😀' }));
    expect(emoji.status).toBe(201);
    const rows = await collector.running.services.db.selectFrom('origins').select('order_number').where('order_number', 'like', 'L-%').execute();
    expect(rows.map((row) => row.order_number)).toEqual(['L-\u{1F600}']);
  });

  it('422 for a JSON body that is not an object', async ({ collector }) => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const response = await collector.post('/api/v2/origins', body);
      expect([400, 422]).toContain(response.status);
      expect(response.body.ok).toBe(false);
    }
  });

  it('writes nothing for a refused request', async ({ collector }) => {
    await collector.post('/api/v2/origins', purchaseWith(collector, { email: 'bad', order_number: 'NOPE' }));
    const rows = await collector.running.services.db.selectFrom('origins').select('id').where('order_number', '=', 'NOPE').execute();
    expect(rows).toHaveLength(0);
  });

  it('answers unknown endpoints with a JSON 404', async ({ collector }) => {
    const response = await collector.get('/api/v2/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ ok: false, errors: [{ field: 'path' }] });
  });
});

describe('bad input to offers and shares', () => {
  it('404 for an unknown offer, naming it', async ({ collector }) => {
    const response = await collector.get(`/api/v2/offers/NoSuchOffer?site_slug=${collector.siteSlug}`);
    expect(response.status).toBe(404);
    expect(response.body.errors[0].field).toBe('id');
  });

  it('422 for an unknown share channel, 404 for an unknown offer code', async ({ collector }) => {
    const created = await collector.post('/api/v2/origins', purchaseWith(collector, { order_number: 'S-1' }));
    const code = created.body.result.offer.short_url_code;
    const channel = await collector.post(`/api/v2/offers/${code}/shares/social`, { site_slug: collector.siteSlug, channel: 'myspace' });
    expect(channel.status).toBe(422);
    expect(channel.body.errors[0].field).toBe('channel');
    const unknown = await collector.post('/api/v2/offers/NoSuchOffer/shares/social', { site_slug: collector.siteSlug, channel: 'facebook' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].field).toBe('short_url_code');
  });
});
