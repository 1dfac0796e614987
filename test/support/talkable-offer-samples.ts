/**
 * Talkable's sample answers of its offer, origin, share, campaign and referral API calls, from its
 * API reference (api_v2/offers.rst, origins.rst, shares.rst, campaigns.rst, referrals.rst): what
 * a client written for Talkable reads. The offer samples of offers.rst and origins.rst write
 * `incentives` as an array holding keys, which is not JSON; shares.rst's sample writes the same
 * incentives as the object they are, which is how they are given here.
 */

const INCENTIVES = {
  referrer: {
    action_type: 'referrer',
    description: '$5',
    percentage: false,
    amount: 5,
    criteria_config: {
      new_customer: true,
      new_optin: false,
      subtotal_min: null,
      subtotal_max: null,
      referrals_min: null,
      referrals_max: null,
      reward_uniqueness: 'once_per_friend',
      friend_event_category: 'purchase',
      has_liquid_criteria: false,
    },
    for_advocate: true,
    for_friend: false,
    highest_amount: true,
    identifier: 'referrer',
    incentive_type: 'discount_coupon',
    coupon_expires_at: null,
  },
  friend_new_customer: {
    action_type: 'click',
    description: '$5',
    percentage: false,
    amount: 5,
    criteria_config: {
      once_per_person: true,
      new_customer: true,
      new_optin: false,
      allow_on_expired_offer: false,
      allow_on_self_referral: false,
      has_liquid_criteria: false,
    },
    for_advocate: false,
    for_friend: true,
    highest_amount: true,
    identifier: 'friend_new_customer',
    incentive_type: 'discount_coupon',
    coupon_expires_at: null,
  },
};

/** offers.rst, "GET /offers/<id>" sample response (result.offer). */
export const TALKABLE_OFFER = {
  id: 89238912,
  short_url_code: 'dZpBwd',
  email: 'customer@example.com',
  show_url: 'https://www.talkable.com/x/iEov9g',
  claim_url: 'https://www.talkable.com/x/5B3xO1',
  coupon_code: null,
  incentives: INCENTIVES,
  trigger_widget: false,
  campaign_tags: ['invite'],
};

/** offers.rst and origins.rst, "With sharing links" (sharing_channels facebook, twitter, custom): result.claim_links. */
export const TALKABLE_CLAIM_LINKS = {
  facebook: 'https://www.talkable.com/x/8L6xO2',
  twitter: 'https://www.talkable.com/x/KB89fO',
  custom: 'https://www.talkable.com/x/Yf794w',
};

/** origins.rst, "Create a purchase" sample response (result.origin). */
export const TALKABLE_PURCHASE_ORIGIN = {
  id: 31386398,
  order_number: 12,
  subtotal: 100.0,
  customer_id: null,
  ip_address: '127.0.0.1',
  type: 'Purchase',
  refunded_at: null,
  coupon_code: '',
};

/** origins.rst, "Create an event" sample response (result.origin). */
export const TALKABLE_EVENT_ORIGIN = {
  id: 46141478,
  type: 'Event',
  event_number: '42',
  event_category: 'newsletter_subscription',
  customer_id: null,
  ip_address: '127.0.0.1',
  refunded_at: null,
  coupon_code: '',
};

/** origins.rst, "Create an affiliate member and target a campaign" sample response (result.origin). */
export const TALKABLE_AFFILIATE_ORIGIN = { id: 31386400, email: 'affiliate@example.com', customer_id: null, ip_address: '127.0.0.1', type: 'AffiliateMember' };

/** campaigns.rst's campaigns list entry and partials/campaign_fields.rst's subhash fields (cached_slug, type). */
export const TALKABLE_CAMPAIGN = {
  appearance: 'inline',
  id: 35944,
  name: 'API campaign',
  new_customer: null,
  origin_max_age: null,
  origin_min_age: null,
  tag_names: ['api'],
  slug: 35944,
  is_active: true,
  status: 'Live',
  cached_slug: 35944,
  type: 'StandaloneCampaign',
};

/** shares.rst, "Create a Facebook share" sample response (result). */
export const TALKABLE_SOCIAL_SHARE_RESULT = {
  share: {
    short_url: 'https://www.talkable.com/x/hQ0SZb',
    channel_identifier: 'facebook',
    id: 10,
    type: 'SocialOfferShare',
    offer: {
      claim_url: 'https://www.talkable.com/x/14PMvl',
      email: 'test-offer@gmail.com',
      id: 71,
      short_url_code: '0EiKB3',
      show_url: 'https://www.talkable.com/x/ArhsqM',
      coupon_code: null,
      incentives: INCENTIVES,
      trigger_widget: false,
      campaign_tags: ['test-invite'],
    },
    campaign: {
      slug: 145,
      is_active: true,
      appearance: 'inline',
      id: 145,
      joinable_category_names: ['affiliate_member'],
      name: 'Standalone landing page',
      new_customer: null,
      origin_max_age: null,
      origin_min_age: null,
      status: 'Test',
      tag_names: ['test-invite'],
    },
    friends_count: 4,
    friend_clicks_count: 1,
  },
  reward: {
    id: 24,
    reason: 'shared',
    incentive_type: 'discount_coupon',
    incentive_description: 'shared coupon "C1383-8321" for $10 off',
    incentive_custom_description: null,
    amount: 10.0,
    coupon: { id: 951, code: 'C1383-8321', active: true, valid_until: null, single_use: true, used: false, usages: 0, amount: 10.0, percentage_discount: false, description: '$10', expires_at: null },
    coupon_code: 'C1383-8321',
    status: 'Paid',
  },
};

/** shares.rst, "Create an Email share" sample response: one recipient's flags. */
export const TALKABLE_EMAIL_RECIPIENT = {
  currently_sent: true,
  previously_sent: false,
  email_valid: true,
  self_referral: false,
  unsubscribed: false,
  blocklisted: false,
  meets_criteria: true,
  sharable: true,
};

/** referrals.rst, "Approve a Referral" sample response (result.referral). */
export const TALKABLE_REFERRAL = {
  ad_rewarded: true,
  advocate_person: { id: 39198, email: 'customer@example.com', first_name: null, last_name: null },
  campaign_id: 196,
  created_at: '2019-05-27T15:41:31.000-07:00',
  fraud_details: null,
  fraud_policies_status: {
    blocked: [],
    flagged: [],
    skipped: ['Matching by IP Address only'],
    passed: [
      'Matching Email or Cookie on Friend Purchase',
      'Similar Email Match',
      'Matching Shipping Address',
      'Matching by Combination of IP Address &amp; User Agent',
      'Friend and Advocate Refer Each Other',
    ],
  },
  friend_person: { id: 39202, email: 'friend@example.com', first_name: null, last_name: null },
  id: 233,
  offer_id: 867,
  qa_generated: false,
  referred_origin_id: 622,
  referred_subtotal: 35.03,
  status: 'approved',
  track_method: 'coupon',
  updated_at: '2019-05-27T15:41:31.000-07:00',
};
