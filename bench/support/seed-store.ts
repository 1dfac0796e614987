import { randomBytes } from 'node:crypto';
import BetterSqlite3, { type Database as Sqlite } from 'better-sqlite3';
import { SHARE_CHANNELS } from '../../collector/contract/share-channels';
import { openStore } from '../../collector/store/database';
import { migrateToLatest } from '../../collector/store/migrate';
import { BENCH_SITE } from './bench-site';
import { bulkInserter, type BulkInserter } from './bulk-insert';

export interface SeedPlan {
  /** Referrals already stored: each with its friend, the friend's purchase and the claim it came from. */
  referrals: number;
  /** Friends who clicked a link and have not bought yet: their purchases are what the bench times. */
  waitingFriends: number;
}

export interface SeededStore {
  siteId: string;
  /** A few claim link codes, for GET /x/:code. */
  claimLinkCodes: string[];
  /** The visitor uuids of the waiting friends, each with one claim. */
  waitingFriendUuids: string[];
}

/** Each advocate brought this many friends: 1 M referrals come from 100 k advocates. */
const REFERRALS_PER_ADVOCATE = 10;
const ROWS_PER_TRANSACTION = 100_000;
const CLAIM_LINK_CODES_RETURNED = 64;
/** Seeded rows are dated from here on, one millisecond apart, so ids and dates stay time-ordered. */
const SEED_EPOCH_IN_MS = Date.parse('2025-01-01T00:00:00Z');

/**
 * Creates the schema with the collector's own migrations, then bulk-inserts a site's history
 * with raw prepared statements in large transactions (1 M referrals in well under a minute).
 * Only the columns the core schema requires are filled, so later nullable or defaulted
 * columns do not break it; a later required column stops it with a clear message.
 */
export async function seedStore(file: string, plan: SeedPlan): Promise<SeededStore> {
  const store = openStore(`file:${file}`);
  await migrateToLatest(store.db);
  await store.close();

  return bulkLoad(file, (db) => seedRows(db, plan));
}

/**
 * Opens a migrated store file for a bulk load and runs `load` on it, indexes rebuilt after.
 * Nothing reads the file while it is seeded, and a crash only means seeding again: no journal,
 * no fsync, no foreign-key lookups (the seeders write parents first anyway).
 */
export function bulkLoad<T>(file: string, load: (db: Sqlite) => T): T {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -1000000');
  db.pragma('temp_store = MEMORY');
  try {
    return withIndexesRebuiltAfter(db, () => load(db));
  } finally {
    // Back to the mode the collector opens it in.
    db.pragma('journal_mode = WAL');
    db.close();
  }
}

function seedRows(db: Sqlite, plan: SeedPlan): SeededStore {
  const insert = {
    site: bulkInserter(db, 'sites', ['id', 'slug', 'created_at']),
    person: bulkInserter(db, 'people', ['id', 'site_id', 'identity_key', 'email', 'created_at']),
    origin: bulkInserter(db, 'origins', [
      'id', 'site_id', 'person_id', 'type', 'idempotency_key', 'order_number', 'order_number_is_numeric', 'subtotal',
      'order_date', 'visitor_uuid', 'verified', 'created_at',
    ]),
    offer: bulkInserter(db, 'offers', ['id', 'site_id', 'origin_id', 'person_id', 'short_url_code', 'friend_coupon_code', 'created_at']),
    link: bulkInserter(db, 'claim_links', ['id', 'offer_id', 'channel', 'code', 'created_at']),
    claim: bulkInserter(db, 'claims', ['id', 'site_id', 'offer_id', 'claim_link_id', 'channel', 'visitor_uuid', 'created_at']),
    referral: bulkInserter(db, 'referrals', [
      'id', 'site_id', 'advocate_offer_id', 'advocate_person_id', 'friend_origin_id', 'friend_person_id', 'claim_id',
      'attributed_by', 'status', 'created_at', 'updated_at',
    ]),
    statusChange: bulkInserter(db, 'referral_status_changes', ['id', 'referral_id', 'to_status', 'cause', 'created_at']),
  };
  const clock = new SeedClock();
  const siteId = clock.id();
  insert.site.row(siteId, BENCH_SITE.site_slug, clock.at());

  const advocates = Math.max(1, Math.ceil(plan.referrals / REFERRALS_PER_ADVOCATE));
  const offers: { offerId: string; personId: string; linkId: string; channel: string }[] = [];
  const claimLinkCodes: string[] = [];
  inBatches(db, advocates, (a) => {
    const personId = clock.id();
    const originId = clock.id();
    const offerId = clock.id();
    const at = clock.at();
    const email = `advocate-${a}@bench.example`;
    insert.person.row(personId, siteId, `email:${email}`, email, at);
    insert.origin.row(originId, siteId, personId, 'Purchase', `Purchase:a${a}`, `a${a}`, 0, 50, at, null, 1, at);
    // Ten characters: the collector's own codes have eight, so a seeded code never collides with one.
    insert.offer.row(offerId, siteId, originId, personId, code('s', a), `BENCH-${a}`, at);
    for (const [k, channel] of SHARE_CHANNELS.entries()) {
      const linkId = clock.id();
      const linkCode = code('c', a * SHARE_CHANNELS.length + k);
      insert.link.row(linkId, offerId, channel, linkCode, at);
      if (channel === 'other') offers.push({ offerId, personId, linkId, channel });
      if (claimLinkCodes.length < CLAIM_LINK_CODES_RETURNED) claimLinkCodes.push(linkCode);
    }
  });

  const uuids = new VisitorUuids();
  inBatches(db, plan.referrals, (f) => {
    const advocate = offers[f % advocates]!;
    const claimId = clock.id();
    const personId = clock.id();
    const originId = clock.id();
    const referralId = clock.id();
    const at = clock.at();
    const uuid = uuids.next();
    const email = `friend-${f}@bench.example`;
    insert.claim.row(claimId, siteId, advocate.offerId, advocate.linkId, advocate.channel, uuid, at);
    insert.person.row(personId, siteId, `email:${email}`, email, at);
    insert.origin.row(originId, siteId, personId, 'Purchase', `Purchase:f${f}`, `f${f}`, 0, 42.5, at, uuid, 1, at);
    insert.referral.row(referralId, siteId, advocate.offerId, advocate.personId, originId, personId, claimId, 'uuid', 'pending', at, at);
    insert.statusChange.row(clock.id(), referralId, 'pending', 'attribution:uuid', at);
  });

  const waitingFriendUuids: string[] = [];
  inBatches(db, plan.waitingFriends, (w) => {
    const advocate = offers[w % advocates]!;
    const uuid = uuids.next();
    insert.claim.row(clock.id(), siteId, advocate.offerId, advocate.linkId, advocate.channel, uuid, clock.at());
    waitingFriendUuids.push(uuid);
  });
  return { siteId, claimLinkCodes, waitingFriendUuids };
}

/**
 * Drops the schema's own secondary indexes, runs the bulk insert, then creates them again from
 * their stored definitions: one sort per index instead of millions of random B-tree inserts.
 * (Indexes behind UNIQUE constraints cannot be dropped and are filled as rows go in.)
 */
export function withIndexesRebuiltAfter<T>(db: Sqlite, insert: () => T): T {
  const indexes = db.prepare("select name, sql from sqlite_master where type = 'index' and sql is not null").all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`drop index "${index.name}"`);
  const result = insert();
  for (const index of indexes) db.exec(index.sql);
  return result;
}

/** Calls write(i) for i in [0, count), committing every ROWS_PER_TRANSACTION calls. */
function inBatches(db: Sqlite, count: number, write: (i: number) => void): void {
  for (let start = 0; start < count; start += ROWS_PER_TRANSACTION) {
    const end = Math.min(count, start + ROWS_PER_TRANSACTION);
    db.transaction(() => {
      for (let i = start; i < end; i++) write(i);
    })();
  }
}

function code(prefix: string, n: number): string {
  return prefix + n.toString(36).padStart(9, '0');
}

/** Time-ordered ids shaped like the collector's UUIDv7s, and the matching created_at values. */
class SeedClock {
  private tick = 0;
  private readonly salt = randomBytes(4).toString('hex');

  id(): string {
    this.tick++;
    const hex = (SEED_EPOCH_IN_MS + this.tick).toString(16).padStart(12, '0');
    const counter = this.tick.toString(16).padStart(12, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${counter.slice(0, 3)}-8${counter.slice(3, 6)}-${counter.slice(6)}${this.salt.slice(0, 6)}`;
  }

  at(): string {
    return new Date(SEED_EPOCH_IN_MS + this.tick).toISOString();
  }
}

/** Random version-4 uuids, drawn from one large random buffer at a time (crypto.randomUUID per row is slower). */
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
