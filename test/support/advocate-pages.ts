import { createHmac } from 'node:crypto';
import type { TestCollector } from './collector';

/** A form post as a browser on the collector's own page sends it (its Origin), answered without following redirects. */
export async function postForm(collector: Pick<TestCollector, 'url'>, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${collector.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: collector.url, ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The sign-in link in a sign-in mail's text. */
export function signInLinkIn(text: string): string {
  const match = /https?:\/\/\S+\/me\/[a-z0-9-]+\/link\/[A-Za-z0-9_-]{43}/.exec(text);
  if (!match) throw new Error(`no sign-in link in: ${text}`);
  return match[0];
}

/**
 * A dashboard token minted the way the README tells a shop's server to, written out here on
 * purpose rather than imported: the test pins the documented format, not the collector's code.
 */
export function shopMintedToken(apiKey: string, siteSlug: string, email: string, expiresAtInSeconds: number): string {
  const signature = createHmac('sha256', apiKey).update(`vouch-dashboard:${siteSlug}:${email}:${expiresAtInSeconds}`).digest('hex');
  return Buffer.from(`${email}.${expiresAtInSeconds}.${signature}`).toString('base64url');
}
