import type { NetworkFingerprint } from './network-fingerprint';

/** A shipping address as the shop sent it (Talkable's shipping_address and shipping_zip). */
export interface ShippingFacts {
  address?: string | null;
  zip?: string | null;
}

/**
 * What is known of one side of a referral. Networks, user agents and device ids are keyed hashes
 * (networkFingerprint, keyedHash), because they are only compared for equality; raw IP addresses
 * are given only for the block list's ranges, which need the address itself.
 */
export interface PartyFacts {
  email?: string | null;
  customer_id?: string | null;
  /** Every network this side was seen at (claims, purchases, shares). */
  networks?: readonly NetworkFingerprint[];
  user_agent_hashes?: readonly string[];
  device_id_hashes?: readonly string[];
  shipping?: readonly ShippingFacts[];
}

/**
 * Counts the caller took from the store for the velocity and leaked-link signals, each including
 * the referral being decided. A count left out is unknown and its signal does not fire.
 */
export interface FraudCounts {
  /** Referrals of this advocate created in the hour up to this one. */
  advocate_referrals_last_hour?: number;
  /** Referrals of this advocate created in the day up to this one. */
  advocate_referrals_last_day?: number;
  /** Friends' purchases from this friend's network (one prefix) in the day up to this one. */
  network_purchases_last_day?: number;
  /** Clicks on the link the friend came by in the hour up to this one. */
  link_clicks_last_hour?: number;
  /** Unrelated friends (countUnrelatedFriends) who used this advocate's link in the leaked_link window. */
  link_distinct_friends?: number;
  /** Unrelated friends, as above, who used this advocate's friend coupon in the leaked_coupon window. */
  coupon_distinct_friends?: number;
}

/** Everything the fraud decision looks at for one referral; all of it optional. */
export interface FraudFacts {
  advocate: PartyFacts;
  friend: PartyFacts & {
    /** The friend's raw IP addresses (claim, purchase), for the IP block list only. */
    ip_addresses?: readonly string[];
  };
  counts?: FraudCounts;
  /** The page the friend arrived from (the claim's Referer), if the browser sent it. */
  referrer_url?: string | null;
}
