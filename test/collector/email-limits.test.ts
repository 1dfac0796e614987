import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseSiteConfig } from '../../collector/config/load-site-config';
import { purchase, startCollector, type TestCollector } from '../support/collector';

const started: TestCollector[] = [];
afterEach(async () => {
  for (const collector of started.splice(0).reverse()) await collector.cleanup();
});

async function start(limits: Record<string, number>, reuse?: TestCollector): Promise<TestCollector> {
  const collector = await startCollector({ site: { email_limits: limits }, reuse, apiKey: reuse?.apiKey });
  started.push(collector);
  return collector;
}

let orders = 0;
/** A new offer of the advocate (one per purchase). */
async function offerOf(collector: TestCollector, email: string): Promise<string> {
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `ADV-${++orders}`, subtotal: 30 }));
  shareKeys.set(answer.body.result.offer.short_url_code, answer.body.result.offer.share_key);
  return answer.body.result.offer.short_url_code;
}

/** Each offer's share key, as the merchant-vouched answer handed it to the advocate's browser. */
const shareKeys = new Map<string, string>();

/** An email share from the advocate's browser, or from the merchant's server with its key. */
function share(collector: TestCollector, code: string, recipients: string[], apiKey?: string) {
  return collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, recipients, ...(apiKey ? { api_key: apiKey } : { share_key: shareKeys.get(code) }) });
}

const friends = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}@example.com`);

async function mailCount(collector: TestCollector): Promise<number> {
  const rows = await collector.running.services.db.selectFrom('outbox_messages').select('id').where('kind', '=', 'mail').execute();
  return rows.length;
}

describe('email share limits', () => {
  it('refuses more recipients in one share than the site allows, naming recipients', async () => {
    const collector = await start({ recipients_per_share: 3 });
    const code = await offerOf(collector, 'ann@example.com');
    const answer = await share(collector, code, friends('f', 4));
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0]).toEqual({ field: 'recipients', message: 'must name at most 3 addresses' });
  });

  it("tells the widget the site's limit in the campaign of the origin and offer answers, 10 unless set", async () => {
    const collector = await start({ recipients_per_share: 25 });
    const origin = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: `ADV-${++orders}`, subtotal: 30 }));
    expect(origin.body.result.campaign.recipients_per_share).toBe(25);
    const offer = await collector.get(`/api/v2/offers/${origin.body.result.offer.short_url_code}?site_slug=${collector.siteSlug}`);
    expect(offer.body.result.campaign.recipients_per_share).toBe(25);
    const plain = await start({});
    expect((await plain.post('/api/v2/origins', purchase(plain, { email: 'ann@example.com', order_number: 'ADV-1', subtotal: 30 }))).body.result.campaign.recipients_per_share).toBe(10);
  });

  it('answers 429 with Retry-After past the per-advocate daily limit, over all their offers, and sends nothing', async () => {
    const collector = await start({ recipients_per_advocate_per_day: 3 });
    const first = await offerOf(collector, 'ann@example.com');
    expect((await share(collector, first, friends('a', 2))).status).toBe(201);
    const second = await offerOf(collector, 'ann@example.com');
    const refused = await share(collector, second, friends('b', 2));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(86_300);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    expect(refused.body.errors).toEqual([{ field: 'rate_limit', message: 'at most 3 invites per advocate per day' }]);
    expect(await mailCount(collector)).toBe(2);
    // Exactly up to the limit still goes, and another advocate is not affected.
    expect((await share(collector, second, friends('c', 1))).status).toBe(201);
    expect((await share(collector, await offerOf(collector, 'bea@example.com'), friends('d', 3))).status).toBe(201);
  });

  it('answers 429 past the per-IP hourly limit, whoever the advocate; the merchant server with its key is not limited by IP', async () => {
    const collector = await start({ recipients_per_ip_per_hour: 3 });
    expect((await share(collector, await offerOf(collector, 'ann@example.com'), friends('a', 2))).status).toBe(201);
    const other = await offerOf(collector, 'bea@example.com');
    const refused = await share(collector, other, friends('b', 2));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(refused.body.errors[0].message).toBe('at most 3 invites per IP address per hour');
    expect((await share(collector, other, friends('b', 2), collector.apiKey)).status).toBe(201);
  });

  it('counts from the store, so the limit holds across collector instances', async () => {
    const one = await start({ recipients_per_advocate_per_day: 2 });
    const two = await start({ recipients_per_advocate_per_day: 2 }, one);
    const code = await offerOf(one, 'ann@example.com');
    expect((await share(one, code, friends('a', 2))).status).toBe(201);
    expect((await share(two, code, friends('b', 1))).status).toBe(429);
  });

  it('does not count or refuse addresses that are not sent to (duplicates, the advocate, invalid ones)', async () => {
    const collector = await start({ recipients_per_advocate_per_day: 1 });
    const code = await offerOf(collector, 'ann@example.com');
    const answer = await share(collector, code, ['bob@example.com', 'BOB@example.com', 'ann@example.com', 'nope']);
    expect(answer.status).toBe(201);
    expect(answer.body.result.stats.currently_sent).toBe(1);
    expect(answer.body.result.recipients['ann@example.com']).toMatchObject({ self_referral: true, currently_sent: false });
  });
});

describe('email configuration', () => {
  const site = { site_slug: 'my-store', api_key: 'sk_live_0123456789abcdef', allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/' };
  const broken: [string, Record<string, unknown>, RegExp][] = [
    ['email_limits.recipients_per_share', { email_limits: { recipients_per_share: 0 } }, /sites\.0\.email_limits\.recipients_per_share: /],
    ['email_limits.recipients_per_ip_per_hour', { email_limits: { recipients_per_ip_per_hour: 1.5 } }, /sites\.0\.email_limits\.recipients_per_ip_per_hour: /],
    ['smtp_url', { smtp_url: 'http://mail.example', mail_from: 'a@shop.example' }, /sites\.0\.smtp_url: must be an smtp/],
    ['mail_from', { smtp_url: 'smtp://mail.example:587' }, /sites\.0\.mail_from: is required with smtp_url/],
    ['mail_from format', { mail_from: 'Shop\r\nBcc: x@y.z' }, /sites\.0\.mail_from: /],
    ['email_invite.subject', { email_invite: { subject: '' } }, /sites\.0\.email_invite\.subject: /],
    ['smtp_url_env', { smtp_url_env: 'SHOP_SMTP_URL', mail_from: 'a@shop.example' }, /sites\.0\.smtp_url_env: SHOP_SMTP_URL is not set/],
  ];
  for (const [name, extra, message] of broken) {
    it(`refuses a bad ${name}, naming it`, () => {
      expect(() => parseSiteConfig({ sites: [{ ...site, ...extra }] }, {})).toThrow(ConfigError);
      expect(() => parseSiteConfig({ sites: [{ ...site, ...extra }] }, {})).toThrow(message);
    });
  }

  it('takes the SMTP URL from smtp_url_env, else smtp_url, else SMTP_URL, and never puts it in an error', () => {
    const env = { SHOP_SMTP_URL: 'smtps://user:secret-one@mail.example:465', SMTP_URL: 'smtp://relay.example:25' };
    const fromEnv = parseSiteConfig({ sites: [{ ...site, smtp_url_env: 'SHOP_SMTP_URL', mail_from: 'a@shop.example' }] }, env);
    expect(fromEnv.smtpUrls.get('my-store')).toBe(env.SHOP_SMTP_URL);
    expect(parseSiteConfig({ sites: [site] }, env).smtpUrls.get('my-store')).toBe(env.SMTP_URL);
    expect(parseSiteConfig({ sites: [site] }, {}).smtpUrls.get('my-store')).toBeNull();
    expect(() => parseSiteConfig({ sites: [site] }, { SMTP_URL: 'http://user:secret-two@x' })).toThrow(/^invalid environment: SMTP_URL: must be an smtp/);
    expect(() => parseSiteConfig({ sites: [site] }, { SMTP_URL: 'http://user:secret-two@x' })).not.toThrow(/secret-two/);
  });

  it('fills in the documented default limits', () => {
    const { file } = parseSiteConfig({ sites: [site] }, {});
    expect(file.sites[0]!.email_limits).toEqual({ recipients_per_share: 10, recipients_per_advocate_per_day: 50, recipients_per_ip_per_hour: 100 });
  });
});
