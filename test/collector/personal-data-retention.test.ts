import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../collector/config/load-site-config';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { ManualClock } from '../support/manual-clock';
import { setStatus, TEST_WEBHOOK_SECRET } from '../support/referrals';
import { testStoreKind } from '../support/test-store';

const DAY_IN_HOURS = 24;
/** The advocate's; the friends click and buy from elsewhere (the advocate's network would block them as self-referrals). */
const IP = '198.51.100.23';
const CLICK_IP = '203.0.113.50';
const USER_AGENT = 'RetentionBrowser/2.0';

/** Polls until `test` holds, for at most `timeoutInMs`. */
async function eventually<T>(read: () => Promise<T>, test: (value: T) => boolean, timeoutInMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const value = await read();
    if (test(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutInMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const clock = new ManualClock(new Date());
let collector: TestCollector;
beforeAll(async () => {
  collector = await startCollector({
    clock: clock.now,
    trustProxy: true,
    site: {
      retention: { ip_addresses_days: 90, visitor_uuids_days: 395 },
      // Nothing listens there: the event log keeps the reward's payload, which carries the advocate's IP.
      webhooks: [{ url: 'http://127.0.0.1:9/hooks', secret: TEST_WEBHOOK_SECRET, events: ['reward'] }],
      allow_private_webhook_hosts: true,
    },
    // The event log outlives the IP retention here, so its copies are swept too.
    eventRetention: { days: 1000 },
    personalDataRetention: { intervalInMs: 25, batchSize: 2 },
  });
});
afterAll(async () => {
  await collector?.cleanup();
});

const details = async () => {
  const db = collector.running.services.db;
  return {
    origins: await db.selectFrom('origins').select(['ip_address', 'visitor_uuid', 'subtotal']).orderBy('id').execute(),
    claims: await db.selectFrom('claims').select(['ip_address', 'network', 'user_agent', 'visitor_uuid']).execute(),
    events: (await db.selectFrom('events').select('payload').execute()).map((row) => row.payload),
  };
};

describe('personal data retention', () => {
  it("clears IP addresses and user agents after ip_addresses_days, then visitor uuids after visitor_uuids_days, keeping the books", async () => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 40, ip_address: IP }));
    const click = await fetch(advocate.body.result.offer.claim_url, { redirect: 'manual', headers: { 'x-forwarded-for': CLICK_IP, 'user-agent': USER_AGENT } });
    const uuid = new URL(click.headers.get('location')!).searchParams.get('vouch_uuid')!;
    for (let i = 0; i < 3; i++) {
      expect((await collector.post('/api/v2/origins', purchase(collector, { email: `friend${i}@example.com`, order_number: `F-${i}`, subtotal: 20, uuid, ip_address: `192.0.2.${10 + i}` }))).status).toBe(201);
    }
    const approved = await setStatus(collector, 'F-0', 'approved');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const fresh = await details();
    expect(fresh.origins.every((origin) => origin.ip_address !== null)).toBe(true);
    expect(fresh.claims).toEqual([expect.objectContaining({ ip_address: CLICK_IP, user_agent: USER_AGENT, visitor_uuid: uuid })]);
    expect(fresh.events.some((payload) => payload.includes(IP))).toBe(true);

    // 89 days on, nothing is due.
    clock.advanceHours(89 * DAY_IN_HOURS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await details()).origins.every((origin) => origin.ip_address !== null)).toBe(true);

    clock.advanceHours(2 * DAY_IN_HOURS);
    const afterIps = await eventually(details, (now) => now.origins.every((origin) => origin.ip_address === null) && now.claims.every((claim) => claim.ip_address === null) && now.events.every((payload) => !payload.includes(IP) && !payload.includes(CLICK_IP)));
    expect(afterIps.claims).toEqual([{ ip_address: null, network: null, user_agent: null, visitor_uuid: uuid }]);
    expect(afterIps.origins.filter((origin) => origin.visitor_uuid === uuid)).toHaveLength(3);
    expect(afterIps.origins.map((origin) => origin.subtotal)).toEqual(fresh.origins.map((origin) => origin.subtotal));

    clock.advanceHours(305 * DAY_IN_HOURS);
    const afterUuids = await eventually(details, (now) => now.origins.every((origin) => origin.visitor_uuid === null) && now.claims.every((claim) => claim.visitor_uuid.startsWith('expired:')));
    expect(afterUuids.events.every((payload) => !payload.includes(uuid))).toBe(true);
    expect(await collector.running.services.db.selectFrom('referrals').select('id').execute()).toHaveLength(3);
  });

  it('refuses a retention period that is not a whole number of days of at least 1', async () => {
    const site = (retention: unknown) => ({ sites: [{ site_slug: 'shop', name: 'Shop', api_key: 'sk_test_retention_0123456789', allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/', retention }] });
    expect(() => parseSiteConfig(site({ ip_addresses_days: 0 }), {})).toThrow(/retention\.ip_addresses_days/);
    expect(() => parseSiteConfig(site({ visitor_uuids_days: 1.5 }), {})).toThrow(/retention\.visitor_uuids_days/);
    expect(parseSiteConfig(site({ ip_addresses_days: 90 }), {}).file.sites[0]!.retention).toEqual({ ip_addresses_days: 90 });
  });
});

describe('retention of the fraud signals\' keyed hashes', () => {
  it('clears network hashes with the IPs, device id hashes with the uuids, shipping hashes after shipping_addresses_days; the shipping signal then has nothing to compare', async () => {
    const hashClock = new ManualClock(new Date());
    const hashed = await startCollector({
      clock: hashClock.now,
      trustProxy: true,
      site: { retention: { ip_addresses_days: 30, visitor_uuids_days: 60, shipping_addresses_days: 90 } },
      personalDataRetention: { intervalInMs: 25, batchSize: 2 },
    });
    try {
      const post = async (data: Record<string, unknown>) => {
        const answer = await hashed.post('/api/v2/origins', purchase(hashed, { subtotal: 30, ...data }));
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        return answer.body.result;
      };
      const home = { shipping_address: '12 Elm St., Apt 4', shipping_zip: '94107' };
      // Public addresses on distinct networks (a private one has no network hash); device ids as the widget makes them.
      const ann = await post({ email: 'ann@example.com', order_number: 'H-1', ip_address: '81.2.69.10', device_id: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b', ...home });
      const share = await hashed.post(`/api/v2/offers/${ann.offer.short_url_code}/shares/social`, { site_slug: hashed.siteSlug, api_key: hashed.apiKey, channel: 'facebook', device_id: '0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70' });
      expect(share.status, JSON.stringify(share.body)).toBe(201);
      const click = await followClaimLink(ann.offer.claim_url, { ip: '151.101.1.9', cookie: 'vouch_device=1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' });
      // While the hashes are kept, a friend shipping to Ann's address is flagged.
      const bob = await post({ email: 'bob@example.org', order_number: 'H-2', uuid: click.uuid, ip_address: '104.16.2.9', ...home });
      expect(bob.referral.fraud.signals.find((entry: { signal: string }) => entry.signal === 'same_shipping_address')).toMatchObject({ fired: true });

      const db = hashed.running.services.db;
      const hashes = async () => ({
        origins: await db.selectFrom('origins').select(['network_prefix_hash', 'device_id_hash', 'shipping_address_hash', 'shipping_zip_hash']).where('order_number', '=', 'H-1').executeTakeFirstOrThrow(),
        share: (await db.selectFrom('shares').select('device_id_hash').executeTakeFirstOrThrow()).device_id_hash,
        claim: (await db.selectFrom('claims').select('device_id_hash').executeTakeFirstOrThrow()).device_id_hash,
      });
      const kept = (value: string | null | undefined) => typeof value === 'string' && value.length > 0;
      const fresh = await hashes();
      expect(Object.values(fresh.origins).every(kept) && kept(fresh.share) && kept(fresh.claim), JSON.stringify(fresh)).toBe(true);

      hashClock.advanceHours(31 * DAY_IN_HOURS);
      const afterIps = await eventually(hashes, (now) => now.origins.network_prefix_hash === null);
      expect(afterIps).toEqual({ ...fresh, origins: { ...fresh.origins, network_prefix_hash: null } });

      hashClock.advanceHours(30 * DAY_IN_HOURS);
      const afterUuids = await eventually(hashes, (now) => now.origins.device_id_hash === null && now.share === null && now.claim === null);
      expect(afterUuids.origins).toEqual({ network_prefix_hash: null, device_id_hash: null, shipping_address_hash: fresh.origins.shipping_address_hash, shipping_zip_hash: fresh.origins.shipping_zip_hash });

      hashClock.advanceHours(30 * DAY_IN_HOURS);
      const afterShipping = await eventually(hashes, (now) => now.origins.shipping_address_hash === null);
      expect(afterShipping.origins).toEqual({ network_prefix_hash: null, device_id_hash: null, shipping_address_hash: null, shipping_zip_hash: null });
      // A friend who ships to Ann's address now is compared with nothing: her address is forgotten.
      // (Her friend coupon attributes Cat: her link's click uuids are forgotten by now too.)
      const cat = await post({ email: 'cat@example.org', order_number: 'H-3', coupon_code: ann.offer.coupon_code, ip_address: '185.199.4.9', ...home });
      expect(cat.referral).toBeTruthy();
      expect(cat.referral.fraud.signals.find((entry: { signal: string }) => entry.signal === 'same_shipping_address')).toMatchObject({ fired: false, value: { compared: false } });
    } finally {
      await hashed.cleanup();
    }
  });
});

describe.skipIf(testStoreKind() !== 'postgres')('personal data retention on two instances sharing a store', () => {
  it('clears every old IP once, with neither instance failing a round', async () => {
    const shared = new ManualClock(new Date());
    const lines: { level: string; message: string }[] = [];
    const logger = { info() {}, warn: (message: string) => lines.push({ level: 'warn', message }), error: (message: string) => lines.push({ level: 'error', message }) };
    const options = { clock: shared.now, logger, site: { retention: { ip_addresses_days: 30 } }, personalDataRetention: { intervalInMs: 10, batchSize: 1 } };
    const first = await startCollector(options);
    const second = await startCollector({ ...options, reuse: first, apiKey: first.apiKey });
    try {
      for (let i = 0; i < 8; i++) {
        expect((await first.post('/api/v2/origins', purchase(first, { email: `p${i}@example.com`, order_number: `P-${i}`, subtotal: 5, ip_address: `192.0.2.${i + 1}` }))).status).toBe(201);
      }
      shared.advanceHours(31 * DAY_IN_HOURS);
      const origins = () => first.running.services.db.selectFrom('origins').select(['ip_address', 'subtotal']).execute();
      const cleared = await eventually(origins, (rows) => rows.every((row) => row.ip_address === null));
      expect(cleared).toHaveLength(8);
      expect(lines).toEqual([]);
    } finally {
      await second.stop();
      await first.cleanup();
    }
  });
});
