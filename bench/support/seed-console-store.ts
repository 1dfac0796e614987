import { randomBytes } from 'node:crypto';
import type { Database as Sqlite } from 'better-sqlite3';
import { SHARE_CHANNELS } from '../../collector/contract/share-channels';
import { openStore } from '../../collector/store/database';
import { migrateToLatest } from '../../collector/store/migrate';
import { createTotalsTriggers, dropTotalsTriggers, recountTotals } from '../../collector/store/migrations/0015-running-totals';
import { BENCH_SITE } from './bench-site';
import { bulkInserter } from './bulk-insert';
import { bulkLoad } from './seed-store';

/** What the console bench stores: a shop that has run its programme for a while. */
export interface ConsoleSeedPlan {
  referrals: number;
  advocates: number;
  /** The referrals are spread over this many days, up to `now`. */
  days: number;
  now: Date;
}

export interface ConsoleSeededStore {
  /** How many referrals wait in the review queue (pending). */
  pending: number;
  /** An advocate's address, for a look-up. */
  advocateEmail: string;
}

const DAY_IN_MS = 86_400_000;
/** The cooling period: referrals younger than this are mostly still pending. */
const COOLING_IN_MS = 3 * DAY_IN_MS;
/** Where friends click: most on the channels people share on most. */
const CHANNEL_WEIGHTS: Record<(typeof SHARE_CHANNELS)[number], number> = { facebook: 30, whatsapp: 20, email: 20, sms: 10, twitter: 8, linkedin: 4, other: 8 };
const ROWS_PER_TRANSACTION = 100_000;

/**
 * A store shaped like a real programme's: advocates joining over the period, each with an offer
 * and its links, shares, and friends who click and buy, their referrals spread over the days
 * (pending while young, then mostly approved; some voided or blocked), each friend's purchase
 * making an offer of its own. Bulk inserts through prepared statements, many rows a
 * transaction, indexes built once at the end (seed-store.ts explains why). The console's
 * running totals are filled the way an upgraded store's are, by the migration's set-based
 * recount after the rows are in, instead of by their triggers a row at a time.
 */
export async function seedConsoleStore(file: string, plan: ConsoleSeedPlan): Promise<ConsoleSeededStore> {
  const store = openStore(`file:${file}`);
  await migrateToLatest(store.db);
  await dropTotalsTriggers(store.db);
  await store.close();
  const seeded = seedWithoutTotals(file, plan);
  const totals = openStore(`file:${file}`);
  try {
    await recountTotals(totals.db);
    await createTotalsTriggers(totals.db);
  } finally {
    await totals.close();
  }
  return seeded;
}

function seedWithoutTotals(file: string, plan: ConsoleSeedPlan): ConsoleSeededStore {
  return bulkLoad(file, (db) => seedRows(db, plan));
}

function seedRows(db: Sqlite, plan: ConsoleSeedPlan): ConsoleSeededStore {
  const insert = {
    site: bulkInserter(db, 'sites', ['id', 'slug', 'created_at']),
    person: bulkInserter(db, 'people', ['id', 'site_id', 'identity_key', 'email', 'first_name', 'created_at']),
    origin: bulkInserter(db, 'origins', ['id', 'site_id', 'person_id', 'type', 'idempotency_key', 'order_number', 'order_number_is_numeric', 'subtotal', 'order_date', 'visitor_uuid', 'verified', 'created_at']),
    offer: bulkInserter(db, 'offers', ['id', 'site_id', 'origin_id', 'person_id', 'short_url_code', 'friend_coupon_code', 'created_at']),
    link: bulkInserter(db, 'claim_links', ['id', 'offer_id', 'channel', 'code', 'created_at']),
    share: bulkInserter(db, 'shares', ['id', 'offer_id', 'type', 'channel', 'created_at']),
    claim: bulkInserter(db, 'claims', ['id', 'site_id', 'offer_id', 'claim_link_id', 'channel', 'visitor_uuid', 'created_at']),
    referral: bulkInserter(db, 'referrals', ['id', 'site_id', 'advocate_offer_id', 'advocate_person_id', 'friend_origin_id', 'friend_person_id', 'claim_id', 'attributed_by', 'status', 'blocked_reason', 'approve_after', 'created_at', 'updated_at']),
    statusChange: bulkInserter(db, 'referral_status_changes', ['id', 'referral_id', 'from_status', 'to_status', 'cause', 'created_at']),
  };
  const random = seededRandom(17);
  const end = plan.now.getTime();
  const start = end - plan.days * DAY_IN_MS;
  const ids = new TimeIds();
  const siteId = ids.at(start - DAY_IN_MS);
  insert.site.row(siteId, BENCH_SITE.site_slug, iso(start - DAY_IN_MS));

  // Advocates join over the period's first two thirds, in time order.
  const advocateTimes = sortedTimes(plan.advocates, start - 30 * DAY_IN_MS, start + (2 * plan.days * DAY_IN_MS) / 3, random);
  const advocates: { offerId: string; personId: string; links: Map<string, string>; at: number }[] = [];
  inBatches(db, plan.advocates, (a) => {
    const at = advocateTimes[a]!;
    const personId = ids.at(at);
    const originId = ids.at(at);
    const offerId = ids.at(at);
    const email = `advocate-${a}@bench.example`;
    insert.person.row(personId, siteId, `email:${email}`, email, 'Ann', iso(at));
    insert.origin.row(originId, siteId, personId, 'Purchase', `Purchase:a${a}`, `a${a}`, 0, amount(random), iso(at), null, 1, iso(at));
    insert.offer.row(offerId, siteId, originId, personId, code('s', a), `BENCH-A${a}`, iso(at));
    const links = new Map<string, string>();
    for (const [k, channel] of SHARE_CHANNELS.entries()) {
      const linkId = ids.at(at);
      insert.link.row(linkId, offerId, channel, code('c', a * SHARE_CHANNELS.length + k), iso(at));
      links.set(channel, linkId);
    }
    // Two shares each, a little after joining.
    for (let s = 0; s < 2; s++) {
      const shareAt = Math.min(end - 1, at + random() * 7 * DAY_IN_MS);
      insert.share.row(ids.at(shareAt), offerId, 'SocialOfferShare', pickChannel(random), iso(shareAt));
    }
    advocates.push({ offerId, personId, links, at });
  });

  const referralTimes = sortedTimes(plan.referrals, start, end, random);
  const uuids = new VisitorUuids();
  let pending = 0;
  inBatches(db, plan.referrals, (f) => {
    const at = referralTimes[f]!;
    // An advocate who had joined by then (the latest ones bring the most recent friends).
    const advocate = advocates[Math.floor(random() * advocateIndexBefore(advocateTimes, at))] ?? advocates[0]!;
    const channel = pickChannel(random);
    const claimAt = Math.max(advocate.at, at - random() * DAY_IN_MS);
    const claimId = ids.at(claimAt);
    const personId = ids.at(at);
    const originId = ids.at(at);
    const referralId = ids.at(at);
    const uuid = uuids.next();
    const email = `friend-${f}@bench.example`;
    insert.claim.row(claimId, siteId, advocate.offerId, advocate.links.get(channel)!, channel, uuid, iso(claimAt));
    insert.person.row(personId, siteId, `email:${email}`, email, 'Bob', iso(at));
    insert.origin.row(originId, siteId, personId, 'Purchase', `Purchase:f${f}`, `f${f}`, 0, amount(random), iso(at), uuid, 1, iso(at));
    insert.offer.row(ids.at(at), siteId, originId, personId, code('t', f), `BENCH-F${f}`, iso(at));
    const roll = random();
    const young = end - at < COOLING_IN_MS;
    const status = roll < 0.05 ? 'blocked' : young || roll < 0.1 ? 'pending' : roll < 0.18 ? 'voided' : 'approved';
    if (status === 'pending') pending++;
    const blockedReason = status === 'blocked' ? "self_referral: the claim was made from the advocate's own browser (visitor uuid)" : null;
    const approveAfter = status === 'pending' ? iso(at + COOLING_IN_MS) : null;
    insert.referral.row(referralId, siteId, advocate.offerId, advocate.personId, originId, personId, claimId, 'uuid', status, blockedReason, approveAfter, iso(at), iso(at));
    insert.statusChange.row(ids.at(at), referralId, null, status === 'blocked' ? 'blocked' : 'pending', status === 'blocked' ? 'rule:self_referral' : 'attribution:uuid', iso(at));
    if (status === 'approved' || status === 'voided') insert.statusChange.row(ids.at(at + COOLING_IN_MS), referralId, 'pending', status, status === 'approved' ? 'scheduler:cooling_period_over' : 'api', iso(Math.min(end, at + COOLING_IN_MS)));
  });
  return { pending, advocateEmail: 'advocate-0@bench.example' };
}

/** How many advocates had joined by `at` (the times are sorted). */
function advocateIndexBefore(times: Float64Array, at: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! <= at) low = middle + 1;
    else high = middle;
  }
  return Math.max(1, low);
}

function sortedTimes(count: number, from: number, to: number, random: () => number): Float64Array {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = Math.floor(from + random() * (to - from));
  return times.sort();
}

function pickChannel(random: () => number): (typeof SHARE_CHANNELS)[number] {
  const total = Object.values(CHANNEL_WEIGHTS).reduce((a, b) => a + b, 0);
  let roll = random() * total;
  for (const [channel, weight] of Object.entries(CHANNEL_WEIGHTS) as [(typeof SHARE_CHANNELS)[number], number][]) {
    roll -= weight;
    if (roll < 0) return channel;
  }
  return 'other';
}

/** An order subtotal between 15 and 150. */
function amount(random: () => number): number {
  return Math.round((15 + random() * 135) * 100) / 100;
}

function inBatches(db: Sqlite, count: number, write: (i: number) => void): void {
  for (let from = 0; from < count; from += ROWS_PER_TRANSACTION) {
    const to = Math.min(count, from + ROWS_PER_TRANSACTION);
    db.transaction(() => {
      for (let i = from; i < to; i++) write(i);
    })();
  }
}

function code(prefix: string, n: number): string {
  return prefix + n.toString(36).padStart(9, '0');
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A small deterministic generator (mulberry32): the same store every run, so runs compare. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** UUIDv7-shaped ids for a given time: its milliseconds, then a counter and a per-run salt, so they are unique and sort by time. */
class TimeIds {
  private counter = 0;
  private readonly salt = randomBytes(3).toString('hex');

  at(ms: number): string {
    this.counter++;
    const hex = Math.floor(ms).toString(16).padStart(12, '0');
    const counter = this.counter.toString(16).padStart(12, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${counter.slice(0, 3)}-8${counter.slice(3, 6)}-${counter.slice(6)}${this.salt}`;
  }
}

/** Random version-4 uuids from one large random buffer at a time. */
class VisitorUuids {
  private pool = '';
  private offset = 0;

  next(): string {
    if (this.offset + 32 > this.pool.length) {
      this.pool = randomBytes(16 * 65_536).toString('hex');
      this.offset = 0;
    }
    const hex = this.pool.slice(this.offset, this.offset + 32);
    this.offset += 32;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
}
