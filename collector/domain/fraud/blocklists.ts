/**
 * Signals `blocked_email`, `blocked_ip`, `blocked_customer_id` and `banned_advocate`: the friend's
 * email, IP address or customer id is on the site's block lists, or the advocate is banned (their
 * offer stops earning). Emails are compared by mailbox (the provider's rules, as similar_email
 * reads them: listing john.smith@gmail.com lists johnsmith+x@gmail.com too); `*@domain` lists a
 * domain, `*@*.domain` its subdomains; IP ranges are CIDR, IPv4 or IPv6, and need the raw address
 * at the time of the decision.
 *
 * Default: on, block, with empty lists. False-positive risk: only what the merchant lists — a
 * `*@domain` entry for a big provider, or a range wider than meant, blocks everyone in it.
 */
import type { FraudRules } from '../../config/fraud-rules.schema';
import { cidrContains, parseCidr, type CidrRange } from '../../net/cidr-range';
import { parseIpAddress } from '../../net/ip-address-bytes';
import { normaliseEmail } from './email-normalisation';
import type { PartyFacts } from './facts';
import type { SignalResult } from './signal';

/** An email block list made ready for look-ups: the entry each mailbox, domain or parent domain comes from. */
export interface EmailList {
  mailboxes: Map<string, string>;
  domains: Map<string, string>;
  parentDomains: Map<string, string>;
}

/** A site's block lists made ready for look-ups, once per set of rules. */
export interface CompiledBlocklists {
  emails: EmailList;
  ipRanges: { entry: string; range: CidrRange }[];
  customerIds: Set<string>;
  bannedAdvocateEmails: EmailList;
  bannedAdvocateCustomerIds: Set<string>;
}

/** The mailbox key an address is listed under, or null for text that is not an address. */
function mailboxKey(email: string): string | null {
  const normalised = normaliseEmail(email);
  return normalised && `${normalised.local}@${normalised.domain}`;
}

function compileEmailList(entries: readonly string[]): EmailList {
  const list: EmailList = { mailboxes: new Map(), domains: new Map(), parentDomains: new Map() };
  for (const entry of entries) {
    if (entry.startsWith('*@*.')) list.parentDomains.set(entry.slice(4), entry);
    else if (entry.startsWith('*@')) list.domains.set(entry.slice(2), entry);
    else {
      const key = mailboxKey(entry);
      if (key) list.mailboxes.set(key, entry);
    }
  }
  return list;
}

/** The block lists of parsed rules, ready for the signals below. Entries the schema refused never get here. */
export function compileBlocklists(lists: FraudRules['blocklists']): CompiledBlocklists {
  return {
    emails: compileEmailList(lists.emails),
    ipRanges: lists.ip_ranges.flatMap((entry) => {
      const range = parseCidr(entry);
      return typeof range === 'string' ? [] : [{ entry, range }];
    }),
    customerIds: new Set(lists.customer_ids),
    bannedAdvocateEmails: compileEmailList(lists.banned_advocates.emails),
    bannedAdvocateCustomerIds: new Set(lists.banned_advocates.customer_ids),
  };
}

/** The list entry an email is on, or null. */
export function emailListEntryFor(email: string, list: EmailList): string | null {
  const key = mailboxKey(email);
  if (!key) return null;
  const byMailbox = list.mailboxes.get(key);
  if (byMailbox) return byMailbox;
  // The domain as written and as its provider's other name (googlemail.com is gmail.com).
  const written = email.trim().toLowerCase().slice(email.trim().lastIndexOf('@') + 1).replace(/\.$/, '');
  for (const domain of new Set([written, key.slice(key.lastIndexOf('@') + 1)])) {
    const byDomain = list.domains.get(domain);
    if (byDomain) return byDomain;
    const labels = domain.split('.');
    for (let start = 1; start <= labels.length - 2; start++) {
      const byParent = list.parentDomains.get(labels.slice(start).join('.'));
      if (byParent) return byParent;
    }
  }
  return null;
}

/** Whether the friend's email is on the email block list. */
export function blockedEmailSignal(friendEmail: string | null | undefined, lists: CompiledBlocklists): SignalResult {
  const entry = friendEmail ? emailListEntryFor(friendEmail, lists.emails) : null;
  return {
    signal: 'blocked_email',
    value: { entry },
    fired: entry !== null,
    words: entry ? `the friend's email is on the block list (${entry})` : friendEmail ? "the friend's email is on no block list" : 'the friend has no email to check',
  };
}

/** Whether one of the friend's IP addresses is in a blocked range. */
export function blockedIpSignal(friendIpAddresses: readonly string[] | undefined, lists: CompiledBlocklists): SignalResult {
  const addresses = (friendIpAddresses ?? []).flatMap((text) => parseIpAddress(text) ?? []);
  if (addresses.length === 0) return { signal: 'blocked_ip', value: { entry: null }, fired: false, words: "the friend's IP address is not known" };
  const hit = lists.ipRanges.find(({ range }) => addresses.some((address) => cidrContains(range, address)));
  return {
    signal: 'blocked_ip',
    value: { entry: hit?.entry ?? null },
    fired: hit !== undefined,
    words: hit ? `the friend's IP address is in a blocked range (${hit.entry})` : "the friend's IP address is in no blocked range",
  };
}

/** Whether the friend's customer id is on the block list. */
export function blockedCustomerIdSignal(friendCustomerId: string | null | undefined, lists: CompiledBlocklists): SignalResult {
  const fired = !!friendCustomerId && lists.customerIds.has(friendCustomerId.trim());
  return {
    signal: 'blocked_customer_id',
    value: { listed: fired },
    fired,
    words: fired ? "the friend's customer id is on the block list" : friendCustomerId ? "the friend's customer id is on no block list" : 'the friend has no customer id to check',
  };
}

/** Whether the advocate is banned, by email or customer id. */
export function bannedAdvocateSignal(advocate: PartyFacts, lists: CompiledBlocklists): SignalResult {
  const byEmail = advocate.email ? emailListEntryFor(advocate.email, lists.bannedAdvocateEmails) : null;
  const byCustomerId = !!advocate.customer_id && lists.bannedAdvocateCustomerIds.has(advocate.customer_id.trim());
  const fired = byEmail !== null || byCustomerId;
  return {
    signal: 'banned_advocate',
    value: { entry: byEmail, by_customer_id: byCustomerId },
    fired,
    words: fired ? `the advocate is banned (${byEmail ? `by email, ${byEmail}` : 'by customer id'}): their offer no longer earns` : 'the advocate is not banned',
  };
}
