/**
 * Signal `disposable_email`: the friend's email is at a throwaway mailbox service (mailinator.com,
 * guerrillamail.com and some eight thousand more), or at a subdomain of one, by the community list
 * the disposable-email-domains-js package carries and updates.
 *
 * Default: on, flags. False-positive risk: low but real — the list is crowd-kept and now and then
 * holds a domain real people use for their everyday mail until someone reports it; a careful
 * shopper may also use a throwaway address for any shop. Hence a flag, never a block.
 */
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import type { SignalResult } from './signal';

let disposableDomains: Set<string> | undefined;

/** The list, read once: the package's own check reads and copies it on every call. */
function isListed(domain: string): boolean {
  disposableDomains ??= disposableEmailBlocklistSet();
  return disposableDomains.has(domain);
}

/** The listed disposable domain an email is at (itself or a parent of its domain), or null. */
export function disposableDomainOf(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const labels = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '').split('.');
  // Every suffix with at least two labels: a.b.mailinator.com, b.mailinator.com, mailinator.com.
  for (let start = 0; start <= labels.length - 2; start++) {
    const domain = labels.slice(start).join('.');
    if (isListed(domain)) return domain;
  }
  return null;
}

/** Whether the friend's email is at a disposable mailbox service. */
export function disposableEmailSignal(friendEmail: string | null | undefined): SignalResult {
  if (!friendEmail) return { signal: 'disposable_email', value: { domain: null }, fired: false, words: 'the friend has no email to check' };
  const domain = disposableDomainOf(friendEmail);
  return {
    signal: 'disposable_email',
    value: { domain },
    fired: domain !== null,
    words: domain ? `the friend's email is at ${domain}, a disposable mailbox service` : "the friend's email is not at a known disposable mailbox service",
  };
}
