import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { TEST_WEBHOOK_SECRET } from '../support/referrals';
import { startSmtpInbox, type ReceivedMail, type SmtpInbox } from '../support/smtp-inbox';

// One person, with values distinctive enough that finding any of them anywhere is a leak.
const ERIN = {
  email: 'erin.privacy@example.com',
  customerId: 'cust-erin-77',
  firstName: 'Erinna',
  lastName: 'Privatova',
  ip: '203.0.113.77',
  userAgent: 'ErinBrowser/1.0 (privacy test)',
  property: 'erin-secret-colour',
  // The widget's first-party device id, and where her orders ship: kept only as keyed hashes.
  deviceId: '7e4d2c1b-9a8f-4e6d-8c5b-3a2f1e0d9c8b',
  shippingAddress: '7 Privacy Lane, Flat 3',
  shippingZip: 'EC1A 1BB',
};

let inbox: SmtpInbox;
let collector: TestCollector;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  collector = await startCollector({
    trustProxy: true,
    site: {
      smtp_url: inbox.url,
      mail_from: 'Test Shop <hello@shop.example>',
      // Nothing listens here: every web hook stays pending, its payload waiting in the outbox.
      webhooks: [{ url: 'http://127.0.0.1:9/hooks', secret: TEST_WEBHOOK_SECRET, events: ['referral', 'referral.created', 'reward', 'post_share', 'unsubscribe', 'event'] }],
      allow_private_webhook_hosts: true,
      approval: { mode: 'manual' },
    },
  });
});
afterAll(async () => {
  await collector.cleanup();
  await inbox.down();
});

const fromErin = { 'x-forwarded-for': ERIN.ip, 'user-agent': ERIN.userAgent };
const secret = () => ({ site_slug: collector.siteSlug, api_key: collector.apiKey });

function claimLinkIn(message: ReceivedMail): string {
  return /http:\/\/localhost:\d+\/x\/[A-Za-z0-9]{8}/.exec(message.mail.text ?? '')![0];
}

function unsubscribeUrlIn(message: ReceivedMail): string {
  const line = message.mail.headerLines.find((entry) => entry.key === 'list-unsubscribe')!.line;
  return /<([^>]+)>/.exec(line)![1]!;
}

/** Every row of every table of the store, as text: what someone reading the database would see. */
async function wholeStoreText(): Promise<{ table: string; text: string }[]> {
  const db = collector.running.services.db;
  const tables =
    collector.databaseUrl.startsWith('file:')
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows.map((row) => row.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)).rows.map((row) => row.name);
  const out: { table: string; text: string }[] = [];
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    for (const row of rows) out.push({ table, text: JSON.stringify(row) });
  }
  return out;
}

/**
 * The keyed hashes the fraud signals keep (of networks, device ids, shipping addresses and
 * postcodes) wherever they are stored: a hash is not the value, but it still ties rows to one person.
 */
async function fingerprintHashes(): Promise<string[]> {
  const db = collector.running.services.db;
  const origins = await db.selectFrom('origins').select(['network_prefix_hash', 'device_id_hash', 'shipping_address_hash', 'shipping_zip_hash']).execute();
  const shares = await db.selectFrom('shares').select('device_id_hash').execute();
  const claims = await db.selectFrom('claims').select('device_id_hash').execute();
  const all = [...origins.flatMap((row) => Object.values(row)), ...shares.map((row) => row.device_id_hash), ...claims.map((row) => row.device_id_hash)];
  return [...new Set(all.filter((hash): hash is string => typeof hash === 'string' && hash !== ''))];
}

/** The tables where one of the values is still found (case-insensitively). */
async function whereFound(values: string[]): Promise<string[]> {
  const rows = await wholeStoreText();
  return values.flatMap((value) => rows.filter((row) => row.text.toLowerCase().includes(value.toLowerCase())).map((row) => `${row.table}: ${value}`));
}

let erinUuid = '';
let olgaShareKey = '';
let olgaCode = '';

describe('anonymize and personal data', () => {
  it('seeds one person through every path: purchase, sign-up, offer, email share, invite, click, referral, unsubscribe, mail and pending web hooks', async () => {
    // Erin buys (the shop's server), with names, customer id, custom properties and her IP.
    const bought = await collector.post(
      '/api/v2/origins',
      purchase(collector, {
        email: ERIN.email,
        customer_id: ERIN.customerId,
        first_name: ERIN.firstName,
        last_name: ERIN.lastName,
        order_number: 'ERIN-1',
        subtotal: 50,
        ip_address: ERIN.ip,
        person_custom_properties: { colour: ERIN.property },
        device_id: ERIN.deviceId,
        shipping_address: ERIN.shippingAddress,
        shipping_zip: ERIN.shippingZip,
      }),
    );
    expect(bought.status).toBe(201);
    const erinOffer = bought.body.result.offer;
    // She signs up to the affiliate programme too (its idempotency key is her address).
    expect((await collector.post('/api/v2/origins', { ...secret(), type: 'AffiliateMember', data: { email: ERIN.email, ip_address: ERIN.ip } })).status).toBe(201);
    // She invites a friend by email from her browser, with a note naming herself.
    const shared = await collector.post(
      `/api/v2/offers/${erinOffer.short_url_code}/shares/email`,
      { site_slug: collector.siteSlug, share_key: erinOffer.share_key, recipients: 'fred.friend@example.com', subject: `From ${ERIN.firstName}`, body: `Love, ${ERIN.firstName} ${ERIN.lastName}`, device_id: ERIN.deviceId },
      fromErin,
    );
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    await inbox.waitForMessageTo('fred.friend@example.com');

    // Olga invites Erin; Erin follows the invite and buys again as Olga's friend.
    const olga = await collector.post('/api/v2/origins', purchase(collector, { email: 'olga@example.com', order_number: 'OLGA-1', subtotal: 40, first_name: 'Olga' }));
    olgaCode = olga.body.result.offer.short_url_code;
    olgaShareKey = olga.body.result.offer.share_key;
    expect((await collector.post(`/api/v2/offers/${olgaCode}/shares/email`, { site_slug: collector.siteSlug, share_key: olgaShareKey, recipients: ERIN.email })).status).toBe(201);
    const invite = await inbox.waitForMessageTo(ERIN.email);
    const response = await fetch(claimLinkIn(invite), { redirect: 'manual', headers: { ...fromErin, cookie: `vouch_device=${ERIN.deviceId}` } });
    expect(response.status).toBe(302);
    erinUuid = new URL(response.headers.get('location')!).searchParams.get('vouch_uuid')!;
    const referred = await collector.post(
      '/api/v2/origins',
      purchase(collector, { email: ERIN.email, order_number: 'ERIN-2', subtotal: 30, uuid: erinUuid, ip_address: ERIN.ip, device_id: ERIN.deviceId, shipping_address: ERIN.shippingAddress, shipping_zip: ERIN.shippingZip }),
    );
    expect(referred.status).toBe(201);
    expect(referred.body.result.referral).toBeTruthy();

    // She unsubscribes from invites with the link in Olga's invite.
    expect((await fetch(unsubscribeUrlIn(invite), { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(200);

    expect(await whereFound([ERIN.email, ERIN.ip, ERIN.userAgent, erinUuid, ERIN.firstName, ERIN.property])).not.toEqual([]);
    const pending = await collector.running.services.db.selectFrom('outbox_messages').select(['status', 'kind']).execute();
    expect(pending, JSON.stringify(pending)).toContainEqual({ status: 'pending', kind: 'webhook' });
  });

  it('answers everything kept about her as personal_data (by email, or by customer id)', async () => {
    const answer = await collector.get(`/api/v2/people/${encodeURIComponent(ERIN.email)}/personal_data?site_slug=${collector.siteSlug}&api_key=${collector.apiKey}`);
    expect(answer.status).toBe(200);
    const person = answer.body.result.person;
    expect(person).toMatchObject({ email: ERIN.email, first_name: ERIN.firstName, last_name: ERIN.lastName, customer_id: ERIN.customerId, custom_properties: { colour: ERIN.property } });
    expect(person.origins.map((origin: { type: string; ip_address: string }) => [origin.type, origin.ip_address])).toEqual([
      ['Purchase', ERIN.ip],
      ['AffiliateMember', ERIN.ip],
      ['Purchase', ERIN.ip],
    ]);
    expect(person.shares).toEqual([expect.objectContaining({ ip_address: ERIN.ip, recipients: ['fred.friend@example.com'] })]);
    expect(person.invites_received).toEqual([expect.objectContaining({ email: ERIN.email })]);
    expect(person.clicks).toEqual([expect.objectContaining({ ip_address: ERIN.ip, user_agent: ERIN.userAgent, visitor_uuid: erinUuid })]);
    expect(person.unsubscribed_at).not.toBeNull();

    const byCustomerId = await collector.get(`/api/v2/people/${ERIN.customerId}/personal_data?site_slug=${collector.siteSlug}&api_key=${collector.apiKey}`);
    expect(byCustomerId.body.result.person.email).toBe(ERIN.email);
  });

  it('refuses a caller without the secret key, bad input and an unknown person', async () => {
    const path = `/api/v2/people/${encodeURIComponent(ERIN.email)}/anonymize`;
    expect((await collector.post(path, { site_slug: collector.siteSlug })).status).toBe(401);
    expect((await collector.get(`/api/v2/people/${encodeURIComponent(ERIN.email)}/personal_data?site_slug=${collector.siteSlug}`)).status).toBe(401);
    const missing = await collector.post(path, { api_key: collector.apiKey });
    expect(missing.status).toBe(401);
    const unknown = await collector.post('/api/v2/people/nobody%40example.com/anonymize', secret());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, code: 'not_found', errors: [{ field: 'person_slug' }] });
    expect((await collector.post('/api/v2/people/no-such-customer/anonymize', secret())).status).toBe(404);
    expect((await collector.get(`/api/v2/people/no-such-customer/personal_data?site_slug=${collector.siteSlug}&api_key=${collector.apiKey}`)).status).toBe(404);
    const control = await collector.post('/api/v2/people/bad%0Aslug/anonymize', secret());
    expect(control.status).toBe(422);
    expect(control.body.errors[0].field).toBe('person_slug');
  });

  it('anonymize leaves her address, IP, user agent, visitor uuid, names, properties and the hashes of her device and shipping address nowhere in the store, and keeps the books', async () => {
    const db = collector.running.services.db;
    const referralsBefore = await db.selectFrom('referrals').select(['id', 'status', 'advocate_person_id', 'friend_person_id']).orderBy('id').execute();
    const subtotalsBefore = await db.selectFrom('origins').select(['id', 'subtotal']).orderBy('id').execute();
    // Only Erin's rows hold hashes here (Olga and Fred sent no device id or address): her purchases', her share's and her click's.
    const hashes = await fingerprintHashes();
    expect(hashes.length, JSON.stringify(hashes)).toBeGreaterThanOrEqual(4);
    expect(await whereFound(hashes)).not.toEqual([]);

    const answer = await collector.post(`/api/v2/people/${encodeURIComponent(ERIN.email)}/anonymize`, secret());
    expect(answer.status).toBe(200);
    const person = answer.body.result.person;
    expect(person.email).toMatch(/^[0-9a-f-]{36}@anonymized\.email$/);
    expect(person).toMatchObject({ first_name: null, last_name: null, customer_id: null, personal_claim_url: null });

    expect(await whereFound([ERIN.email, ERIN.ip, ERIN.userAgent, erinUuid, ERIN.firstName, ERIN.lastName, ERIN.customerId, ERIN.property, ERIN.deviceId, ERIN.shippingAddress, ERIN.shippingZip])).toEqual([]);
    // Nor any hash of her network, device, address or postcode, in any table.
    expect(await whereFound(hashes)).toEqual([]);
    // Everyone else is untouched.
    expect(await whereFound(['olga@example.com', 'fred.friend@example.com'])).not.toEqual([]);
    expect(await db.selectFrom('referrals').select(['id', 'status', 'advocate_person_id', 'friend_person_id']).orderBy('id').execute()).toEqual(referralsBefore);
    expect(await db.selectFrom('origins').select(['id', 'subtotal']).orderBy('id').execute()).toEqual(subtotalsBefore);

    // The receipt: one audit entry, naming no address.
    const receipts = await db.selectFrom('audit_log').selectAll().where('action', '=', 'person.anonymize').execute();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.subject).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps her unsubscribed: a new invite to her address is refused and sends nothing', async () => {
    const before = inbox.received.length;
    const answer = await collector.post(`/api/v2/offers/${olgaCode}/shares/email`, { site_slug: collector.siteSlug, share_key: olgaShareKey, recipients: ERIN.email.toUpperCase() });
    expect(answer.status).toBe(201);
    expect(answer.body.result.recipients[ERIN.email]).toMatchObject({ unsubscribed: true, currently_sent: false });
    expect(inbox.received.length).toBe(before);
  });

  it('is idempotent: calling again answers the same anonymized person and writes no second receipt', async () => {
    const receiptCount = async () => (await collector.running.services.db.selectFrom('audit_log').select('id').where('action', '=', 'person.anonymize').execute()).length;
    // The refused invite above named her address again: this call erases it (a receipt of its own).
    const first = await collector.post(`/api/v2/people/${encodeURIComponent(ERIN.email)}/anonymize`, secret());
    expect(first.status).toBe(200);
    const receipts = await receiptCount();
    const again = await collector.post(`/api/v2/people/${encodeURIComponent(ERIN.email)}/anonymize`, secret());
    expect(again.status).toBe(200);
    expect(again.body.result.person.email).toBe(first.body.result.person.email);
    expect(again.body.result.anonymized_at).toBe(first.body.result.anonymized_at);
    expect(await receiptCount()).toBe(receipts);
    expect(await whereFound([ERIN.email])).toEqual([]);
    expect((await collector.get(`/api/v2/people/${encodeURIComponent(ERIN.email)}/personal_data?site_slug=${collector.siteSlug}&api_key=${collector.apiKey}`)).status).toBe(404);
  });
});

describe('anonymize with mail still waiting', () => {
  let waiting: TestCollector;
  beforeAll(async () => {
    // Nothing listens on this SMTP port: the invite stays pending, retried later.
    waiting = await startCollector({ site: { smtp_url: 'smtp://127.0.0.1:9', mail_from: 'hello@shop.example' } });
  });
  afterAll(async () => {
    await waiting.cleanup();
  });

  it('does not send a pending invite that names the person, and scrubs it', async () => {
    const bought = await waiting.post('/api/v2/origins', purchase(waiting, { email: 'wendy@example.com', first_name: 'Wendolyn', order_number: 'W-1', subtotal: 10 }));
    const { short_url_code: code, share_key } = bought.body.result.offer;
    expect((await waiting.post(`/api/v2/offers/${code}/shares/email`, { site_slug: waiting.siteSlug, share_key, recipients: 'xavier@example.com' })).status).toBe(201);
    const mail = () => waiting.running.services.db.selectFrom('outbox_messages').select(['status', 'payload']).where('kind', '=', 'mail').executeTakeFirstOrThrow();
    expect((await mail()).status).toBe('pending');

    expect((await waiting.post('/api/v2/people/wendy%40example.com/anonymize', { site_slug: waiting.siteSlug, api_key: waiting.apiKey })).status).toBe(200);
    const after = await mail();
    expect(after.status).toBe('suppressed');
    expect(after.payload).not.toContain('Wendolyn');
    expect(after.payload).not.toContain('wendy@example.com');
  });
});
