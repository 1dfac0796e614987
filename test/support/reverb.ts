import { purchase, type JsonResponse, type TestCollector } from './collector';

/** The test site's consumer credentials for the Reverb-shaped /api/v1. */
export const CONSUMER = { consumer_key: 'ck_test_shop_key', consumer_secret: 'cs_test_shop_secret_0123456789' };

/** An `Authorization: Basic` header, as PHP's CURLOPT_USERPWD sends it. */
export function basicAuth(key = CONSUMER.consumer_key, secret = CONSUMER.consumer_secret): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
}

/** GET /api/v1/referrals/:uuid with the consumer credentials. */
export function getRecords(collector: TestCollector, uuid: string, query = ''): Promise<JsonResponse> {
  return collector.get(`/api/v1/referrals/${uuid}${query}`, basicAuth());
}

/** POST /api/v1/referrals with the consumer credentials. */
export function postRecord(collector: TestCollector, body: Record<string, unknown>): Promise<JsonResponse> {
  return collector.post('/api/v1/referrals', body, basicAuth());
}

/** A Purchase sent with the secret key; answers the order's uuid, the customer's uuid and the offer. */
export async function buy(collector: TestCollector, email: string, orderNumber: string, extra: Record<string, unknown> = {}) {
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: orderNumber, subtotal: 20, ...extra }));
  if (answer.status !== 201) throw new Error(`purchase ${orderNumber}: ${answer.status} ${JSON.stringify(answer.body)}`);
  const { origin, offer } = answer.body.result;
  return { orderUuid: origin.id as string, customerUuid: origin.customer_uuid as string, offer, referral: answer.body.result.referral };
}
