import { createHmac } from 'node:crypto';
import { webhookSecretKey } from './webhook-signature';

/** What the derived form key is an HMAC of: fixed, so the key depends on the secret alone. */
const FORM_KEY_MESSAGE = 'vouch form key';

/**
 * The `key` field of Talkable's form format for an endpoint that configures none: the hex
 * HMAC-SHA256 of "vouch form key" under the endpoint's first secret. It is the same on every
 * delivery (Talkable's key is "the same for all Webhooks on a given site"), a merchant can
 * compute it from the secret they hold, and it reveals nothing of the secret.
 */
export function derivedFormKey(secret: string): string {
  return createHmac('sha256', webhookSecretKey(secret)).update(FORM_KEY_MESSAGE).digest('hex');
}

