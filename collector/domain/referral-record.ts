import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { enqueueLifecycleWebhooks } from '../webhooks/lifecycle-webhook';
import type { ReferralRecordInput } from '../schemas/referral-record.schema';
import { findOfferRowByOrigin } from '../store/offer.repository';
import { findOrigin } from '../store/origin.repository';
import { findPerson } from '../store/person.repository';
import { findOfferByAnyCode, findPurchaseByNumber, findReferralOfOrder, newestOfferOf, reachedThresholds } from '../store/referral-record.repository';
import { friendHasReferral, insertReferralOnce } from '../store/referral.repository';
import type { Database, OfferRow, OriginRow, PersonRow, ReferralRow } from '../store/tables';
import { approveAfter } from './campaign-rules';
import { Refusal } from './refusal';
import { newId } from '../store/ids';
import { recordFieldsForOrigin, REWARD_ACTION, type RecordFields } from './reward-actions';

/**
 * Refuses a hand-made record, naming the field: invalid (it names something not of this site)
 * or in conflict with a stored referral.
 */
function refused(kind: 'invalid' | 'conflict', field: string, detail: string): Refusal {
  return new Refusal({ code: kind === 'conflict' ? 'record_conflict' : 'record_invalid', kind, field, detail });
}

/** What every referral made without a friend's origin being attributed shares: a hand-made record or a threshold. */
export function uncontestedReferral(
  site: Site,
  fields: Pick<ReferralRow, 'advocate_offer_id' | 'advocate_person_id' | 'friend_origin_id' | 'friend_person_id' | 'attributed_by'> & Partial<RecordFields>,
  now: Date,
  voided = false,
): ReferralRow {
  const at = now.toISOString();
  return {
    ...recordFieldsForOrigin({ type: 'Purchase' }),
    id: newId(now.getTime()),
    site_id: site.id,
    claim_id: null,
    status: voided ? 'voided' : 'pending',
    blocked_reason: null,
    approve_after: voided ? null : approveAfter(site, now),
    advocate_reward_withheld_reason: null,
    created_at: at,
    updated_at: at,
    ...fields,
  };
}

/**
 * Creates a referral record by hand (Reverb's POST /referrals) as a referral like any
 * other: it then follows the same lifecycle, rewards and web hooks. Refuses, naming the field,
 * people and offers not of this site, a self-referral, and an order, friend or threshold that
 * already has a referral (409).
 */
export async function createReferralRecord(db: Kysely<Database>, site: Site, input: ReferralRecordInput, now = new Date()): Promise<ReferralRow> {
  for (const field of ['website_uuid', 'campaign_uuid'] as const) {
    if (input[field] !== undefined && input[field] !== site.id) throw refused('invalid', field, `is not this site's ${field === 'website_uuid' ? 'website' : 'campaign'} uuid (${site.id})`);
  }
  return db.transaction().execute(async (trx) => {
    const advocate = await personOfSite(trx, site, input.referrer_advocate_uuid, 'referrer_advocate_uuid');
    const offer = await advocateOffer(trx, site, advocate, input);
    const type = input.reward_action_type;
    const isThreshold = type === REWARD_ACTION.clicks || type === REWARD_ACTION.shares;
    let friend: PersonRow | null = null;
    let order: { origin: OriginRow | null; number: string | null } = { origin: null, number: null };
    if (isThreshold) {
      // Reverb's example sends referred_* fields with every type; a threshold referred nobody, so they are ignored.
      if ((await reachedThresholds(trx, site.id, advocate.id, type)).has(input.qualified_amount!)) {
        throw refused('conflict', 'qualified_amount', `was already reached by this advocate (reward_action_type ${type})`);
      }
    } else {
      friend = await personOfSite(trx, site, input.referred_customer_uuid!, 'referred_customer_uuid');
      if (friend.id === advocate.id) throw refused('invalid', 'referred_customer_uuid', 'must not be the referrer (self-referral)');
      order = await referredOrder(trx, site, friend, input);
      const taken = await findReferralOfOrder(trx, site.id, { originId: order.origin?.id ?? null, orderNumber: order.number });
      if (taken) {
        const field = input.referred_order_uuid ? 'referred_order_uuid' : 'referred_order_number';
        throw refused('conflict', field, `is already tied to referral ${taken.id}`);
      }
      if (await friendHasReferral(trx, site.id, friend.id)) {
        throw refused('conflict', 'referred_customer_uuid', 'already has a referral on this site (a customer is referred once)');
      }
    }
    const row = uncontestedReferral(
      site,
      {
        advocate_offer_id: offer.id,
        advocate_person_id: advocate.id,
        friend_origin_id: order.origin?.id ?? null,
        friend_person_id: friend?.id ?? null,
        attributed_by: 'record',
        reward_action_type: type,
        level: input.referred_level ?? input.level ?? 1,
        qualified_amount: isThreshold ? input.qualified_amount! : null,
        referred_order_number: order.number,
        share_code: input.share_code ?? null,
        reward_amount: input.reward_amount ?? null,
        incentive_amount: input.incentive_amount ?? null,
        reward_qualified: input.is_qualified_for_reward,
        incentive_qualified: input.is_qualified_for_incentive,
      },
      now,
      input.status === 0,
    );
    if (input.cooling_period_end && row.status === 'pending') row.approve_after = input.cooling_period_end;
    const inserted = await insertReferralOnce(trx, row, 'api:v1');
    // Another call took the order, friend or threshold between the checks above and this insert.
    if (!inserted) throw refused('conflict', isThreshold ? 'qualified_amount' : 'referred_customer_uuid', 'already has a referral on this site');
    await enqueueLifecycleWebhooks(trx, site, inserted, null, now);
    return inserted;
  });
}

async function personOfSite(db: Kysely<Database>, site: Site, id: string, field: string): Promise<PersonRow> {
  const person = await findPerson(db, id);
  if (!person || person.site_id !== site.id) throw refused('invalid', field, 'is not a customer of this site');
  return person;
}

/**
 * The advocate offer the record is credited to: the one it names (referrer_offer_uuid,
 * referred_offer_uuid, the offer of referrer_order_uuid, or share_code when that is an offer's
 * code or friend coupon), else the advocate's newest. What it names must be the advocate's.
 */
async function advocateOffer(db: Kysely<Database>, site: Site, advocate: PersonRow, input: ReferralRecordInput): Promise<OfferRow> {
  const named: [string, OfferRow | undefined][] = [];
  for (const field of ['referrer_offer_uuid', 'referred_offer_uuid'] as const) {
    const id = input[field];
    if (id) named.push([field, await findOfferByAnyCode(db, site.id, id)]);
  }
  if (input.referrer_order_uuid) {
    const origin = await findOrigin(db, input.referrer_order_uuid);
    const offer = origin?.site_id === site.id ? await findOfferRowByOrigin(db, origin.id) : undefined;
    named.push(['referrer_order_uuid', offer]);
  }
  for (const [field, offer] of named) {
    if (!offer || offer.person_id !== advocate.id) throw refused('invalid', field, 'is not an offer or order of referrer_advocate_uuid');
  }
  const shared = input.share_code ? await findOfferByAnyCode(db, site.id, input.share_code) : undefined;
  if (shared && shared.person_id !== advocate.id) throw refused('invalid', 'share_code', "is another advocate's code");
  const offer = named[0]?.[1] ?? shared ?? (await newestOfferOf(db, advocate.id));
  if (!offer) throw refused('invalid', 'referrer_advocate_uuid', 'has no offer to credit');
  return offer;
}

/** The friend's order the record names, by uuid or by number; a number the shop has not reported yet is kept as it is. */
async function referredOrder(
  db: Kysely<Database>,
  site: Site,
  friend: PersonRow,
  input: ReferralRecordInput,
): Promise<{ origin: OriginRow | null; number: string | null }> {
  let origin: OriginRow | undefined;
  let field = 'referred_order_uuid';
  if (input.referred_order_uuid) {
    origin = await findOrigin(db, input.referred_order_uuid);
    if (!origin || origin.site_id !== site.id || origin.type !== 'Purchase') throw refused('invalid', field, 'is not an order of this site');
    if (input.referred_order_number !== undefined && input.referred_order_number !== origin.order_number) {
      throw refused('invalid', 'referred_order_number', 'is not the number of referred_order_uuid');
    }
  } else if (input.referred_order_number !== undefined) {
    field = 'referred_order_number';
    origin = await findPurchaseByNumber(db, site.id, input.referred_order_number);
    if (!origin) return { origin: null, number: input.referred_order_number };
  } else {
    return { origin: null, number: null };
  }
  if (origin.person_id !== friend.id) throw refused('invalid', field, 'is not an order of referred_customer_uuid');
  return { origin, number: origin.order_number };
}
