import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../collector/logger';
import { startCollector as startRaw } from '../../collector/start-collector';
import { openStore } from '../../collector/store/database';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';

const started: TestCollector[] = [];
afterEach(async () => {
  // Stop the restarted collectors first; the first one owns the store and deletes it.
  for (const collector of started.reverse()) await collector.cleanup();
  started.length = 0;
});

describe('the store across restarts', () => {
  it('keeps origins, offers and claims: a friend who clicked before the restart is still attributed after it', async () => {
    const first = await startCollector();
    started.push(first);
    const advocate = await first.post('/api/v2/origins', purchase(first, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    await first.stop();

    const collector = await startCollector({ reuse: first });
    started.push(collector);
    const again = await collector.post('/api/v2/origins', {
      ...purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }),
      api_key: collector.apiKey,
    });
    expect(again.status).toBe(200);
    expect(again.body.result.offer.short_url_code).toBe(advocate.body.result.offer.short_url_code);
    const friend = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'B-1', subtotal: 1, uuid }));
    expect(friend.body.result.referral.advocate_offer.short_url_code).toBe(advocate.body.result.offer.short_url_code);
  });

  it('refuses to start on a store migrated by a newer version, saying so', async () => {
    const first = await startCollector();
    started.push(first);
    await first.stop();
    const store = openStore(first.databaseUrl);
    await sql`insert into vouch_migration (name, timestamp) values ('9999-from-the-future', '2099-01-01')`.execute(store.db);
    await store.close();
    await expect(
      startRaw({ databaseUrl: first.databaseUrl, port: 0, logger: silentLogger, dataDir: first.dataDir, demoShopUrl: 'http://localhost:3001' }),
    ).rejects.toThrow(/newer version.*9999-from-the-future|9999-from-the-future.*newer version/);
  });
});
