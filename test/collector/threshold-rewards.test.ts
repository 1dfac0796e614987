import { afterEach, describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../collector/config/load-site-config';
import { backfillThresholdCounts } from '../../collector/store/migrations/0032-threshold-counts';
import { followClaimLink, type ClickSource } from '../support/claim-link';
import { startCollector, type TestCollector } from '../support/collector';
import { buy, CONSUMER, getRecords } from '../support/reverb';

let collector: TestCollector;
afterEach(() => collector?.cleanup());

async function start(thresholds: { reward_action_type: number; qualified_amount: number }[]) {
  collector = await startCollector({ publicRateLimits: false, trustProxy: true, site: { ...CONSUMER, approval: { mode: 'auto', cooling_period_in_hours: 0 }, threshold_rewards: thresholds } });
  return buy(collector, 'ann@example.com', 'A-1');
}

let networks = 0;
/** A friend on a network of their own (the address a trusted proxy reports). */
function newNetwork(): string {
  networks += 1;
  return `198.51.${Math.floor(networks / 250)}.${(networks % 250) + 1}`;
}

/**
 * Follows a claim link as a browser would: from its network, with the visitor cookie the
 * collector gave it before (if any); answers the cookie it has afterwards.
 */
async function click(url: string, from: ClickSource = { ip: newNetwork() }): Promise<string> {
  return (await followClaimLink(url, from)).cookie;
}

function thresholdReferrals() {
  return collector.running.services.db.selectFrom('referrals').selectAll().where('reward_action_type', 'in', [3, 4]).execute();
}

describe('click thresholds (reward_action_type 3)', () => {
  it('credits the advocate once when distinct visitors reach N, not again at N+1, and not for repeated clicks', async () => {
    const advocate = await start([{ reward_action_type: 3, qualified_amount: 3 }]);
    const link = advocate.offer.claim_urls.facebook;
    const home = newNetwork();
    const sameVisitor = { ip: home, cookie: await click(link, { ip: home }) };
    for (let n = 0; n < 5; n++) await click(link, sameVisitor);
    await click(advocate.offer.claim_urls.whatsapp, sameVisitor);
    expect(await thresholdReferrals()).toEqual([]);

    await click(link);
    expect(await thresholdReferrals()).toEqual([]);
    await click(link);
    const [credited, ...rest] = await thresholdReferrals();
    expect(rest).toEqual([]);
    // Clicks are what browsers say: the credit waits for a person, even on an auto-approving site.
    expect(credited).toMatchObject({ advocate_person_id: advocate.customerUuid, reward_action_type: 3, qualified_amount: 3, friend_person_id: null, status: 'pending', approve_after: null });
    await click(link);
    await click(link);
    expect(await thresholdReferrals()).toHaveLength(1);

    const records = (await getRecords(collector, advocate.customerUuid)).body.response.data.referrals;
    expect(records).toEqual([expect.objectContaining({ uuid: credited!.id, reward_action_type: 3, qualified_amount: 3, referred_customer_uuid: null, short_code: advocate.offer.short_url_code })]);
  });

  it('credits a threshold exactly once when many distinct visitors click at the same moment', async () => {
    const advocate = await start([
      { reward_action_type: 3, qualified_amount: 5 },
      { reward_action_type: 3, qualified_amount: 10 },
    ]);
    await Promise.all(Array.from({ length: 24 }, () => click(advocate.offer.claim_urls.other)));
    const credited = await thresholdReferrals();
    expect(credited.map((referral) => referral.qualified_amount).sort((a, b) => a! - b!)).toEqual([5, 10]);
    const history = await collector.running.services.db.selectFrom('referral_status_changes').select('cause').where('referral_id', 'in', credited.map((r) => r.id)).execute();
    expect(history.map((change) => change.cause).sort()).toEqual(['threshold:clicks:10', 'threshold:clicks:5']);
  });
});

describe('share thresholds (reward_action_type 4)', () => {
  it('credits the advocate once their shares, social and email, reach N', async () => {
    const advocate = await start([{ reward_action_type: 4, qualified_amount: 2 }]);
    const share = (channel: string) =>
      collector.post(`/api/v2/offers/${advocate.offer.short_url_code}/shares/social`, { site_slug: collector.siteSlug, channel }, { authorization: `Bearer ${collector.apiKey}` });
    expect((await share('facebook')).status).toBe(201);
    expect(await thresholdReferrals()).toEqual([]);
    const email = await collector.post(
      `/api/v2/offers/${advocate.offer.short_url_code}/shares/email`,
      { site_slug: collector.siteSlug, recipients: 'bob@example.com' },
      { authorization: `Bearer ${collector.apiKey}` },
    );
    expect(email.status).toBe(201);
    expect(await thresholdReferrals()).toMatchObject([{ reward_action_type: 4, qualified_amount: 2, advocate_person_id: advocate.customerUuid }]);
    await share('twitter');
    expect(await thresholdReferrals()).toHaveLength(1);
  });
});

describe('threshold_rewards configuration', () => {
  const site = (threshold_rewards: unknown) => ({
    sites: [{ site_slug: 's', api_key: 'k'.repeat(16), allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/', threshold_rewards }],
  });

  it('takes click and share thresholds and refuses other types, zero and repeats', () => {
    expect(parseSiteConfig(site([{ reward_action_type: 3, qualified_amount: 10 }]), {}).file.sites[0]!.threshold_rewards).toHaveLength(1);
    expect(() => parseSiteConfig(site([{ reward_action_type: 1, qualified_amount: 10 }]), {})).toThrow(/reward_action_type: must be 3 \(clicks\) or 4 \(shares\)/);
    expect(() => parseSiteConfig(site([{ reward_action_type: 4, qualified_amount: 0 }]), {})).toThrow(/qualified_amount/);
    expect(() => parseSiteConfig(site([{ reward_action_type: 4, qualified_amount: 5 }, { reward_action_type: 4, qualified_amount: 5 }]), {})).toThrow(/must not repeat a threshold/);
  });

  it('needs consumer_key and consumer_secret together, and unique consumer keys', () => {
    const entry = { api_key: 'k'.repeat(16), allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/' };
    expect(() => parseSiteConfig({ sites: [{ site_slug: 'a', ...entry, consumer_key: 'ck_only_key' }] }, {})).toThrow(/consumer_key: consumer_key and consumer_secret/);
    expect(() =>
      parseSiteConfig({ sites: [{ site_slug: 'a', ...entry, ...CONSUMER }, { site_slug: 'b', ...entry, ...CONSUMER }] }, {}),
    ).toThrow(/consumer_key values must be unique/);
    const fromEnv = parseSiteConfig({ sites: [{ site_slug: 'a', ...entry, consumer_key: 'ck_env_key', consumer_secret_env: 'SHOP_SECRET' }] }, { SHOP_SECRET: 's'.repeat(20) });
    expect(fromEnv.consumerSecrets.get('a')).toBe('s'.repeat(20));
  });
});

describe('threshold counts', () => {
  it('count every one of many distinct visitors clicking at the same moment', async () => {
    const advocate = await start([{ reward_action_type: 3, qualified_amount: 20 }]);
    await Promise.all(Array.from({ length: 20 }, () => click(advocate.offer.claim_urls.other)));
    expect(await thresholdReferrals()).toMatchObject([{ reward_action_type: 3, qualified_amount: 20 }]);
  });

  it("leave out clicks from the advocate's own network", async () => {
    collector = await startCollector({
      publicRateLimits: false,
      trustProxy: true,
      site: { ...CONSUMER, approval: { mode: 'auto', cooling_period_in_hours: 0 }, threshold_rewards: [{ reward_action_type: 3, qualified_amount: 2 }] },
    });
    const home = '203.0.113.7';
    const advocate = await buy(collector, 'ann@example.com', 'A-1', { ip_address: home });
    const link = advocate.offer.claim_urls.facebook;
    await click(link, { ip: home });
    await click(link);
    expect(await thresholdReferrals()).toEqual([]);
    await click(link);
    expect(await thresholdReferrals()).toMatchObject([{ reward_action_type: 3, qualified_amount: 2 }]);
  });

  it('are what the migration backfill makes of the same claims and shares', async () => {
    const advocate = await start([{ reward_action_type: 3, qualified_amount: 100 }]);
    const home = newNetwork();
    const sameVisitor = { ip: home, cookie: await click(advocate.offer.claim_urls.facebook, { ip: home }) };
    await click(advocate.offer.claim_urls.whatsapp, sameVisitor);
    for (let n = 0; n < 3; n++) await click(advocate.offer.claim_urls.other);
    for (const channel of ['facebook', 'facebook', 'twitter']) {
      await collector.post(`/api/v2/offers/${advocate.offer.short_url_code}/shares/social`, { site_slug: collector.siteSlug, channel }, { authorization: `Bearer ${collector.apiKey}` });
    }
    const { db } = collector.running.services;
    const read = async () => ({
      counts: await db.selectFrom('threshold_counts').selectAll().execute(),
      marks: await db.selectFrom('threshold_marks').selectAll().orderBy('reward_action_type').orderBy('mark').execute(),
    });
    const kept = await read();
    expect(kept.counts).toMatchObject([{ advocate_person_id: advocate.customerUuid }]);
    expect(kept.counts.map((row) => [Number(row.clicks), Number(row.distinct_clickers), Number(row.shares)])).toEqual([[5, 4, 2]]);
    await db.deleteFrom('threshold_marks').execute();
    await db.deleteFrom('threshold_counts').execute();
    await backfillThresholdCounts(db);
    expect(await read()).toEqual(kept);
  });
});
