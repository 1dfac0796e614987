import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import {
  countNetworkFriendOriginsSince,
  couponUseTraces,
  deviceIdHashesOfPerson,
  friendsTraced,
  offerClickTraces,
  shippingHashesOfPerson,
  type UseTrace,
} from '../store/fraud-facts.repository';
import type { Database, OriginRow } from '../store/tables';
import type { Attribution } from './attribution';
import type { FraudCounts, PartyFacts, ShippingFacts } from './fraud/facts';
import { networkFingerprint } from './fraud/network-fingerprint';
import { deviceIdHash } from './fraud/stored-fingerprints';
import { countUnrelatedFriends, type FriendTraces } from './fraud/unrelated-friends';

const HOUR_IN_MS = 3_600_000;

/** The facts the stored fingerprints give: device ids, shipping, the referrer, and the leaked-link and network counts. */
/**
 * The parts of fraud rules that change which facts are gathered and how (a disabled count is not
 * taken; a window bounds what is counted): rules alike here decide on the same facts.
 */
export function factGatheringKey(rules: Site['fraud']): string {
  const { leaked_link: link, leaked_coupon: coupon, network_purchases_per_day: network, advocate_referrals_per_hour: hour, advocate_referrals_per_day: day, link_clicks_per_hour: clicks } = rules.signals;
  return JSON.stringify([link.enabled && [link.window_hours, friendsTraced(link.max_distinct_friends)], coupon.enabled && [coupon.window_hours, friendsTraced(coupon.max_distinct_friends)], network.enabled, hour.enabled, day.enabled, clicks.enabled]);
}

export interface FingerprintFacts {
  advocate: Pick<PartyFacts, 'device_id_hashes' | 'shipping'>;
  friend: Pick<PartyFacts, 'device_id_hashes' | 'shipping'>;
  counts: Pick<FraudCounts, 'link_distinct_friends' | 'coupon_distinct_friends' | 'network_purchases_last_day'>;
  referrer_url: string | null;
}

/**
 * What the keyed hashes stored with origins, shares and clicks say about a referral: the device
 * ids each side's browsers carried, the addresses each side's orders shipped to (hashes of the
 * normalised forms, which the shipping signals compare for equality), the page the friend came
 * from, how many unrelated friends used the advocate's link and friend coupon in their windows,
 * and how many referred friends' orders came from the friend's network in the day. Every count
 * is of rows created up to `now`, so the same question asked later about then answers alike.
 */
export async function gatherFingerprintFacts(
  db: Kysely<Database>,
  site: Site,
  input: { attribution: Attribution; origin: OriginRow; key: string; now: Date },
): Promise<FingerprintFacts> {
  const { attribution, origin, key, now } = input;
  const claim = attribution.claim;
  const offer = attribution.advocateOffer;
  const until = now.toISOString();
  const since = (hours: number) => new Date(now.getTime() - hours * HOUR_IN_MS).toISOString();
  const { leaked_link: link, leaked_coupon: coupon, network_purchases_per_day: network } = site.fraud.signals;
  const prefixHash = origin.network_prefix_hash ?? (claim?.ip_address ? (networkFingerprint(claim.ip_address, key)?.prefix_hash ?? null) : null);
  // A count no enabled signal reads is not taken: the leaked-link ones read up to 2,000 rows of
  // a popular link (friendsTraced), the costliest part of a referred purchase.
  return {
    advocate: {
      device_id_hashes: await deviceIdHashesOfPerson(db, offer.person_id),
      shipping: shippingOf(await shippingHashesOfPerson(db, offer.person_id)),
    },
    friend: {
      device_id_hashes: [...new Set([claim?.device_id_hash, ...(await deviceIdHashesOfPerson(db, origin.person_id))].filter((hash): hash is string => !!hash))],
      shipping: shippingOf(await shippingHashesOfPerson(db, origin.person_id)),
    },
    counts: {
      ...(link.enabled ? { link_distinct_friends: countUnrelatedFriends(tracesOf(await offerClickTraces(db, offer.id, since(link.window_hours), until, friendsTraced(link.max_distinct_friends)), key)) } : {}),
      ...(coupon.enabled
        ? { coupon_distinct_friends: countUnrelatedFriends(tracesOf(await couponUseTraces(db, origin.site_id, offer.friend_coupon_code, since(coupon.window_hours), until, friendsTraced(coupon.max_distinct_friends)), key)) }
        : {}),
      ...(network.enabled && prefixHash ? { network_purchases_last_day: await countNetworkFriendOriginsSince(db, origin.site_id, prefixHash, origin.id, since(24), until) } : {}),
    },
    referrer_url: claim?.referrer ?? null,
  };
}

function shippingOf(rows: { shipping_address_hash: string | null; shipping_zip_hash: string | null }[]): ShippingFacts[] {
  return rows.map((row) => ({ address: row.shipping_address_hash, zip: row.shipping_zip_hash }));
}

/**
 * Clicks or coupon uses as the friends behind them: one person's several orders, and one
 * visitor's several clicks, are one friend before the grouping by network and device even starts.
 */
function tracesOf(uses: readonly UseTrace[], key: string): FriendTraces[] {
  const byFriend = new Map<string, { prefix_hashes: Set<string>; device_id_hashes: Set<string> }>();
  uses.forEach((use, index) => {
    const friend = use.person_id ?? use.visitor_uuid ?? String(index);
    const traces = byFriend.get(friend) ?? { prefix_hashes: new Set<string>(), device_id_hashes: new Set<string>() };
    byFriend.set(friend, traces);
    const prefix = use.network_prefix_hash ?? (use.ip_address ? networkFingerprint(use.ip_address, key)?.prefix_hash : undefined);
    if (prefix) traces.prefix_hashes.add(prefix);
    for (const device of [use.device_id_hash, deviceIdHash(use.visitor_uuid?.startsWith('expired:') ? null : use.visitor_uuid, key)]) if (device) traces.device_id_hashes.add(device);
  });
  return [...byFriend.values()].map((traces) => ({ prefix_hashes: [...traces.prefix_hashes], device_id_hashes: [...traces.device_id_hashes] }));
}
