import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Running totals for the merchant console, so its overview and advocates ranking read a few
 * hundred rows instead of counting a million referrals at request time (on SQLite such a count
 * holds the process's event loop, and the widget, claims and purchases it serves wait):
 * - `daily_totals`: per site, UTC day, metric and share channel, a number (a count, or an amount
 *   in cents so sums stay exact);
 * - `advocate_totals`: per site and advocate, their referrals per status, approved ones and the
 *   referred revenue in cents, with an index in ranking order.
 *
 * What each row of offers, shares, claims, origins and referrals adds to them is said once, by
 * the `*_contributions` views below. Triggers keep the totals up to date in the same transaction
 * as every write, whichever code path makes it: an insert adds the new row's contribution; an
 * update of a counted column takes the old contribution away before and adds the new one after
 * (a referral's status change moves its count, purchase and revenue from the old status to the
 * new one on the day it was made; a refund or a superseding report changes the purchase's
 * revenue and its referral's). The backfill and any recount add up the same views.
 *
 * A later migration that rebuilds offers, shares, claims, origins or referrals on SQLite (create
 * a copy, drop the old table, rename, as 0004 did) drops these triggers with the old table: it
 * must call createTotalsTriggers again, and recountTotals if rows changed on the way.
 *
 * Metrics of `daily_totals` (channel '' where there is none):
 *   offers, shares, claims, purchases, purchase_revenue (cents, reported purchases not superseded),
 *   referrals:<status>, referral_purchases:<status>, referral_revenue:<status> (cents; the channel
 *   is the click's, or 'none').
 */

/** A purchase's subtotal less its refunds, in cents. */
const CENTS = (alias: string) => `cast(round((coalesce(${alias}.subtotal, 0) - coalesce(${alias}.refunded_amount, 0)) * 100) as bigint)`;
const STANDING = `r.status in ('pending', 'unblocked', 'approved')`;
const PURCHASE_FILTER = `o.type = 'Purchase' and o.superseded_by is null`;
const REFERRAL_FROM = `from referrals r left join origins o on o.id = r.friend_origin_id left join claims c on c.id = r.claim_id`;
const REFERRAL_KEY = `r.id as source_id, r.friend_origin_id as origin_id, r.site_id as site_id, substr(r.created_at, 1, 10) as day`;

const VIEWS: [name: string, select: string][] = [
  ['offer_contributions', `select id as source_id, site_id, substr(created_at, 1, 10) as day, 'offers' as metric, '' as channel, cast(1 as bigint) as n from offers`],
  [
    'share_contributions',
    `select s.id as source_id, o.site_id as site_id, substr(s.created_at, 1, 10) as day, 'shares' as metric, s.channel as channel, cast(1 as bigint) as n
     from shares s join offers o on o.id = s.offer_id`,
  ],
  ['claim_contributions', `select id as source_id, site_id, substr(created_at, 1, 10) as day, 'claims' as metric, channel, cast(1 as bigint) as n from claims`],
  [
    'origin_contributions',
    `select o.id as source_id, o.site_id as site_id, substr(o.created_at, 1, 10) as day, 'purchases' as metric, '' as channel, cast(1 as bigint) as n
     from origins o where ${PURCHASE_FILTER}
     union all
     select o.id as source_id, o.site_id as site_id, substr(o.created_at, 1, 10) as day, 'purchase_revenue' as metric, '' as channel, ${CENTS('o')} as n
     from origins o where ${PURCHASE_FILTER}`,
  ],
  [
    'referral_contributions',
    `select ${REFERRAL_KEY}, 'referrals:' || r.status as metric, coalesce(c.channel, 'none') as channel, cast(1 as bigint) as n ${REFERRAL_FROM}
     union all
     select ${REFERRAL_KEY}, 'referral_purchases:' || r.status as metric, coalesce(c.channel, 'none') as channel,
       cast(case when o.type = 'Purchase' then 1 else 0 end as bigint) as n ${REFERRAL_FROM}
     union all
     select ${REFERRAL_KEY}, 'referral_revenue:' || r.status as metric, coalesce(c.channel, 'none') as channel,
       case when o.type = 'Purchase' then ${CENTS('o')} else cast(0 as bigint) end as n ${REFERRAL_FROM}`,
  ],
  [
    'advocate_contributions',
    `select r.id as source_id, r.friend_origin_id as origin_id, r.site_id as site_id, r.advocate_person_id as person_id,
       cast(1 as bigint) as referrals,
       cast(case when r.status = 'approved' then 1 else 0 end as bigint) as approved,
       case when ${STANDING} and o.type = 'Purchase' then ${CENTS('o')} else cast(0 as bigint) end as revenue,
       cast(case when r.status = 'pending' then 1 else 0 end as bigint) as pending,
       cast(case when r.status = 'unblocked' then 1 else 0 end as bigint) as unblocked,
       cast(case when r.status = 'voided' then 1 else 0 end as bigint) as voided,
       cast(case when r.status = 'blocked' then 1 else 0 end as bigint) as blocked
     from referrals r left join origins o on o.id = r.friend_origin_id
     where r.advocate_person_id is not null`,
  ],
];

const ADVOCATE_FIGURES = ['referrals', 'approved', 'revenue', 'pending', 'unblocked', 'voided', 'blocked'] as const;

/** Adds (sign 1) or takes away (sign -1) what the view's rows matching `where` contribute to the daily totals. */
function daily(sign: 1 | -1, view: string, where: string): string {
  return `insert into daily_totals (site_id, day, metric, channel, n)
    select site_id, day, metric, channel, ${sign === 1 ? 'n' : '-n'} from ${view} where ${where} and n <> 0
    on conflict (site_id, day, metric, channel) do update set n = daily_totals.n + excluded.n`;
}

function advocate(sign: 1 | -1, where: string): string {
  const value = (figure: string) => (sign === 1 ? figure : `-${figure}`);
  return `insert into advocate_totals (site_id, person_id, ${ADVOCATE_FIGURES.join(', ')})
    select site_id, person_id, ${ADVOCATE_FIGURES.map(value).join(', ')} from advocate_contributions where ${where}
    on conflict (site_id, person_id) do update set ${ADVOCATE_FIGURES.map((figure) => `${figure} = advocate_totals.${figure} + excluded.${figure}`).join(', ')}`;
}

/** The columns an origin's or a referral's contribution depends on: updates of others fire nothing. */
const ORIGIN_COUNTED = 'site_id, type, created_at, subtotal, refunded_amount, superseded_by';
const REFERRAL_COUNTED = 'site_id, created_at, status, friend_origin_id, claim_id, advocate_person_id';

interface Trigger {
  name: string;
  table: string;
  when: 'before update' | 'after update' | 'after insert';
  columns?: string;
  statements: string[];
  /** Row locks PostgreSQL takes first (SQLite has one writer at a time). */
  postgresLocks?: string;
}

const TRIGGERS: Trigger[] = [
  { name: 'offers_totals_insert', table: 'offers', when: 'after insert', statements: [daily(1, 'offer_contributions', 'source_id = NEW.id')] },
  { name: 'shares_totals_insert', table: 'shares', when: 'after insert', statements: [daily(1, 'share_contributions', 'source_id = NEW.id')] },
  // The claim redirect's hot path: one small upsert per click.
  { name: 'claims_totals_insert', table: 'claims', when: 'after insert', statements: [daily(1, 'claim_contributions', 'source_id = NEW.id')] },
  { name: 'origins_totals_insert', table: 'origins', when: 'after insert', statements: [daily(1, 'origin_contributions', 'source_id = NEW.id')] },
  {
    name: 'origins_totals_before_update',
    table: 'origins',
    when: 'before update',
    columns: ORIGIN_COUNTED,
    // A refund changes the purchase, then voids its referral; an approval changes the referral.
    // Both then lock the referral before any total, so the two never wait for each other's.
    postgresLocks: 'perform 1 from referrals where friend_origin_id = OLD.id for update',
    statements: [daily(-1, 'origin_contributions', 'source_id = OLD.id'), daily(-1, 'referral_contributions', 'origin_id = OLD.id'), advocate(-1, 'origin_id = OLD.id')],
  },
  {
    name: 'origins_totals_after_update',
    table: 'origins',
    when: 'after update',
    columns: ORIGIN_COUNTED,
    statements: [daily(1, 'origin_contributions', 'source_id = NEW.id'), daily(1, 'referral_contributions', 'origin_id = NEW.id'), advocate(1, 'origin_id = NEW.id')],
  },
  {
    name: 'referrals_totals_insert',
    table: 'referrals',
    when: 'after insert',
    statements: [daily(1, 'referral_contributions', 'source_id = NEW.id'), advocate(1, 'source_id = NEW.id')],
  },
  {
    name: 'referrals_totals_before_update',
    table: 'referrals',
    when: 'before update',
    columns: REFERRAL_COUNTED,
    statements: [daily(-1, 'referral_contributions', 'source_id = OLD.id'), advocate(-1, 'source_id = OLD.id')],
  },
  {
    name: 'referrals_totals_after_update',
    table: 'referrals',
    when: 'after update',
    columns: REFERRAL_COUNTED,
    statements: [daily(1, 'referral_contributions', 'source_id = NEW.id'), advocate(1, 'source_id = NEW.id')],
  },
];

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Creates the triggers that keep the totals up to date (SQLite's inline bodies, PostgreSQL's trigger functions). */
export async function createTotalsTriggers(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  for (const trigger of TRIGGERS) {
    const event = `${trigger.when}${trigger.columns ? ` of ${trigger.columns}` : ''} on ${trigger.table}`;
    if (postgres) {
      // The function resolves table names in the schema it was created in, whatever a caller's search path.
      await sql
        .raw(
          `create function ${trigger.name}() returns trigger language plpgsql set search_path from current as $$
          begin ${[...(trigger.postgresLocks ? [trigger.postgresLocks] : []), ...trigger.statements].map((statement) => `${statement};`).join('\n')} return NEW; end $$`,
        )
        .execute(db);
      await sql.raw(`create trigger ${trigger.name} ${event} for each row execute function ${trigger.name}()`).execute(db);
    } else {
      await sql.raw(`create trigger ${trigger.name} ${event} for each row begin ${trigger.statements.map((statement) => `${statement};`).join('\n')} end`).execute(db);
    }
  }
}

export async function dropTotalsTriggers(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  for (const trigger of TRIGGERS) {
    await sql.raw(postgres ? `drop trigger if exists ${trigger.name} on ${trigger.table}` : `drop trigger if exists ${trigger.name}`).execute(db);
    if (postgres) await sql.raw(`drop function if exists ${trigger.name}()`).execute(db);
  }
}

/**
 * Counts the totals from scratch, set-based, from the same views the triggers add: the
 * migration's backfill, and the bench seeder's after its bulk inserts.
 */
export async function recountTotals(db: Kysely<any>): Promise<void> {
  await sql`delete from daily_totals`.execute(db);
  await sql`delete from advocate_totals`.execute(db);
  const sources = VIEWS.filter(([name]) => name !== 'advocate_contributions')
    .map(([name]) => `select site_id, day, metric, channel, n from ${name}`)
    .join(' union all ');
  await sql
    .raw(
      `insert into daily_totals (site_id, day, metric, channel, n)
       select site_id, day, metric, channel, sum(n) from (${sources}) contributions
       group by site_id, day, metric, channel having sum(n) <> 0`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into advocate_totals (site_id, person_id, ${ADVOCATE_FIGURES.join(', ')})
       select site_id, person_id, ${ADVOCATE_FIGURES.map((figure) => `sum(${figure})`).join(', ')} from advocate_contributions group by site_id, person_id`,
    )
    .execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('daily_totals')
    .addColumn('site_id', 'text', (col) => col.notNull())
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('metric', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('n', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('daily_totals_pk', ['site_id', 'day', 'metric', 'channel'])
    .execute();
  let advocateTotals = db.schema
    .createTable('advocate_totals')
    .addColumn('site_id', 'text', (col) => col.notNull())
    .addColumn('person_id', 'text', (col) => col.notNull());
  for (const figure of ADVOCATE_FIGURES) advocateTotals = advocateTotals.addColumn(figure, 'bigint', (col) => col.notNull());
  await advocateTotals.addPrimaryKeyConstraint('advocate_totals_pk', ['site_id', 'person_id']).execute();
  // The ranking's order, so its first page is the index's first rows.
  await sql`create index advocate_totals_rank_idx on advocate_totals (site_id, approved desc, revenue desc, person_id)`.execute(db);
  for (const [name, select] of VIEWS) await sql.raw(`create view ${name} as ${select}`).execute(db);
  await recountTotals(db);
  await createTotalsTriggers(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTotalsTriggers(db);
  for (const [name] of [...VIEWS].reverse()) await sql.raw(`drop view ${name}`).execute(db);
  await db.schema.dropTable('advocate_totals').execute();
  await db.schema.dropTable('daily_totals').execute();
}
