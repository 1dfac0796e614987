import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** The HMAC key inside a Standard Webhooks secret: the base64 after "whsec_". */
export function webhookSecretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/**
 * The `webhook-signature` header of the Standard Webhooks spec: "v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>" for each secret, space-separated, so a receiver holding either the new or
 * the old secret during a rotation accepts the delivery.
 */
export function signWebhook(secrets: readonly string[], id: string, timestampInSeconds: number, body: string): string {
  const signed = `${id}.${timestampInSeconds}.${body}`;
  return secrets.map((secret) => `v1,${createHmac('sha256', webhookSecretKey(secret)).update(signed).digest('base64')}`).join(' ');
}
