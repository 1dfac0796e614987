import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVouch } from '../../collector/cli/run-vouch';
import { DEFAULT_FRAUD_RULES } from '../../collector/config/fraud-rules.schema';
import { replayFraudRules } from '../../collector/domain/fraud-replay';
import { newId } from '../../collector/store/ids';
import type { Database } from '../../collector/store/tables';
import type { Kysely } from 'kysely';
import { followClaimLink } from '../support/claim-link';
import { processSite, writeConfigFile } from '../support/collector-process';
import { startCollector, type TestCollector } from '../support/collector';
import { ManualClock } from '../support/manual-clock';

let collector: TestCollector | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vouch-replay-'));
});
afterEach(async () => {
  await collector?.cleanup();
  collector = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const MINUTE_IN_MS = 60_000;

/** A customer the merchant's server reports; answers the origin's result. */
async function customer(email: string, orderNumber: string, extra: Record<string, unknown> = {}) {
  const answer = await collector!.post('/api/v2/origins', { site_slug: collector!.siteSlug, api_key: collector!.apiKey, type: 'Purchase', data: { email, order_number: orderNumber, subtotal: 40, ...extra } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.result;
}

/**
 * A store with two advocates: Ann, whose four friends buy ten minutes apart (within one hour),
 * and Dan, with one friend; every friend on a network of their own, so the site's default rules
 * pass all five. Answers the friends' referral ids in the order they were made.
 */
async function seededStore(clock: ManualClock, site?: Record<string, unknown>): Promise<{ ann: string[]; dan: string[] }> {
  collector = await startCollector({ publicRateLimits: false, trustProxy: true, clock: clock.now, site });
  const ann = await customer('ann@example.com', 'A-1', { ip_address: '198.51.100.1' });
  const dan = await customer('dan@example.com', 'D-1', { ip_address: '198.51.100.2' });
  const referrals = { ann: [] as string[], dan: [] as string[] };
  const friends = [
    { advocate: ann, list: referrals.ann, email: 'bob@example.org' },
    { advocate: ann, list: referrals.ann, email: 'carol@example.org' },
    { advocate: ann, list: referrals.ann, email: 'erin@example.org' },
    { advocate: ann, list: referrals.ann, email: 'fay@example.org' },
    { advocate: dan, list: referrals.dan, email: 'gus@example.org' },
  ];
  for (const [index, friend] of friends.entries()) {
    clock.advance(10 * MINUTE_IN_MS);
    const click = await followClaimLink(friend.advocate.offer.claim_url, { ip: `203.0.113.${10 + index}` });
    const bought = await customer(friend.email, `F-${index}`, { uuid: click.uuid, ip_address: `203.0.113.${10 + index}` });
    expect(bought.referral).toMatchObject({ status: 'pending', fraud: { outcome: 'pass' } });
    friend.list.push(bought.referral.id);
  }
  return referrals;
}

/** Every row of every table, sorted, to compare a store before and after. */
async function everyRow(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const tables = await db.introspection.getTables();
  const rows: Record<string, string[]> = {};
  for (const table of tables) {
    const found = await db.selectFrom(table.name as keyof Database).selectAll().execute();
    rows[table.name] = found.map((row) => JSON.stringify(row)).sort();
  }
  return rows;
}

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run vouch -- …` on the test collector's store and a configuration of the same site. */
async function vouch(args: string[], site: Record<string, unknown> = {}): Promise<CommandResult> {
  const configPath = writeConfigFile(dir, { sites: [processSite(collector!.siteSlug, collector!.apiKey, site)] });
  const out: string[] = [];
  const err: string[] = [];
  const code = await runVouch(args, { env: { ...process.env, DATABASE_URL: collector!.databaseUrl, VOUCH_CONFIG: configPath }, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function rulesFile(rules: unknown): string {
  const path = join(dir, 'candidate.json');
  writeFileSync(path, JSON.stringify(rules));
  return path;
}

/**
 * Stores `count` referrals of one advocate straight into the tables, every one made in the same
 * millisecond (so only the id orders them), each with a friend and a purchase of their own.
 */
async function storeManyReferrals(count: number): Promise<void> {
  const { db, sites } = collector!.running.services;
  const siteId = sites.bySlug('test-shop')!.id;
  const at = new Date().toISOString();
  const person = (id: string, email: string) => ({ id, site_id: siteId, identity_key: `email:${email}`, email, customer_id: null, first_name: null, last_name: null, custom_properties: null, created_at: at });
  const origin = (id: string, personId: string, order: string) => ({
    id, site_id: siteId, person_id: personId, type: 'Purchase' as const, idempotency_key: `Purchase:${order}`, order_number: order, order_number_is_numeric: 0, event_category: null, event_number: null,
    subtotal: 10, order_date: at, coupon_code: null, items: null, campaign_tags: null, ip_address: null, visitor_uuid: null, verified: 1, created_at: at,
  });
  const [advocateId, advocateOriginId, offerId] = [newId(), newId(), newId()];
  await db.insertInto('people').values(person(advocateId, 'bulk.advocate@example.com')).execute();
  await db.insertInto('origins').values(origin(advocateOriginId, advocateId, 'BULK-A')).execute();
  await db.insertInto('offers').values({ id: offerId, site_id: siteId, origin_id: advocateOriginId, person_id: advocateId, short_url_code: 'bulkcode', friend_coupon_code: 'BULK-COUPON', created_at: at }).execute();
  for (let start = 0; start < count; start += 250) {
    const batch = Array.from({ length: Math.min(250, count - start) }, (_, k) => ({ n: start + k, personId: newId(), originId: newId() }));
    await db.insertInto('people').values(batch.map(({ n, personId }) => person(personId, `bulk.f${n}@example.com`))).execute();
    await db.insertInto('origins').values(batch.map(({ n, personId, originId }) => origin(originId, personId, `BULK-${n}`))).execute();
    await db
      .insertInto('referrals')
      .values(
        batch.map(({ personId, originId }) => ({
          id: newId(), site_id: siteId, advocate_offer_id: offerId, advocate_person_id: advocateId, friend_origin_id: originId, friend_person_id: personId, claim_id: null,
          attributed_by: 'coupon', status: 'pending' as const, blocked_reason: null, approve_after: null, advocate_reward_withheld_reason: null, created_at: at, updated_at: at,
          reward_action_type: 1 as const, level: 1, qualified_amount: null, referred_order_number: null, share_code: null, reward_amount: null, incentive_amount: null, reward_qualified: 1, incentive_qualified: 1,
        })),
      )
      .execute();
  }
}

describe('fraud replay', () => {
  it('reads six hundred referrals of one millisecond a page at a time, each once', { timeout: 120_000 }, async () => {
    collector = await startCollector();
    await storeManyReferrals(600);
    const { db, sites } = collector.running.services;
    const reads: number[] = [];
    const report = await replayFraudRules(db, sites.bySlug('test-shop')!, DEFAULT_FRAUD_RULES, { since: '2000-01-01T00:00:00.000Z', pageSize: 50, onProgress: (read) => reads.push(read) });
    // 12 full pages and the empty one that ends it: never more than a page held, none skipped or read twice across the tie.
    expect(report).toMatchObject({ referrals: 600, skipped: 0, changed: 0, pages: 13, largest_page: 50 });
    expect(reads.at(-1)).toBe(600);
    expect(report.outcomes.reduce((sum, change) => sum + change.count, 0)).toBe(600);
  });


  it('shows exactly the referrals a stricter pace rule changes, counted as of each referral, and changes nothing', async () => {
    const clock = new ManualClock(new Date(Date.now() - 24 * 3_600_000));
    const seeded = await seededStore(clock);
    const before = await everyRow(collector!.running.services.db);
    const rules = rulesFile({ signals: { advocate_referrals_per_hour: { max: 2 } } });

    const answer = await vouch(['fraud', 'replay', '--site', 'test-shop', '--rules', rules, '--since', '30d', '--json']);
    expect(answer.stderr).toBe('');
    expect(answer.code).toBe(0);
    const report = JSON.parse(answer.stdout);
    expect(report).toMatchObject({ site_slug: 'test-shop', referrals: 5, skipped: 0, changed: 2, stored_decision_differs: 0 });
    expect(report.outcomes).toEqual([
      { from: 'pass', to: 'pass', count: 3 },
      { from: 'pass', to: 'flag', count: 2 },
    ]);
    expect(report.signals).toEqual([{ signal: 'advocate_referrals_per_hour', fires_newly: 2, stops_firing: 0 }]);
    // Ann's third and fourth friends: her first two were within the pace as of their own time.
    expect(report.examples.map((example: { referral_id: string }) => example.referral_id)).toEqual(seeded.ann.slice(2));
    expect(report.examples[0]).toMatchObject({ from: 'pass', to: 'flag', status: 'pending', fires_newly: [expect.stringMatching(/^advocate_referrals_per_hour: .*3/)], stops_firing: [] });

    expect(await everyRow(collector!.running.services.db)).toEqual(before);
  });

  it('counts what a candidate turns on even where the site leaves it off (a count no rule reads is not taken live)', async () => {
    const clock = new ManualClock(new Date(Date.now() - 24 * 3_600_000));
    const paceOff = { fraud: { signals: { advocate_referrals_per_hour: { enabled: false } } } };
    const seeded = await seededStore(clock, paceOff);
    const stored = await collector!.get(`/api/v2/referrals/${seeded.ann[3]}?site_slug=test-shop`, { authorization: `Bearer ${collector!.apiKey}` });
    expect(JSON.stringify(stored.body)).not.toContain('advocate_referrals_per_hour');
    const rules = rulesFile({ signals: { advocate_referrals_per_hour: { enabled: true, max: 2 } } });
    const report = JSON.parse((await vouch(['fraud', 'replay', '--site', 'test-shop', '--rules', rules, '--since', '30d', '--json'], paceOff)).stdout);
    expect(report).toMatchObject({ referrals: 5, changed: 2 });
    expect(report.examples.map((example: { referral_id: string }) => example.referral_id)).toEqual(seeded.ann.slice(2));
  });

  it('prints the changes in words, with a block-list rule blocking one friend', async () => {
    const clock = new ManualClock(new Date(Date.now() - 24 * 3_600_000));
    const seeded = await seededStore(clock);
    const rules = rulesFile({ blocklists: { emails: ['gus@example.org'] } });
    const answer = await vouch(['fraud', 'replay', '--site', 'test-shop', '--rules', rules, '--since', '2026-01-01']);
    expect(answer.code).toBe(0);
    const lines = answer.stdout.split('\n');
    expect(lines[0]).toMatch(/^Replayed 5 referrals of test-shop made since 2026-01-01T00:00:00\.000Z: candidate rules fr-[0-9a-f]{16} against the site's fr-[0-9a-f]{16}\.$/);
    expect(lines.slice(1, 4)).toEqual(['1 referral would be decided differently:', '  pass → block   1', '  pass → pass    4  (unchanged)']);
    expect(lines).toContain('  blocked_email  fires newly on 1, stops firing on 0');
    expect(lines.some((line) => line.startsWith(`  ${seeded.dan[0]} `) && line.endsWith('(pending): pass → block'))).toBe(true);
    expect(lines.some((line) => line.startsWith('    + blocked_email: '))).toBe(true);
  });

  it('says so when the candidate rules change nothing, and counts only referrals since the date', async () => {
    const clock = new ManualClock(new Date(Date.now() - 24 * 3_600_000));
    await seededStore(clock);
    const answer = await vouch(['fraud', 'replay', '--site', 'test-shop', '--rules', rulesFile({}), '--since', '1h', '--json']);
    expect(JSON.parse(answer.stdout)).toMatchObject({ referrals: 0, changed: 0 });
    const all = await vouch(['fraud', 'replay', '--site', 'test-shop', '--rules', rulesFile({}), '--since', '2d']);
    expect(all.stdout.split('\n')).toContain('The candidate rules decide every referral the same way.');
  });

  it('pages through the referrals a few at a time', async () => {
    const clock = new ManualClock(new Date(Date.now() - 24 * 3_600_000));
    await seededStore(clock);
    const answer = await vouch(['fraud', 'replay', '--site', 'test-shop', '--rules', rulesFile({}), '--since', '2d', '--page-size', '2', '--json']);
    // Five referrals, two at a time: pages of 2, 2 and 1.
    expect(JSON.parse(answer.stdout)).toMatchObject({ referrals: 5, pages: 3, largest_page: 2 });
  });

  it('refuses candidate rules it cannot read, naming the field, in one line', async () => {
    collector = await startCollector();
    const wrong = await vouch(['fraud', 'replay', '--site', 'test-shop', '--rules', rulesFile({ signals: { same_ip: { action: 'ban' } } })]);
    expect(wrong.code).toBe(78);
    expect(wrong.stderr).toMatch(/^vouch: invalid fraud rules in .*candidate\.json: signals\.same_ip\.action: must be "flag" or "block"$/);
    const site = await vouch(['fraud', 'replay', '--site', 'elsewhere', '--rules', rulesFile({})]);
    expect(site.code).toBe(64);
    expect(site.stderr).toBe('vouch: no site "elsewhere" in the configuration (sites: test-shop) (see npm run vouch -- fraud --help)');
    const since = await vouch(['fraud', 'replay', '--site', 'test-shop', '--rules', rulesFile({}), '--since', 'last week']);
    expect(since.stderr).toBe('vouch: --since must be like 30d, 12h or 2026-11-01, not "last week" (see npm run vouch -- fraud --help)');
    const help = await vouch(['fraud', 'replay', '--help']);
    expect(help.stdout).toMatch(/^Usage: npm run vouch -- fraud replay --site SLUG --rules FILE/);
  });
});
