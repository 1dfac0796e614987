import type { Kysely } from 'kysely';
import type { ClaimRow, Database } from './tables';
import { preparedQuery } from './prepared-query';
import { countClick } from './threshold-count.repository';
import { writeTransaction } from './write-transaction';

/**
 * Records one visit of a claim link of the advocate's, and counts it for their click thresholds
 * in the same transaction (durably: clicks arriving together share one commit).
 */
export async function insertClaim(db: Kysely<Database>, row: ClaimRow, advocatePersonId: string): Promise<void> {
  await writeTransaction(db, async (trx) => {
    await insertClaimRow(trx, row.id, row.site_id, row.offer_id, row.claim_link_id, row.channel, row.visitor_uuid, row.ip_address, row.network ?? null, row.user_agent, row.referrer ?? null, row.device_id_hash ?? null, row.created_at);
    await countClick(trx, { siteId: row.site_id, advocatePersonId }, row);
  });
}

/** The claim's insert, compiled once: the claim redirect's hottest statement. */
const insertClaimRow = preparedQuery(
  (
    db,
    id: string,
    site_id: string,
    offer_id: string,
    claim_link_id: string,
    channel: ClaimRow['channel'],
    visitor_uuid: string,
    ip_address: string | null,
    network: string | null,
    user_agent: string | null,
    referrer: string | null,
    device_id_hash: string | null,
    created_at: string,
  ) => db.insertInto('claims').values({ id, site_id, offer_id, claim_link_id, channel, visitor_uuid, ip_address, network, user_agent, referrer, device_id_hash, created_at }),
);

/** The visitor's most recent claim on this site: the one that wins attribution. */
export async function latestClaimOfVisitor(db: Kysely<Database>, siteId: string, visitorUuid: string): Promise<ClaimRow | undefined> {
  return db
    .selectFrom('claims')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('visitor_uuid', '=', visitorUuid)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * How often the offer's links were followed (Talkable's friend_clicks_count) and by how many
 * distinct visitors (its friends_count): every click a claim, repeat clicks of one visitor one friend.
 */
export async function offerClickCounts(db: Kysely<Database>, offerId: string): Promise<{ clicks: number; friends: number }> {
  const row = await db
    .selectFrom('claims')
    .select((eb) => [eb.fn.countAll().as('clicks'), eb.fn.count('visitor_uuid').distinct().as('friends')])
    .where('offer_id', '=', offerId)
    .executeTakeFirstOrThrow();
  return { clicks: Number(row.clicks), friends: Number(row.friends) };
}

/** One claim by its id. */
export async function findClaimById(db: Kysely<Database>, id: string): Promise<ClaimRow | undefined> {
  return db.selectFrom('claims').selectAll().where('id', '=', id).executeTakeFirst();
}
