import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startCollector({ site: { claim_cookie: false } });
});
afterAll(async () => {
  await collector.cleanup();
});

describe('claim_cookie: false', () => {
  it('follows a claim link without setting a cookie of its own; each click is then a new visitor', async () => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 30 }));
    const claimUrl = advocate.body.result.offer.claim_url;
    const uuids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(claimUrl, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.getSetCookie()).toEqual([]);
      uuids.push(new URL(response.headers.get('location')!).searchParams.get('vouch_uuid')!);
    }
    expect(uuids[0]).not.toBe(uuids[1]);
    const claims = await collector.running.services.db.selectFrom('claims').select('visitor_uuid').execute();
    expect(claims.map((claim) => claim.visitor_uuid).sort()).toEqual([...uuids].sort());
  });
});
