/**
 * Talkable's sample Post Share, Event (an Event and a Purchase) and Unsubscribe web hook
 * payloads, verbatim from its API reference: what a receiver written for Talkable reads.
 */

const SAMPLE_PERSON = {
  first_name: 'Bob',
  last_name: 'Smith',
  email: 'referrer@example.com',
  username: 'username',
  unsubscribed_at: null,
  subscribed_at: '2018-09-27T22:55:13.860+03:00',
  opted_in_at: '2018-09-27T22:55:13.860+03:00',
  sub_choice: true,
  referral_counts: { total: 0, approved: 0, pending: 0 },
  is_loyalty_member: false,
  loyalty_member: null,
};

export const TALKABLE_POST_SHARE = {
  campaign: { id: 83587635, type: 'StandaloneCampaign', cached_slug: 83587635, tag_names: ['default'], origin_min_age: null, origin_max_age: null, new_customer: null },
  share_type: 'email',
  share_info: { recipients: ['john@example.com'] },
  sharer_info: { ...SAMPLE_PERSON, email: 'sharer@example.com' },
  origin: {
    id: 147886587,
    type: 'Purchase',
    order_number: '450901776',
    subtotal: 35.03,
    email: 'sharer@example.com',
    customer_id: '565659001',
    order_date: '2019-04-11T07:28:31.258-07:00',
    ip_address: '127.0.0.1',
    coupon_code: 'WHT29123',
    traffic_source: 'post-checkout',
  },
};

export const TALKABLE_EVENT_OF_EVENT = {
  origin: {
    id: 289738874,
    type: 'Event',
    event_number: '953205549',
    event_category: 'webhook-test',
    subtotal: 91.52,
    customer_id: '865955119',
    order_date: '2019-04-11T07:26:17.272-07:00',
    coupon_code: 'WHT28499',
    ip_address: '127.0.0.1',
    traffic_source: 'post-event',
  },
  person: { ...SAMPLE_PERSON, subscribed_at: '2019-04-11T07:25:17.272-07:00', opted_in_at: '2019-04-11T07:25:17.272-07:00' },
};

export const TALKABLE_EVENT_OF_PURCHASE = {
  origin: {
    id: 654689661,
    type: 'Purchase',
    order_number: '426692385',
    subtotal: 29.39,
    customer_id: '162638070',
    order_date: '2019-04-11T07:28:31.258-07:00',
    coupon_code: 'WHT79679',
    ip_address: '127.0.0.1',
    traffic_source: 'post-checkout',
  },
  person: { ...SAMPLE_PERSON, subscribed_at: '2019-04-11T07:27:31.258-07:00', opted_in_at: '2019-04-11T07:27:31.258-07:00' },
};

export const TALKABLE_UNSUBSCRIBE = { person: SAMPLE_PERSON };
