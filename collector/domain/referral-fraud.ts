import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { countAdvocateReferralsSince, countOfferClaimsSince, userAgentsOfVisitors, visitorUuidsOfPerson } from '../store/fraud-facts.repository';
import { advocateIpAddresses } from '../store/origin.repository';
import type { Database, OriginRow, PersonRow, ReferralStatus } from '../store/tables';
import type { Attribution } from './attribution';
import { decide, type FraudDecision } from './fraud/decide';
import { fingerprintKey } from './fraud/fingerprint-key';
import type { FraudFacts } from './fraud/facts';
import { keyedHash } from './fraud/keyed-hash';
import { networkFingerprint, type NetworkFingerprint } from './fraud/network-fingerprint';
import { gatherFingerprintFacts } from './referral-fingerprint-facts';

const HOUR_IN_MS = 3_600_000;
const DAY_IN_MS = 24 * HOUR_IN_MS;

/** A referral's fraud decision as the store keeps it and the API and web hooks answer it. */
export interface StoredFraudDecision {
  outcome: FraudDecision['outcome'];
  rules_version: string;
  /** Every signal evaluated: its name, value, whether it fired, its words, and what it leads to. */
  signals: FraudDecision['trail'];
}

/** What the fraud rules make of a referral about to be stored. */
export interface ReferralFraudVerdict {
  decision: StoredFraudDecision;
  /** `blocked` for a fired rule that blocks, `flagged` for any other fired rule, else null (nothing to see). */
  status: Extract<ReferralStatus, 'blocked' | 'flagged'> | null;
  /** For a block: "<signal>: <its words>", the blocked_reason; null otherwise. */
  blockedReason: string | null;
  /** The history cause of the status: "rule:<signal>" of the first fired signal; null when nothing fired. */
  cause: string | null;
}

function fingerprints(addresses: Iterable<string>, key: string): NetworkFingerprint[] {
  const found: NetworkFingerprint[] = [];
  for (const address of addresses) {
    const fingerprint = networkFingerprint(address, key);
    if (fingerprint) found.push(fingerprint);
  }
  return found;
}

/**
 * Gathers what the store knows today about a referral's two sides: emails and customer ids; the
 * networks the advocate was seen at (verified origins, email shares) and the friend's (the claim's
 * click, the purchase); the browsers (visitor uuids and the widget's device ids, the click's user
 * agent); the addresses orders shipped to; the advocate's referral pace, the link's clicks, the
 * unrelated friends of the link and coupon, and the friend network's orders; the claim's referrer.
 * IP addresses, device ids, user agents and shipping addresses enter only as keyed hashes; the
 * friend's raw addresses only for the IP block list.
 */
export async function gatherReferralFacts(
  db: Kysely<Database>,
  site: Site,
  input: { attribution: Attribution; advocate: PersonRow | undefined; friend: PersonRow; origin: OriginRow; isNew: boolean; now: Date },
): Promise<FraudFacts> {
  const { attribution, advocate, friend, origin, now } = input;
  const key = fingerprintKey(site);
  const signals = site.fraud.signals;
  const claim = attribution.claim;
  const advocateId = attribution.advocateOffer.person_id;
  const friendAddresses = [...new Set([claim?.ip_address, origin.ip_address].filter((address): address is string => !!address))];
  const friendUuids = [...new Set([claim?.visitor_uuid, origin.visitor_uuid].filter((uuid): uuid is string => !!uuid))];
  // The referral being decided counts in its own pace; a re-decided one is already stored.
  const self = input.isNew ? 1 : 0;
  const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
  // Counted up to `now`, not to today: a replay decides a stored referral as of its own time.
  const until = now.toISOString();
  // Shipping, the widget's device ids, the referrer and the leaked-link and network counts: see referral-fingerprint-facts.ts.
  const stored = await gatherFingerprintFacts(db, site, { attribution, origin, key, now });
  const advocateUuids = await visitorUuidsOfPerson(db, advocateId);
  const advocateAgents = await userAgentsOfVisitors(db, origin.site_id, advocateUuids);
  return {
    advocate: {
      email: advocate?.email ?? null,
      customer_id: advocate?.customer_id ?? null,
      networks: fingerprints(await advocateIpAddresses(db, advocateId), key),
      device_id_hashes: [...advocateUuids.map((uuid) => keyedHash('device', uuid, key)), ...(stored.advocate.device_id_hashes ?? [])],
      user_agent_hashes: advocateAgents.map((agent) => keyedHash('user_agent', agent, key)),
      shipping: stored.advocate.shipping ?? [],
    },
    friend: {
      email: friend.email,
      customer_id: friend.customer_id,
      networks: fingerprints(friendAddresses, key),
      ip_addresses: friendAddresses,
      device_id_hashes: [...friendUuids.map((uuid) => keyedHash('device', uuid, key)), ...(stored.friend.device_id_hashes ?? [])],
      user_agent_hashes: claim?.user_agent ? [keyedHash('user_agent', claim.user_agent, key)] : [],
      shipping: stored.friend.shipping ?? [],
    },
    counts: {
      ...(signals.advocate_referrals_per_hour.enabled ? { advocate_referrals_last_hour: (await countAdvocateReferralsSince(db, advocateId, since(HOUR_IN_MS), until)) + self } : {}),
      ...(signals.advocate_referrals_per_day.enabled ? { advocate_referrals_last_day: (await countAdvocateReferralsSince(db, advocateId, since(DAY_IN_MS), until)) + self } : {}),
      ...(claim && signals.link_clicks_per_hour.enabled ? { link_clicks_last_hour: await countOfferClaimsSince(db, claim.offer_id, since(HOUR_IN_MS), until) } : {}),
      ...stored.counts,
    },
    referrer_url: stored.referrer_url,
  };
}

/**
 * Decides a referral on its facts by the site's fraud rules: the trail of every signal, and the
 * status it leads to — blocked when a fired signal blocks (a block list, the friend being the
 * advocate), flagged for a person when any other fired — with the first such signal as the
 * reason. What only a browser says (a shared network, a device id) flags by default, never
 * blocks: two colleagues behind one office address are real friends more often than not.
 */
export function judgeReferral(site: Site, facts: FraudFacts): ReferralFraudVerdict {
  const decided = decide(facts, site.fraud);
  const decision: StoredFraudDecision = { outcome: decided.outcome, rules_version: decided.rules_version, signals: decided.trail };
  if (decided.outcome === 'pass') return { decision, status: null, blockedReason: null, cause: null };
  const action = decided.outcome === 'block' ? 'block' : 'flag';
  const first = decided.trail.find((entry) => entry.fired && entry.action === action)!;
  return {
    decision,
    status: decided.outcome === 'block' ? 'blocked' : 'flagged',
    blockedReason: decided.outcome === 'block' ? `${first.signal}: ${first.words}` : null,
    cause: `rule:${first.signal}`,
  };
}

/** When a referral flagged now resolves by itself: the site's flagged_auto_resolution.after_days later. */
export function flaggedDeadline(site: Site, now: Date): string {
  return new Date(now.getTime() + site.fraud.flagged_auto_resolution.after_days * DAY_IN_MS).toISOString();
}
