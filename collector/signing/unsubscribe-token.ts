import { createHmac } from 'node:crypto';
import { keysMatch } from './constant-time';

/**
 * A token for the unsubscribe link in an invite: the address and an HMAC of it keyed with the
 * site's secret, so nobody can unsubscribe an address they did not receive mail at, and no
 * table of tokens is needed.
 */
export function unsubscribeToken(siteSecret: string, siteSlug: string, email: string): string {
  return `${Buffer.from(email).toString('base64url')}.${mac(siteSecret, siteSlug, email)}`;
}

/** The address a token was made for, or null when the token was not made with this site's secret. */
export function emailFromUnsubscribeToken(siteSecret: string, siteSlug: string, token: string): string | null {
  const [encoded = '', signature = ''] = token.split('.');
  const email = Buffer.from(encoded, 'base64url').toString('utf8');
  if (!email.includes('@') || email.length > 254) return null;
  return keysMatch(mac(siteSecret, siteSlug, email), signature) ? email : null;
}

function mac(secret: string, siteSlug: string, email: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${siteSlug}:${email}`).digest('base64url').slice(0, 32);
}
