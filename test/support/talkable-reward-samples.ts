/**
 * Talkable's sample Reward web hook payloads (Reason = referrer and referred), verbatim from its
 * API reference, and the coupon of its discount_coupon samples: what a receiver written for
 * Talkable reads.
 */
export const TALKABLE_REWARD_REFERRER = {
  person: {
    first_name: 'Bob',
    last_name: 'Smith',
    email: 'referrer@example.com',
    username: 'username',
    unsubscribed_at: null,
    subscribed_at: '2018-08-27T21:42:23.060+03:00',
    opted_in_at: '2018-08-27T21:42:23.060+03:00',
    sub_choice: true,
    referral_counts: { total: 0, approved: 0, pending: 0 },
    is_loyalty_member: false,
    loyalty_member: null,
  },
  origin: { id: 280695079, type: 'Purchase', order_number: '288015920', subtotal: '6.31', customer_id: '230652117', ip_address: '127.0.0.1', coupon_code: 'WHT25279', traffic_source: 'post-checkout' },
  advocate_origin: { id: 280695079, type: 'Purchase', order_number: '288015920', subtotal: '6.31', customer_id: '230652117', ip_address: '127.0.0.1', coupon_code: 'WHT25279', traffic_source: 'post-checkout' },
  friend_origin: {
    id: 264084636,
    type: 'Purchase',
    order_number: '4190583',
    subtotal: '73.41',
    email: 'referred@example.com',
    customer_id: '323518374',
    ip_address: '127.0.0.1',
    coupon_code: 'WHT40052',
    traffic_source: 'post-checkout',
  },
  campaign: { id: 484002505, type: 'StandaloneCampaign', cached_slug: 484002505, tag_names: ['default'], origin_min_age: null, origin_max_age: null, new_customer: null },
  offer: { email: 'referrer@example.com', short_url_code: '1a2PV', ip_address: '127.0.0.1' },
  reward: {
    id: 8261305,
    reason: 'referrer',
    incentive_type: 'rebate',
    incentive_identifier: 'referrer',
    incentive_description: '$10.00 back',
    incentive_custom_description: null,
    amount: '10.0',
    coupon: {},
    coupon_code: null,
    status: 'Paid',
  },
};

export const TALKABLE_REWARD_REFERRED = {
  person: {
    first_name: 'Matt',
    last_name: 'Smith',
    email: 'friend@example.com',
    username: 'username',
    unsubscribed_at: null,
    subscribed_at: '2018-08-27T21:45:29.519+03:00',
    opted_in_at: '2018-08-27T21:45:29.519+03:00',
    sub_choice: true,
    referral_counts: { total: 0, approved: 0, pending: 0 },
    is_loyalty_member: false,
    loyalty_member: null,
  },
  origin: {
    id: 818629076,
    type: 'Purchase',
    order_number: '416466456',
    subtotal: '48.39',
    email: 'referred@example.com',
    customer_id: '401088820',
    ip_address: '127.0.0.1',
    coupon_code: 'WHT862',
    traffic_source: 'post-checkout',
  },
  advocate_origin: { id: 77856467, type: 'Purchase', order_number: '529868349', subtotal: '25.76', customer_id: '937735146', ip_address: '127.0.0.1', coupon_code: 'WHT15105', traffic_source: 'post-checkout' },
  friend_origin: {
    id: 818629076,
    type: 'Purchase',
    order_number: '416466456',
    subtotal: '48.39',
    email: 'referred@example.com',
    customer_id: '401088820',
    ip_address: '127.0.0.1',
    coupon_code: 'WHT862',
    traffic_source: 'post-checkout',
  },
  campaign: { id: 944706822, type: 'StandaloneCampaign', cached_slug: 944706822, tag_names: ['default'], origin_min_age: null, origin_max_age: null, new_customer: null },
  offer: { email: 'referrer@example.com', short_url_code: '1a2PV', ip_address: '127.0.0.1' },
  reward: {
    id: 8261300,
    reason: 'referred',
    incentive_type: 'rebate',
    incentive_identifier: 'referred',
    incentive_description: '$10.00 back',
    incentive_custom_description: null,
    amount: '10.0',
    coupon: {},
    coupon_code: null,
    status: 'Paid',
  },
};

export const TALKABLE_REWARD_COUPON = {
  code: 'SAMPLE-COUPON-CODE',
  active: true,
  valid_until: null,
  single_use: false,
  used: false,
  usages: null,
  amount: 10.0,
  percentage_discount: null,
  description: '$10',
  id: 60477154,
  expires_at: null,
};

/** The keys of Talkable's sample that ours lacks, as paths ("reward.coupon.code"); nested objects compared key by key. */
export function missingKeys(talkable: unknown, ours: unknown, path = ''): string[] {
  if (!isObject(talkable)) return [];
  if (!isObject(ours)) return Object.keys(talkable).length > 0 ? [path || '(root)'] : [];
  return Object.entries(talkable).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    if (!(key in ours)) return [at];
    return missingKeys(value, ours[key], at);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
