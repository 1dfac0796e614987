import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FraudRulesSchema } from '../../config/fraud-rules.schema';
import { bannedAdvocateSignal, blockedCustomerIdSignal, blockedEmailSignal, blockedIpSignal, compileBlocklists } from './blocklists';

const lists = compileBlocklists(
  v.parse(FraudRulesSchema, {
    blocklists: {
      emails: ['John.Smith@gmail.com', '*@spam.example', '*@*.throwaway.example'],
      ip_ranges: ['192.0.2.0/24', '2001:db8:bad::/48', '198.51.100.9'],
      customer_ids: ['cus_42'],
      banned_advocates: { emails: ['farmer@example.com'], customer_ids: ['cus_7'] },
    },
  }).blocklists,
);

describe('the email block list', () => {
  it('blocks a listed address by its mailbox, naming the entry', () => {
    expect(blockedEmailSignal('johnsmith+x@googlemail.com', lists)).toMatchObject({ fired: true, value: { entry: 'john.smith@gmail.com' }, words: "the friend's email is on the block list (john.smith@gmail.com)" });
  });

  it('blocks a listed domain, and with *.domain its subdomains', () => {
    expect(blockedEmailSignal('Ann@SPAM.example', lists).fired).toBe(true);
    expect(blockedEmailSignal('ann@a.b.throwaway.example', lists).fired).toBe(true);
  });

  it('does not block a look-alike: another mailbox, a subdomain of a plain domain entry, the bare domain of a *. entry, a domain ending alike', () => {
    for (const email of ['john.smith2@gmail.com', 'ann@mail.spam.example', 'ann@throwaway.example', 'ann@notspam.example']) {
      expect(blockedEmailSignal(email, lists).fired, email).toBe(false);
    }
  });
});

describe('the IP block list', () => {
  it('blocks an address in a listed range, IPv4 or IPv6, and a listed single address', () => {
    expect(blockedIpSignal(['203.0.113.1', '192.0.2.77'], lists)).toMatchObject({ fired: true, words: "the friend's IP address is in a blocked range (192.0.2.0/24)" });
    expect(blockedIpSignal(['2001:db8:bad:1::5'], lists).fired).toBe(true);
    expect(blockedIpSignal(['::ffff:198.51.100.9'], lists).fired).toBe(true);
  });

  it('does not block the neighbours of a range', () => {
    expect(blockedIpSignal(['192.0.3.1', '2001:db8:bae::1', '198.51.100.10'], lists).fired).toBe(false);
    expect(blockedIpSignal([], lists)).toMatchObject({ fired: false, words: "the friend's IP address is not known" });
  });
});

describe('the customer-id block list and the banned advocates', () => {
  it('blocks a listed customer id, and only that one', () => {
    expect(blockedCustomerIdSignal('cus_42', lists).fired).toBe(true);
    expect(blockedCustomerIdSignal('cus_420', lists).fired).toBe(false);
  });

  it('bans an advocate by email or customer id, saying their offer stops earning', () => {
    expect(bannedAdvocateSignal({ email: 'Farmer+1@example.com' }, lists)).toMatchObject({ fired: true, words: 'the advocate is banned (by email, farmer@example.com): their offer no longer earns' });
    expect(bannedAdvocateSignal({ customer_id: 'cus_7' }, lists).words).toBe('the advocate is banned (by customer id): their offer no longer earns');
    expect(bannedAdvocateSignal({ email: 'ann@example.com', customer_id: 'cus_8' }, lists).fired).toBe(false);
  });
});
