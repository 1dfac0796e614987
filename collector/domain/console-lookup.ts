import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { LookupEntry, LookupMatch, LookupResult } from '../contract/console-api';
import { normalizeEmail } from '../contract/email-recipients';
import { isInvitedOrSuppressed, lookupRows, offerOfCode, originById, originOfOrder, peopleWithEmail, rewardOfCoupon, type LookupRows, type LookupScope } from '../store/lookup.repository';
import { findPerson } from '../store/person.repository';
import type { Database, OriginRow, PersonRow, ReferralRow } from '../store/tables';
import { explainReferral } from './referral-explanation';

/**
 * The console's look-up: what a support person types (an email, an order number, a coupon code,
 * a short code or an offer's link) becomes one timeline of that person or order, oldest first,
 * with every referral explained in words (referral-explanation.ts).
 */

/** What q names, and the rows around it; undefined when it names nothing of the site. */
async function resolveScope(db: Kysely<Database>, siteId: string, q: string): Promise<{ match: LookupMatch; scope: LookupScope } | undefined> {
  if (q.includes('@') && !q.includes('/')) {
    const email = normalizeEmail(q);
    const people = await peopleWithEmail(db, siteId, email);
    // Someone invited who has not bought yet is no person of the site, but their invites are theirs.
    if (people.length === 0 && !(await isInvitedOrSuppressed(db, siteId, email))) return undefined;
    return { match: { type: 'email', value: email }, scope: { people, origins: [], emails: [email] } };
  }
  const code = codeOfLink(q);
  if (code === q) {
    const origin = await originOfOrder(db, siteId, q);
    if (origin) return { match: { type: 'order', value: q }, scope: { people: [], origins: [origin] } };
  }
  const offer = await offerOfCode(db, siteId, code);
  if (offer) {
    const origin = await originById(db, offer.offer.origin_id);
    return origin ? { match: { type: offer.type, value: code }, scope: { people: [], origins: [origin] } } : undefined;
  }
  const reward = await rewardOfCoupon(db, siteId, code);
  if (reward) {
    const person = await findPerson(db, reward.person_id);
    return person ? { match: { type: 'coupon', value: code }, scope: { people: [person], origins: [] } } : undefined;
  }
  return undefined;
}

/** The code at the end of an offer's link (…/x/CODE, …/o/CODE), or q itself. */
function codeOfLink(q: string): string {
  if (!/^https?:\/\//i.test(q)) return q;
  try {
    return new URL(q).pathname.split('/').filter(Boolean).at(-1) ?? q;
  } catch {
    // Not a URL after all: look it up as typed.
    return q;
  }
}

/** The look-up's answer for q: what it matched (null for nothing) and the timeline. */
export async function lookUp(db: Kysely<Database>, site: Site, q: string, now: Date): Promise<LookupResult> {
  const resolved = await resolveScope(db, site.id, q.trim());
  if (!resolved) return { q, matched: null, timeline: [], referrals: [] };
  const rows = await lookupRows(db, site.id, resolved.scope);
  const timeline = timelineOf(site, rows, now);
  const referrals = timeline.filter((entry) => entry.kind === 'referral').map((entry) => ({ id: entry.details.id as string, status: entry.details.status as string, explanation: entry.explanation! }));
  return { q, matched: resolved.match, timeline, referrals };
}

function timelineOf(site: Site, rows: LookupRows, now: Date): LookupEntry[] {
  const people = new Map(rows.people.map((person) => [person.id, person]));
  const origins = new Map([...rows.origins, ...rows.relatedOrigins].map((origin) => [origin.id, origin]));
  const offers = new Map(rows.offers.map((offer) => [offer.id, offer]));
  const who = (personId: string | null) => (personId ? nameOf(people.get(personId)) : 'nobody (a click or share threshold)');
  const entries: LookupEntry[] = [];

  for (const origin of rows.origins) {
    entries.push({ at: origin.created_at, kind: 'origin', summary: originSummary(origin, who(origin.person_id)), details: originDetails(origin) });
    if (origin.refunded_at) {
      entries.push({
        at: origin.refunded_at,
        kind: 'origin',
        summary: `${orderName(origin)} ${origin.refund_reason === 'cancellation' ? 'cancelled' : origin.refund_reason === 'chargeback' ? 'charged back' : 'refunded'}${origin.refunded_amount !== null && origin.refunded_amount !== undefined ? ` (${origin.refunded_amount})` : ''}`,
        details: { origin_id: origin.id, refunded_amount: origin.refunded_amount ?? null, reason: origin.refund_reason ?? null },
      });
    }
  }
  for (const offer of rows.offers) {
    entries.push({
      at: offer.created_at,
      kind: 'offer',
      summary: `Offer for ${who(offer.person_id)}: short code ${offer.short_url_code}, friend coupon ${offer.friend_coupon_code}`,
      details: { id: offer.id, short_url_code: offer.short_url_code, friend_coupon_code: offer.friend_coupon_code, origin_id: offer.origin_id },
    });
  }
  for (const share of rows.shares) {
    const recipients = rows.invites.filter((invite) => invite.share_id === share.id).length;
    entries.push({
      at: share.created_at,
      kind: 'share',
      summary: share.type === 'EmailOfferShare' ? `Email share to ${recipients} address${recipients === 1 ? '' : 'es'}` : `Shared on ${share.channel}`,
      details: { id: share.id, offer_id: share.offer_id, type: share.type, channel: share.channel },
    });
  }
  for (const invite of rows.invites) {
    const mail = rows.messages.find((message) => message.kind === 'mail' && message.subject_id === invite.id);
    const from = ` from ${who(invite.sender_person_id)}`;
    entries.push({
      at: invite.created_at,
      kind: 'invite',
      summary: invite.rejected_reason
        ? `Invite to ${invite.email}${from} not sent: ${invite.rejected_reason.replaceAll('_', ' ')}`
        : `Invite to ${invite.email}${from}: ${mail ? deliveryInWords(mail.status) : 'accepted'}`,
      details: { id: invite.id, email: invite.email, offer_id: invite.offer_id, rejected_reason: invite.rejected_reason, delivery_status: mail?.status ?? null, last_error: mail?.last_error ?? null },
    });
  }
  for (const suppression of rows.suppressions) {
    entries.push({
      at: suppression.created_at,
      kind: 'invite',
      summary: `${suppression.email} asked for no more invites (${suppression.reason.replaceAll('_', ' ')}): invites to it are suppressed`,
      details: { email: suppression.email, reason: suppression.reason, suppressed: true },
    });
  }
  const advocateOfClaim = new Map(rows.referrals.map((referral) => [referral.claim_id, referral.advocate_person_id]));
  for (const claim of rows.claims) {
    const advocate = offers.get(claim.offer_id)?.person_id ?? advocateOfClaim.get(claim.id);
    entries.push({
      at: claim.created_at,
      kind: 'claim',
      summary: `Claim click on the ${claim.channel} link of ${advocate ? who(advocate) : 'an advocate'}'s offer`,
      details: { id: claim.id, offer_id: claim.offer_id, channel: claim.channel, visitor_uuid: claim.visitor_uuid, ip_address: claim.ip_address },
    });
  }
  for (const referral of rows.referrals) {
    const history = rows.statusChanges.filter((change) => change.referral_id === referral.id);
    const rewards = rows.rewards.filter((reward) => reward.referral_id === referral.id);
    const friendOrigin = referral.friend_origin_id ? origins.get(referral.friend_origin_id) : undefined;
    const explanation = explainReferral({
      referral,
      history,
      rewards,
      approvalMode: site.approval.mode,
      purchaseVerified: !friendOrigin || friendOrigin.verified === 1,
      now,
    });
    entries.push({
      at: referral.created_at,
      kind: 'referral',
      summary: `Referral of ${who(referral.friend_person_id)} by ${who(referral.advocate_person_id)}${friendOrigin ? ` (${orderName(friendOrigin)})` : ''}, attributed by ${referral.attributed_by}: now ${referral.status}`,
      details: referralDetails(referral, friendOrigin, history),
      explanation,
    });
    // The first change is the referral's making (above); each later one is its own entry.
    for (const change of history.slice(1)) {
      entries.push({
        at: change.created_at,
        kind: 'status_change',
        summary: `Referral ${change.from_status ?? 'new'} → ${change.to_status}${change.actor_email ? ` by ${change.actor_email}` : ` (${change.cause})`}${change.note ? `: "${change.note}"` : ''}`,
        details: { referral_id: referral.id, from: change.from_status, to: change.to_status, cause: change.cause, by: change.actor_email ?? null, note: change.note ?? null },
      });
    }
  }
  for (const reward of rows.rewards) {
    const details = {
      id: reward.id,
      referral_id: reward.referral_id,
      side: reward.side,
      amount: reward.amount,
      incentive: reward.incentive,
      description: reward.incentive_description,
      coupon_code: reward.coupon_code,
      coupon_problem: reward.coupon_problem,
      reversed_at: reward.reversed_at ?? null,
      coupon_revoked_at: reward.coupon_revoked_at ?? null,
    };
    entries.push({
      at: reward.created_at,
      kind: 'reward',
      summary: `Reward for the ${reward.side} ${who(reward.person_id)}: ${reward.incentive_description}${reward.coupon_code ? ` (coupon ${reward.coupon_code})` : reward.coupon_problem ? ` (no code: ${reward.coupon_problem.replaceAll('_', ' ')})` : ''}`,
      details,
    });
    if (reward.reversed_at) {
      entries.push({
        at: reward.reversed_at,
        kind: 'reward',
        summary: `Reward for the ${reward.side} reversed (${reward.reversed_reason ?? 'refund'})${reward.coupon_revoked_at ? `; coupon ${reward.coupon_code} revoked` : ''}`,
        details,
      });
    }
  }
  for (const message of rows.messages.filter((candidate) => candidate.kind === 'webhook')) {
    const attempts = rows.attempts.filter((attempt) => attempt.message_id === message.id);
    const last = attempts.at(-1);
    entries.push({
      at: message.created_at,
      kind: 'webhook',
      summary: `Web hook ${message.event_type}${message.endpoint_url ? ` to ${message.endpoint_url}` : ''}: ${deliveryInWords(message.status)}${last?.response_status ? ` (HTTP ${last.response_status})` : ''}`,
      details: {
        id: message.id,
        event_type: message.event_type,
        subject_id: message.subject_id,
        endpoint_url: message.endpoint_url ?? null,
        status: message.status,
        delivered_at: message.delivered_at,
        last_error: message.last_error,
        attempts: attempts.map((attempt) => ({ number: attempt.attempt_number, at: attempt.started_at, response_status: attempt.response_status, outcome: attempt.outcome, error: attempt.error })),
      },
    });
  }
  // Oldest first; ties keep the order above (a referral before its reward).
  return entries.map((entry, index) => ({ entry, index })).sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.index - b.index)).map(({ entry }) => entry);
}

function originSummary(origin: OriginRow, person: string): string {
  const what = origin.type === 'Purchase' ? `${orderName(origin)}${origin.subtotal !== null ? ` (${origin.subtotal})` : ''}` : origin.type === 'Event' ? `Event ${origin.event_category}:${origin.event_number}` : 'Affiliate member sign-up';
  const by = origin.verified === 1 ? "reported by the shop's server" : 'reported by a browser only';
  const superseded = origin.superseded_by ? "; replaced by the shop's server's report of this order for another customer" : '';
  return `${what} by ${person}, ${by}${superseded}`;
}

function originDetails(origin: OriginRow): Record<string, unknown> {
  return {
    id: origin.id,
    type: origin.type,
    order_number: origin.order_number,
    subtotal: origin.subtotal,
    coupon_code: origin.coupon_code,
    verified: origin.verified === 1,
    visitor_uuid: origin.visitor_uuid,
    superseded_by: origin.superseded_by ?? null,
    refunded_at: origin.refunded_at ?? null,
  };
}

function referralDetails(referral: ReferralRow, friendOrigin: OriginRow | undefined, history: LookupRows['statusChanges']): Record<string, unknown> {
  return {
    id: referral.id,
    status: referral.status,
    attributed_by: referral.attributed_by,
    order_number: friendOrigin?.order_number ?? referral.referred_order_number,
    subtotal: friendOrigin?.subtotal ?? null,
    blocked_reason: referral.blocked_reason,
    voided_reason: referral.voided_reason ?? null,
    approve_after: referral.approve_after,
    advocate_reward_withheld_reason: referral.advocate_reward_withheld_reason,
    status_history: history.map((change) => ({ at: change.created_at, from: change.from_status, to: change.to_status, cause: change.cause, by: change.actor_email ?? null, note: change.note ?? null })),
  };
}

function orderName(origin: OriginRow): string {
  return origin.order_number !== null ? `order ${origin.order_number}` : origin.type === 'Event' ? `event ${origin.event_category}:${origin.event_number}` : 'an origin without an order';
}

function nameOf(person: PersonRow | undefined): string {
  if (!person) return 'someone';
  const name = [person.first_name, person.last_name].filter(Boolean).join(' ');
  const address = person.email ?? (person.customer_id ? `customer ${person.customer_id}` : 'someone');
  return name ? `${name} <${address}>` : address;
}

function deliveryInWords(status: string): string {
  return { pending: 'waiting to be delivered', delivered: 'delivered', failed: 'failed (retries gave up)', disabled: 'not sent: the endpoint is disabled' }[status] ?? status;
}
