import { describe, expect } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase, type TestCollector } from '../support/collector';
import { freshCollectorTest } from '../support/collector-fixture';

const it = freshCollectorTest();

async function count(collector: TestCollector, table: 'origins' | 'offers' | 'referrals' | 'claim_links'): Promise<number> {
  const rows = await collector.running.services.db.selectFrom(table).select('id').execute();
  return rows.length;
}

describe('idempotent origins', () => {
  it('answers the same order posted twice with the same origin and offer, and stores it once', async ({ collector }) => {
    const body = purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 80 });
    const first = await collector.post('/api/v2/origins', body);
    const second = await collector.post('/api/v2/origins', body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.result).toEqual(first.body.result);
    expect(await count(collector, 'origins')).toBe(1);
    expect(await count(collector, 'offers')).toBe(1);
  });

  it('stores one origin, one offer and one referral when the same friend order arrives concurrently', async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    const body = purchase(collector, { email: 'bob@example.com', order_number: 'B-1', subtotal: 30, uuid });
    const answers = await Promise.all(Array.from({ length: 12 }, () => collector.post('/api/v2/origins', body)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const referralIds = new Set(answers.map((answer) => answer.body.result.referral.id));
    expect(referralIds.size).toBe(1);
    expect(await count(collector, 'origins')).toBe(2);
    expect(await count(collector, 'offers')).toBe(2);
    expect(await count(collector, 'referrals')).toBe(1);
  });

  it('treats order number 12 and "12" as the same order', async ({ collector }) => {
    await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 12, subtotal: 1 }));
    const again = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: '12', subtotal: 1 }));
    expect(again.status).toBe(200);
    expect(again.body.result.origin.order_number).toBe(12);
  });

  it('keys Events by category and number', async ({ collector }) => {
    const event = (number: number) => ({
      api_key: collector.apiKey,
      site_slug: collector.siteSlug,
      type: 'Event',
      data: { email: 'ann@example.com', event_category: 'billing', event_number: number },
    });
    expect((await collector.post('/api/v2/origins', event(1))).status).toBe(201);
    expect((await collector.post('/api/v2/origins', event(1))).status).toBe(200);
    expect((await collector.post('/api/v2/origins', event(2))).status).toBe(201);
    expect(await count(collector, 'origins')).toBe(2);
  });
});
