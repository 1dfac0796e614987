/**
 * Talkable's sample answers of its people, rewards and visitors calls, verbatim from its API
 * reference (trailing commas removed): what a client written for Talkable reads.
 */
/** GET /people/<person_slug> (also PUT and unsubscribe): result.person. */
export const TALKABLE_PERSON = {
  personal_claim_url: "https://share.mystore.com/by/customer@example.com",
  events_count: 0,
  first_name: "John",
  last_name: "Smith",
  email: "customer@example.com",
  username: null,
  subscribed_at: null,
  unsubscribed_at: null,
  sub_choice: false,
  customer_id: "1",
  custom_properties: {
    price_plan: "platinum"
  },
  referred_by: null,
  referral_counts: {
    total: 3,
    approved: 2,
    pending: 1
  },
  reward_counts: {
    total: 3,
    unpaid: 1,
    paid: 2
  },
  share_counts: {
    total: 3,
    facebook: 1,
    other: 2
  }
};
/** GET /people/<person_slug>/referrals_as_advocate: one of result.referrals. */
export const TALKABLE_ADVOCATE_REFERRAL = {
  ad_rewarded: true,
  advocate_person: {
    id: 39198,
    email: "customer@example.com",
    first_name: null,
    last_name: null
  },
  campaign_id: 145,
  created_at: "2021-03-02T09:24:55.000-08:00",
  fraud_details: null,
  fraud_policies_status: {
    blocked: [],
    flagged: [],
    skipped: [
      "Matching by IP Address only"
    ],
    passed: [
      "Matching Email or Cookie on Friend Purchase",
      "Similar Email Match",
      "Matching Shipping Address",
      "Matching by Combination of IP Address &amp; User Agent",
      "Friend and Advocate Refer Each Other"
    ]
  },
  friend_person: {
    id: 39202,
    email: "friend@example.com",
    first_name: null,
    last_name: null
  },
  id: 4,
  offer_id: 71,
  qa_generated: false,
  referred_origin_id: 40085,
  referred_subtotal: 100,
  status: "pending",
  track_method: "coupon",
  updated_at: "2021-03-02T09:24:55.000-08:00"
};
/** GET /people/<person_slug>/rewards: a reward without a coupon. */
export const TALKABLE_PERSON_REWARD = {
  amount: 5,
  id: 11,
  reason: "referrer",
  status: "Unpaid",
  coupon: null,
  coupon_code: null,
  incentive_type: "discount_coupon",
  incentive_description: "shared coupon \"AD_5_OFF\" for $5 off",
  incentive_custom_description: null
};
/** GET /people/<person_slug>/rewards: a reward with its coupon. */
export const TALKABLE_PERSON_REWARD_WITH_COUPON = {
  amount: 5,
  id: 10,
  reason: "referrer",
  status: "Paid",
  coupon: {
    description: "$5",
    amount: 5,
    code: "AD_5_OFF",
    expires_at: null,
    id: 2,
    percentage_discount: null,
    single_use: false,
    used: false,
    active: true,
    usages: null,
    valid_until: null
  },
  coupon_code: "AD_5_OFF",
  incentive_type: "discount_coupon",
  incentive_description: "shared coupon \"AD_5_OFF\" for $5 off",
  incentive_custom_description: null
};
/** GET /people/<person_slug>/shares_by: one of result.shares. */
export const TALKABLE_SHARE = {
  short_url: "https://www.talkable.com/x/8t9d2p",
  channel_identifier: "facebook",
  id: 11,
  type: "SocialOfferShare",
  offer: {
    claim_url: "https://www.talkable.com/x/14PMvl",
    email: "test-offer@gmail.com",
    id: 71,
    short_url_code: "0EiKB3",
    show_url: "https://www.talkable.com/x/ArhsqM",
    coupon_code: null,
    incentives: {
      referrer: {
        action_type: "referrer",
        description: "$5",
        percentage: false,
        amount: 5,
        criteria_config: {
          new_customer: true,
          new_optin: false,
          subtotal_min: null,
          subtotal_max: null,
          referrals_min: null,
          referrals_max: null,
          reward_uniqueness: "once_per_friend",
          friend_event_category: "purchase",
          has_liquid_criteria: false
        },
        for_advocate: true,
        for_friend: false,
        highest_amount: true,
        identifier: "referrer",
        incentive_type: "discount_coupon",
        coupon_expires_at: null
      },
      friend_new_customer: {
        action_type: "click",
        description: "$5",
        percentage: false,
        amount: 5,
        criteria_config: {
          once_per_person: true,
          new_customer: true,
          new_optin: false,
          allow_on_expired_offer: false,
          allow_on_self_referral: false,
          has_liquid_criteria: false
        },
        for_advocate: false,
        for_friend: true,
        highest_amount: true,
        identifier: "friend_new_customer",
        incentive_type: "discount_coupon",
        coupon_expires_at: null
      }
    },
    trigger_widget: false,
    campaign_tags: [
      "test-invite"
    ]
  },
  campaign: {
    slug: 145,
    is_active: true,
    appearance: "inline",
    id: 145,
    joinable_category_names: [
      "affiliate_member"
    ],
    name: "Standalone landing page",
    new_customer: null,
    origin_max_age: null,
    origin_min_age: null,
    status: "Test",
    tag_names: [
      "test-invite"
    ]
  },
  friends_count: 0,
  friend_clicks_count: 0
};
/** GET /rewards?visitor_uuid=…: one of result.rewards (with a coupon). */
export const TALKABLE_VISITOR_REWARD = {
  id: 22017,
  reason: "shared",
  incentive_type: "discount_coupon",
  incentive_description: "shared coupon \"10_OFF\" for $10.00 off",
  incentive_custom_description: null,
  amount: 10.0,
  coupon: {
    id: 95012,
    code: "10_OFF",
    active: true,
    valid_until: null,
    single_use: true,
    used: false,
    usages: 0,
    amount: 10.0,
    percentage_discount: false,
    description: "$10.00",
    expires_at: null
  },
  coupon_code: "10_OFF",
  status: "Paid"
};
/** POST /visitors: the whole answer. */
export const TALKABLE_VISITOR = {
  ok: true,
  result: {
    uuid: "b3967d36-4e7f-46bc-92b3-57344347cd6a"
  }
};
