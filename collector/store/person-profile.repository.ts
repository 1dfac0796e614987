import type { Kysely } from 'kysely';
import { findOffer, type OfferWithLinks } from './offer.repository';
import type { Database, OfferRow, OriginRow, PersonRow, ReferralRow, RewardRow, ShareRow } from './tables';

/** How an API path names a person: their email, or (anything else) their customer id or username. */
export interface PersonSlugFields {
  email: string | null;
  customerId: string | null;
}

/**
 * The person a slug names on the site: by email when it is an address, else by the merchant's
 * customer id, else by the username the merchant's server gave. The oldest wins when several
 * people share a customer id (one reported by email, one by id).
 */
export async function findPersonBySlug(db: Kysely<Database>, siteId: string, slug: PersonSlugFields): Promise<PersonRow | undefined> {
  const base = db.selectFrom('people').selectAll().where('site_id', '=', siteId).orderBy('created_at').orderBy('id').limit(1);
  if (slug.email) return base.where('email', '=', slug.email).executeTakeFirst();
  if (!slug.customerId) return undefined;
  return (await base.where('customer_id', '=', slug.customerId).executeTakeFirst()) ?? base.where('username', '=', slug.customerId).executeTakeFirst();
}

/** When the address was put on the site's suppression list, or null. */
export async function unsubscribedAt(db: Kysely<Database>, siteId: string, email: string | null): Promise<string | null> {
  if (!email) return null;
  const row = await db.selectFrom('email_suppressions').select('created_at').where('site_id', '=', siteId).where('email', '=', email).executeTakeFirst();
  return row?.created_at ?? null;
}

/** The person's latest offer (their personal share page), or undefined when they have none. */
export async function latestOfferOf(db: Kysely<Database>, personId: string): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('person_id', '=', personId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** How many Events the merchant reported for the person (Talkable's events_count). */
export async function countEventsOf(db: Kysely<Database>, personId: string): Promise<number> {
  const row = await db.selectFrom('origins').select(db.fn.countAll<string | number>().as('n')).where('person_id', '=', personId).where('type', '=', 'Event').executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The person's shares, per channel (Talkable's share_counts). */
export async function countSharesByChannel(db: Kysely<Database>, personId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('shares')
    .innerJoin('offers', 'offers.id', 'shares.offer_id')
    .select(['shares.channel', db.fn.countAll<string | number>().as('n')])
    .where('offers.person_id', '=', personId)
    .groupBy('shares.channel')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.channel, Number(row.n)]));
}

/** The advocate who referred the person (the friend of their first referral), or undefined. */
export async function referrerOf(db: Kysely<Database>, personId: string): Promise<PersonRow | undefined> {
  const referral = await db.selectFrom('referrals').select('advocate_person_id').where('friend_person_id', '=', personId).orderBy('created_at').limit(1).executeTakeFirst();
  if (!referral) return undefined;
  return db.selectFrom('people').selectAll().where('id', '=', referral.advocate_person_id).executeTakeFirst();
}

/** Every reward of these people, newest first. */
export async function rewardsOfPeople(db: Kysely<Database>, personIds: readonly string[]): Promise<RewardRow[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('rewards').selectAll().where('person_id', 'in', personIds).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** The people whose origins (purchases, sign-ups, events) carried this visitor uuid on the site. */
export async function peopleWithVisitorUuid(db: Kysely<Database>, siteId: string, visitorUuid: string): Promise<string[]> {
  const rows = await db.selectFrom('origins').select('person_id').distinct().where('site_id', '=', siteId).where('visitor_uuid', '=', visitorUuid).execute();
  return rows.map((row) => row.person_id);
}

/** A referral where the person is the advocate, with its friend, the friend's origin and the advocate's reward. */
export interface AdvocateReferral {
  referral: ReferralRow;
  friend: PersonRow | undefined;
  friendOrigin: OriginRow | undefined;
  advocateReward: RewardRow | undefined;
}

/** The referrals where the person is the advocate, newest first, with what their view names. */
export async function referralsOfAdvocate(db: Kysely<Database>, personId: string): Promise<AdvocateReferral[]> {
  const referrals = await db.selectFrom('referrals').selectAll().where('advocate_person_id', '=', personId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  if (referrals.length === 0) return [];
  const friendIds = referrals.map((row) => row.friend_person_id).filter((id): id is string => id !== null);
  const originIds = referrals.map((row) => row.friend_origin_id).filter((id): id is string => id !== null);
  const friends = friendIds.length === 0 ? [] : await db.selectFrom('people').selectAll().where('id', 'in', friendIds).execute();
  const origins = originIds.length === 0 ? [] : await db.selectFrom('origins').selectAll().where('id', 'in', originIds).execute();
  const rewards = await db.selectFrom('rewards').selectAll().where('referral_id', 'in', referrals.map((row) => row.id)).where('side', '=', 'advocate').execute();
  return referrals.map((referral) => ({
    referral,
    friend: friends.find((person) => person.id === referral.friend_person_id),
    friendOrigin: origins.find((origin) => origin.id === referral.friend_origin_id),
    advocateReward: rewards.find((reward) => reward.referral_id === referral.id),
  }));
}

/** A share the person made, with its offer, how many friends it reached and how many clicks came through its channel. */
export interface PersonShare {
  share: ShareRow;
  offer: OfferWithLinks;
  /** The origin that earned the offer (its campaign tags). */
  origin: OriginRow;
  friendsCount: number;
  friendClicksCount: number;
}

/**
 * The shares the person made, newest first. An email share's friends are the addresses it was
 * sent to; a social share's are the referrals that came through its channel's link. Clicks are
 * the offer's clicks through the share's channel (an email share's invited friends' links are its own).
 */
export async function sharesOfPerson(db: Kysely<Database>, personId: string): Promise<PersonShare[]> {
  const rows = await db
    .selectFrom('shares')
    .innerJoin('offers', 'offers.id', 'shares.offer_id')
    .selectAll('shares')
    .where('offers.person_id', '=', personId)
    .orderBy('shares.created_at', 'desc')
    .orderBy('shares.id', 'desc')
    .execute();
  const out: PersonShare[] = [];
  for (const share of rows) {
    const offer = await findOffer(db, share.offer_id);
    if (!offer) throw new Error(`share ${share.id} names offer ${share.offer_id}, which does not exist`);
    const origin = await db.selectFrom('origins').selectAll().where('id', '=', offer.offer.origin_id).executeTakeFirstOrThrow();
    const clicks = await db
      .selectFrom('claims')
      .select(db.fn.countAll<string | number>().as('n'))
      .where('offer_id', '=', share.offer_id)
      .where('channel', '=', share.channel)
      .executeTakeFirst();
    const friends =
      share.type === 'EmailOfferShare'
        ? await db.selectFrom('share_recipients').select(db.fn.countAll<string | number>().as('n')).where('share_id', '=', share.id).where('rejected_reason', 'is', null).executeTakeFirst()
        : await db
            .selectFrom('referrals')
            .innerJoin('claims', 'claims.id', 'referrals.claim_id')
            .select(db.fn.countAll<string | number>().as('n'))
            .where('claims.offer_id', '=', share.offer_id)
            .where('claims.channel', '=', share.channel)
            .executeTakeFirst();
    out.push({ share, offer, origin, friendsCount: Number(friends?.n ?? 0), friendClicksCount: Number(clicks?.n ?? 0) });
  }
  return out;
}
