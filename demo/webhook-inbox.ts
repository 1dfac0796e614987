import { createHmac, timingSafeEqual } from 'node:crypto';

/** One web hook the demo shop received from the collector. */
export interface ReceivedWebhook {
  id: string;
  receivedAt: Date;
  verified: boolean;
  /** Why verification failed, when it did. */
  problem: string | null;
  payload: unknown;
}

const TOLERANCE_IN_SECONDS = 5 * 60;

/**
 * Verifies a Standard Webhooks signature exactly as a merchant's server should: HMAC-SHA256 of
 * "id.timestamp.body" with the base64 part of the whsec_ secret, compared in constant time
 * against every "v1,…" signature in the header (there are two while a secret is rotated),
 * and a timestamp within five minutes (replays are refused).
 */
export function verifyWebhook(
  secrets: readonly string[],
  headers: { id?: string | undefined; timestamp?: string | undefined; signature?: string | undefined },
  body: string,
  now = Date.now(),
): string | null {
  if (!headers.id || !headers.timestamp || !headers.signature) return 'missing webhook-id, webhook-timestamp or webhook-signature';
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > TOLERANCE_IN_SECONDS) return 'timestamp too old or in the future';
  const signed = `${headers.id}.${headers.timestamp}.${body}`;
  const given = headers.signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => Buffer.from(part.slice(3), 'base64'));
  for (const secret of secrets) {
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    const expected = createHmac('sha256', key).update(signed).digest();
    if (given.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))) return null;
  }
  return 'no signature matches';
}

/** What the demo's receiver got, newest first. Deliveries are retried, so ids are kept once. */
export class WebhookInbox {
  readonly received: ReceivedWebhook[] = [];

  record(webhook: ReceivedWebhook): void {
    if (this.received.some((existing) => existing.id === webhook.id && existing.verified)) return;
    this.received.unshift(webhook);
  }
}
