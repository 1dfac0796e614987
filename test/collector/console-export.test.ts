/**
 * The console's CSV exports beyond referrals: the advocate ranking, a coupon pool's codes, the
 * suppression list and, for owners, the audit log and the console's users. Each
 * is streamed from the store a page at a time, written as RFC 4180 with formula-looking text
 * defused, saved as an attachment, and written to the audit log with the filters on screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advocateExportPages } from '../../collector/domain/console-export';
import { rankAdvocates } from '../../collector/store/advocate-ranking.repository';
import { takePoolCode } from '../../collector/store/coupon.repository';
import { suppressEmail } from '../../collector/store/suppression.repository';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { consoleBrowser, type ConsoleBrowser } from '../support/console-client';
import { signedInUser } from '../support/console-users';
import { parseCsv } from '../support/csv-records';
import { makeReferral } from '../support/referrals';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };
const SITE = '/console/api/sites/test-shop';

let collector: TestCollector;
let owner: ConsoleBrowser;
beforeAll(async () => {
  collector = await startCollector({
    site: { approval: { mode: 'manual' } },
    extraSites: [{ site_slug: 'other-shop', name: 'Other Shop', api_key: 'sk_other_0123456789', allowed_hosts: ['other.example'], destination_url: 'https://other.example/' }],
    admin: OWNER,
  });
  owner = consoleBrowser(collector);
  expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
});
afterAll(async () => {
  await collector?.cleanup();
});

const siteId = () => collector.running.services.sites.bySlug('test-shop')!.id;

async function lastAudit() {
  const audit = await owner.call('GET', '/console/api/audit');
  const entry = audit.body.result.entries[0];
  const row = await collector.running.services.db.selectFrom('audit_log').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
  return { entry, filters: JSON.parse(row.detail!).filters };
}

describe('the advocates export', () => {
  it('writes the ranking with places, approved referrals and referred revenue; names are defused; audited', async () => {
    // An advocate whose name a spreadsheet would run as a formula.
    const hostile = await collector.post('/api/v2/origins', purchase(collector, { email: 'csv.hostile@example.com', order_number: 'ADV-HOSTILE', subtotal: 40, first_name: '@SUM(A1:A9)', last_name: 'Jones' }));
    const { uuid } = await followClaimLink(hostile.body.result.offer.claim_url);
    const friend = await collector.post('/api/v2/origins', purchase(collector, { email: 'csv.hostile.f@friends.example', order_number: 'HOSTILE-1', subtotal: 12.5, uuid }));
    expect(friend.status).toBe(201);
    const top = await makeReferral(collector, { advocate: 'csv.top@example.com', friend: 'csv.top.f@friends.example', order: 'TOP-1', subtotal: 99 });
    expect((await owner.call('POST', `${SITE}/referrals/${top.referral.id}/approve`, {})).status).toBe(200);
    for (let n = 0; n < 4; n++) await makeReferral(collector, { advocate: `csv.more${n}@example.com`, friend: `csv.more${n}.f@friends.example`, order: `MORE-${n}`, subtotal: 10 + n });

    const response = await fetch(`${collector.url}${SITE}/export/advocates.csv`, { headers: { cookie: `vouch_session=${owner.cookie}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="advocates-test-shop-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(['rank', 'advocate_id', 'email', 'name', 'approved_referrals', 'referrals', 'referred_revenue']);
    expect(rows).toHaveLength(6);
    expect(rows.map((row) => row[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(rows[0]).toEqual(['1', expect.any(String), 'csv.top@example.com', 'Ann Advocate', '1', '1', '99']);
    // The pending ones follow by referred revenue: 12.5 (the hostile name's), then 13, 12, 11, 10.
    expect(rows.slice(1).map((row) => row[6])).toEqual(['13', '12.5', '12', '11', '10']);
    expect(rows.find((row) => row[2] === 'csv.hostile@example.com')![3]).toBe("'@SUM(A1:A9) Jones");

    const { entry, filters } = await lastAudit();
    expect(entry).toMatchObject({ actor: { email: OWNER.email }, action: 'export.advocates', site: 'test-shop', subject: 'advocates.csv' });
    expect(filters).toEqual({});
  });

  it('pages the ranking by its keys without losing or repeating an advocate', async () => {
    const db = collector.running.services.db;
    const paged: string[] = [];
    for await (const page of advocateExportPages(db, siteId(), {}, 2)) paged.push(...page.map((row) => row.id));
    const ranked = (await rankAdvocates(db, siteId(), { offset: 0, limit: 100 })).map((row) => row.id);
    expect(paged).toEqual(ranked);
    expect(paged.length).toBeGreaterThan(4);
  });
});

describe('the suppression list export', () => {
  it('writes the addresses with their reason, newest first; the search filters it and is audited; addresses are defused', async () => {
    const db = collector.running.services.db;
    const start = Date.now();
    await suppressEmail(db, siteId(), 'gone.one@example.com', 'unsubscribe_link', new Date(start));
    await suppressEmail(db, siteId(), 'gone.two@example.com', 'list_unsubscribe', new Date(start + 1000));
    await suppressEmail(db, siteId(), '+hostile@example.net', 'check_unsubscribe', new Date(start + 2000));

    const all = await owner.call('GET', `${SITE}/export/suppression-list.csv`);
    expect(all.status).toBe(200);
    const [header, ...rows] = parseCsv(all.body as string);
    expect(header).toEqual(['email', 'reason', 'suppressed_at']);
    expect(rows).toEqual([
      ["'+hostile@example.net", 'check_unsubscribe', new Date(start + 2000).toISOString()],
      ['gone.two@example.com', 'list_unsubscribe', new Date(start + 1000).toISOString()],
      ['gone.one@example.com', 'unsubscribe_link', new Date(start).toISOString()],
    ]);

    const searched = await owner.call('GET', `${SITE}/export/suppression-list.csv?search=EXAMPLE.COM`);
    expect(parseCsv(searched.body as string).slice(1).map((row) => row[0])).toEqual(['gone.two@example.com', 'gone.one@example.com']);
    const { entry, filters } = await lastAudit();
    expect(entry).toMatchObject({ action: 'export.suppression_list', subject: 'suppression-list.csv' });
    expect(filters).toEqual({ search: 'EXAMPLE.COM' });

    const tooLong = await owner.call('GET', `${SITE}/export/suppression-list.csv?search=${'x'.repeat(321)}`);
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({ ok: false, field: 'search' });
  });

  it('lets a reviewer of the site export; refuses a reviewer of another site and a caller without a session', async () => {
    const reviewer = await signedInUser(collector, { email: 'reviewer@shop.example', role: 'reviewer', sites: ['test-shop'] });
    expect((await reviewer.call('GET', `${SITE}/export/suppression-list.csv`)).status).toBe(200);
    expect((await reviewer.call('GET', `${SITE}/export/advocates.csv`)).status).toBe(200);
    const stranger = await signedInUser(collector, { email: 'stranger@shop.example', role: 'reviewer', sites: ['other-shop'] });
    expect((await stranger.call('GET', `${SITE}/export/advocates.csv`)).status).toBe(404);
    expect((await consoleBrowser(collector).call('GET', `${SITE}/export/advocates.csv`)).status).toBe(401);
  });
});

describe('the coupons export', () => {
  it("writes one pool's codes, used or unused as asked; audited with the pool", async () => {
    expect((await owner.call('POST', `${SITE}/coupons`, { kind: 'friend', codes: ['CSV-F1', 'CSV-F2', 'CSV-F3'] })).status).toBe(201);
    expect((await owner.call('POST', `${SITE}/coupons`, { kind: 'advocate', codes: ['CSV-A1'] })).status).toBe(201);
    // A reward hands out the oldest unused code of the pool.
    const handedOut = await takePoolCode(collector.running.services.db, siteId(), 'friend', new Date().toISOString());
    expect(handedOut).toBe('CSV-F1');

    const all = await owner.call('GET', `${SITE}/export/coupons.csv?kind=friend`);
    expect(all.status).toBe(200);
    expect(all.headers.get('content-disposition')).toMatch(/^attachment; filename="coupons-test-shop-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = parseCsv(all.body as string);
    expect(header).toEqual(['code', 'pool', 'status', 'added_at', 'used_at']);
    // Codes of one upload share its time; their order among themselves is not the list's.
    const byCode = (a: string[], b: string[]) => a[0]!.localeCompare(b[0]!);
    expect(rows.sort(byCode).map((row) => [row[0], row[1], row[2], row[4] !== ''])).toEqual([
      ['CSV-F1', 'friend', 'used', true],
      ['CSV-F2', 'friend', 'unused', false],
      ['CSV-F3', 'friend', 'unused', false],
    ]);
    const unused = await owner.call('GET', `${SITE}/export/coupons.csv?kind=friend&used=false`);
    expect(parseCsv(unused.body as string).slice(1).map((row) => row[0]).sort()).toEqual(['CSV-F2', 'CSV-F3']);
    expect((await lastAudit()).filters).toEqual({ kind: 'friend', used: 'false' });
    const used = await owner.call('GET', `${SITE}/export/coupons.csv?kind=friend&used=true`);
    expect(parseCsv(used.body as string).slice(1).map((row) => row[0])).toEqual(['CSV-F1']);
    const advocatePool = await owner.call('GET', `${SITE}/export/coupons.csv`);
    expect(parseCsv(advocatePool.body as string).slice(1).map((row) => row[0])).toEqual(['CSV-A1']);
    const { entry } = await lastAudit();
    expect(entry).toMatchObject({ action: 'export.coupons', site: 'test-shop', subject: 'coupons.csv' });

    const bad = await owner.call('GET', `${SITE}/export/coupons.csv?used=maybe`);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ ok: false, field: 'used' });
  });
});

describe('the owner exports', () => {
  it("writes the console's users without a password or its hash; a reviewer is refused", async () => {
    const reviewer = await signedInUser(collector, { email: 'csv.reviewer@shop.example', role: 'reviewer', sites: ['test-shop', 'other-shop'] });
    const response = await owner.call('GET', '/console/api/export/users.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="users-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = response.body as string;
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['user_id', 'email', 'role', 'sites', 'password_set', 'created_at', 'updated_at']);
    expect(rows.find((row) => row[1] === OWNER.email)!.slice(2, 5)).toEqual(['owner', '', 'true']);
    expect(rows.find((row) => row[1] === 'csv.reviewer@shop.example')!.slice(2, 5)).toEqual(['reviewer', 'test-shop other-shop', 'true']);
    const hashes = await collector.running.services.db.selectFrom('console_users').select('password_hash').execute();
    for (const { password_hash } of hashes) if (password_hash) expect(text).not.toContain(password_hash.slice(-20));
    expect(text).not.toMatch(/scrypt/);
    const { entry } = await lastAudit();
    expect(entry).toMatchObject({ actor: { email: OWNER.email }, action: 'export.users', site: null, subject: 'users.csv' });

    const refused = await reviewer.call('GET', '/console/api/export/users.csv');
    expect(refused.status).toBe(403);
    expect((await reviewer.call('GET', '/console/api/export/audit-log.csv')).status).toBe(403);
  });

  it('writes the audit log newest first, one site\'s entries when asked, with notes quoted and defused', async () => {
    const referral = await makeReferral(collector, { advocate: 'csv.audit@example.com', friend: 'csv.audit.f@example.com', order: 'AUDIT-1' });
    const note = '=1+2, checked "by phone"';
    expect((await owner.call('POST', `${SITE}/referrals/${referral.referral.id}/approve`, { note })).status).toBe(200);

    const response = await owner.call('GET', '/console/api/export/audit-log.csv?site=test-shop');
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(response.body as string);
    expect(header).toEqual(['at', 'actor_email', 'action', 'site', 'subject', 'note', 'detail']);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((row) => row[3] === 'test-shop')).toBe(true);
    const times = rows.map((row) => row[0]!);
    expect([...times].sort().reverse()).toEqual(times);
    const approval = rows.find((row) => row[2] === 'referral.approve' && row[4]!.includes(referral.referral.id))!;
    expect(approval[1]).toBe(OWNER.email);
    expect(approval[5]).toBe(`'${note}`);

    // Without the filter, the console's own actions (the users added above) are there too, with no site.
    const everything = parseCsv((await owner.call('GET', '/console/api/export/audit-log.csv')).body as string).slice(1);
    expect(everything.some((row) => row[2] === 'user.add' && row[3] === '')).toBe(true);
    expect(everything[0]![2]).toBe('export.audit_log');
    const { entry, filters } = await lastAudit();
    expect(entry).toMatchObject({ action: 'export.audit_log', site: null, subject: 'audit-log.csv' });
    expect(filters).toEqual({});

    const unknown = await owner.call('GET', '/console/api/export/audit-log.csv?site=no-such-shop');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, field: 'site' });
  });
});
