import type { Kysely } from 'kysely';
import type {
  ClaimRow,
  Database,
  EmailSuppressionRow,
  OfferRow,
  OriginRow,
  OutboxAttemptRow,
  OutboxMessageRow,
  PersonRow,
  ReferralRow,
  ReferralStatusChangeRow,
  RewardRow,
  ShareRecipientRow,
  ShareRow,
} from './tables';

/**
 * What the console's look-up reads: the rows a person or an order touched, each found through
 * an index (migration 0012 adds the ones the look-up needs), never by scanning a table.
 */

/** What a look-up is about: a person (everything of theirs), or one origin (an order) and its offer. */
export interface LookupScope {
  people: PersonRow[];
  origins: OriginRow[];
  /** Addresses whose invites and unsubscription belong to the scope (besides its people's). */
  emails?: string[];
}

/** Whether the site sent (or refused to send) an invite to this address, or it unsubscribed. */
export async function isInvitedOrSuppressed(db: Kysely<Database>, siteId: string, email: string): Promise<boolean> {
  const invite = await db
    .selectFrom('share_recipients')
    .innerJoin('shares', 'shares.id', 'share_recipients.share_id')
    .innerJoin('offers', 'offers.id', 'shares.offer_id')
    .select('share_recipients.id')
    .where('share_recipients.email', '=', email)
    .where('offers.site_id', '=', siteId)
    .executeTakeFirst();
  if (invite) return true;
  const suppressed = await db.selectFrom('email_suppressions').select('id').where('site_id', '=', siteId).where('email', '=', email).executeTakeFirst();
  return suppressed !== undefined;
}

/** The site's people with this address (one, unless the shop sent it under several customer ids). */
export async function peopleWithEmail(db: Kysely<Database>, siteId: string, email: string): Promise<PersonRow[]> {
  return db.selectFrom('people').selectAll().where('site_id', '=', siteId).where('email', '=', email).execute();
}

/** The site's origin of this order number (a Purchase), if any. */
export async function originOfOrder(db: Kysely<Database>, siteId: string, orderNumber: string): Promise<OriginRow | undefined> {
  return db.selectFrom('origins').selectAll().where('site_id', '=', siteId).where('idempotency_key', '=', `Purchase:${orderNumber}`).executeTakeFirst();
}

/** The site's offer whose short URL code, claim link code or friend coupon is this, and what the code was. */
export async function offerOfCode(db: Kysely<Database>, siteId: string, code: string): Promise<{ offer: OfferRow; type: 'coupon' | 'short_code' } | undefined> {
  const byShortUrl = await db.selectFrom('offers').selectAll().where('short_url_code', '=', code).where('site_id', '=', siteId).executeTakeFirst();
  if (byShortUrl) return { offer: byShortUrl, type: 'short_code' };
  const byLink = await db
    .selectFrom('claim_links')
    .innerJoin('offers', 'offers.id', 'claim_links.offer_id')
    .selectAll('offers')
    .where('claim_links.code', '=', code)
    .where('offers.site_id', '=', siteId)
    .executeTakeFirst();
  if (byLink) return { offer: byLink, type: 'short_code' };
  const byCoupon = await db.selectFrom('offers').selectAll().where('site_id', '=', siteId).where('friend_coupon_code', '=', code).executeTakeFirst();
  return byCoupon ? { offer: byCoupon, type: 'coupon' } : undefined;
}

/** The site's reward whose coupon code is this (a pool code or one Vouch made), if any. */
export async function rewardOfCoupon(db: Kysely<Database>, siteId: string, code: string): Promise<RewardRow | undefined> {
  return db.selectFrom('rewards').selectAll().where('coupon_code', '=', code).where('site_id', '=', siteId).executeTakeFirst();
}

export async function originById(db: Kysely<Database>, id: string): Promise<OriginRow | undefined> {
  return db.selectFrom('origins').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Everything the timeline shows for a scope. */
export interface LookupRows {
  people: PersonRow[];
  origins: OriginRow[];
  /** The friends' purchases of the scope's referrals that are not in the scope themselves. */
  relatedOrigins: OriginRow[];
  offers: OfferRow[];
  shares: ShareRow[];
  /** Invites sent by the scope's offers, and invites the scope's people received. */
  invites: (ShareRecipientRow & { offer_id: string; sender_person_id: string })[];
  suppressions: EmailSuppressionRow[];
  claims: ClaimRow[];
  referrals: ReferralRow[];
  statusChanges: ReferralStatusChangeRow[];
  rewards: RewardRow[];
  messages: OutboxMessageRow[];
  attempts: OutboxAttemptRow[];
}

/**
 * Reads a scope's rows. A person's scope is all of theirs: their origins and offers, their
 * offers' shares and clicks, referrals where they are the advocate or the friend. An order's
 * scope is the origin, its offer, and the referrals it closed or its offer made.
 */
export async function lookupRows(db: Kysely<Database>, siteId: string, scope: LookupScope): Promise<LookupRows> {
  const personIds = scope.people.map((person) => person.id);
  const origins = [...scope.origins];
  if (personIds.length > 0) {
    for (const origin of await db.selectFrom('origins').selectAll().where('person_id', 'in', personIds).execute()) {
      if (!origins.some((known) => known.id === origin.id)) origins.push(origin);
    }
  }
  const originIds = origins.map((origin) => origin.id);
  const offers = originIds.length === 0 ? [] : await db.selectFrom('offers').selectAll().where('origin_id', 'in', originIds).execute();
  const offerIds = offers.map((offer) => offer.id);

  const shares = offerIds.length === 0 ? [] : await db.selectFrom('shares').selectAll().where('offer_id', 'in', offerIds).execute();
  const claims: ClaimRow[] = offerIds.length === 0 ? [] : await db.selectFrom('claims').selectAll().where('offer_id', 'in', offerIds).execute();

  const referralsById = new Map<string, ReferralRow>();
  const addReferrals = (rows: ReferralRow[]) => rows.forEach((row) => referralsById.set(row.id, row));
  if (personIds.length > 0) {
    addReferrals(await db.selectFrom('referrals').selectAll().where('advocate_person_id', 'in', personIds).execute());
    addReferrals(await db.selectFrom('referrals').selectAll().where('site_id', '=', siteId).where('friend_person_id', 'in', personIds).execute());
  } else {
    for (const offer of offers) {
      addReferrals(await db.selectFrom('referrals').selectAll().where('advocate_person_id', '=', offer.person_id).where('advocate_offer_id', '=', offer.id).execute());
    }
    if (originIds.length > 0) addReferrals(await db.selectFrom('referrals').selectAll().where('friend_origin_id', 'in', originIds).execute());
  }
  const referrals = [...referralsById.values()];
  const referralIds = referrals.map((referral) => referral.id);
  // The click that tied each referral to its advocate, on whoever's offer it was (the friend's story includes it).
  const knownClaims = new Set(claims.map((claim) => claim.id));
  const referralClaimIds = referrals.map((referral) => referral.claim_id).filter((id): id is string => id !== null && !knownClaims.has(id));
  if (referralClaimIds.length > 0) claims.push(...(await db.selectFrom('claims').selectAll().where('id', 'in', referralClaimIds).execute()));
  const statusChanges = referralIds.length === 0 ? [] : await db.selectFrom('referral_status_changes').selectAll().where('referral_id', 'in', referralIds).orderBy('created_at').orderBy('id').execute();
  const rewards = referralIds.length === 0 ? [] : await db.selectFrom('rewards').selectAll().where('referral_id', 'in', referralIds).execute();

  const emails = [...new Set([...(scope.emails ?? []), ...scope.people.map((person) => person.email).filter((email): email is string => email !== null)])];
  const sent =
    offerIds.length === 0
      ? []
      : await db
          .selectFrom('share_recipients')
          .innerJoin('shares', 'shares.id', 'share_recipients.share_id')
          .innerJoin('offers', 'offers.id', 'shares.offer_id')
          .selectAll('share_recipients')
          .select(['shares.offer_id', 'offers.person_id as sender_person_id'])
          .where('shares.offer_id', 'in', offerIds)
          .execute();
  const received =
    emails.length === 0
      ? []
      : await db
          .selectFrom('share_recipients')
          .innerJoin('shares', 'shares.id', 'share_recipients.share_id')
          .innerJoin('offers', 'offers.id', 'shares.offer_id')
          .selectAll('share_recipients')
          .select(['shares.offer_id', 'offers.person_id as sender_person_id'])
          .where('share_recipients.email', 'in', emails)
          .where('offers.site_id', '=', siteId)
          .execute();
  const invites = [...new Map([...sent, ...received].map((invite) => [invite.id, invite])).values()];
  const suppressions = emails.length === 0 ? [] : await db.selectFrom('email_suppressions').selectAll().where('site_id', '=', siteId).where('email', 'in', emails).execute();

  const subjects = [...referralIds, ...rewards.map((reward) => reward.id), ...invites.map((invite) => invite.id)];
  const messages = subjects.length === 0 ? [] : await db.selectFrom('outbox_messages').selectAll().where('subject_id', 'in', subjects).where('site_id', '=', siteId).execute();
  const attempts = messages.length === 0 ? [] : await db.selectFrom('outbox_attempts').selectAll().where('message_id', 'in', messages.map((message) => message.id)).orderBy('attempt_number').execute();

  const knownPeople = new Set(personIds);
  const otherPersonIds = [...new Set([...referrals.flatMap((referral) => [referral.advocate_person_id, referral.friend_person_id]), ...invites.map((invite) => invite.sender_person_id)].filter((id): id is string => id !== null && !knownPeople.has(id)))];
  const others = otherPersonIds.length === 0 ? [] : await db.selectFrom('people').selectAll().where('id', 'in', otherPersonIds).execute();
  const friendOriginIds = referrals.map((referral) => referral.friend_origin_id).filter((id): id is string => id !== null && !originIds.includes(id));
  const friendOrigins = friendOriginIds.length === 0 ? [] : await db.selectFrom('origins').selectAll().where('id', 'in', friendOriginIds).execute();

  return {
    people: [...scope.people, ...others],
    origins,
    relatedOrigins: friendOrigins,
    offers,
    shares,
    invites,
    suppressions,
    claims,
    referrals,
    statusChanges,
    rewards,
    messages,
    attempts,
  };
}
