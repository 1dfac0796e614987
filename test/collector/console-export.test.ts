/**
 * The console's CSV exports beyond referrals: the advocate ranking and the suppression list. Each
 * is streamed from the store a page at a time, written as RFC 4180 with formula-looking text
 * defused, saved as an attachment, and written to the audit log with the filters on screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advocateExportPages } from '../../collector/domain/console-export';
import { rankAdvocates } from '../../collector/store/advocate-ranking.repository';
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
    const friend = await collector.post('/api/v2/origins', purchase(collector, { email: 'csv.hostile.f@example.com', order_number: 'HOSTILE-1', subtotal: 12.5, uuid }));
    expect(friend.status).toBe(201);
    const top = await makeReferral(collector, { advocate: 'csv.top@example.com', friend: 'csv.top.f@example.com', order: 'TOP-1', subtotal: 99 });
    expect((await owner.call('POST', `${SITE}/referrals/${top.referral.id}/approve`, {})).status).toBe(200);
    for (let n = 0; n < 4; n++) await makeReferral(collector, { advocate: `csv.more${n}@example.com`, friend: `csv.more${n}.f@example.com`, order: `MORE-${n}`, subtotal: 10 + n });

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
