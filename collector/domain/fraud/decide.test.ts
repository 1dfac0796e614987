import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAUD_RULES, FraudRulesSchema, rulesVersion } from '../../config/fraud-rules.schema';
import { decide } from './decide';
import type { FraudFacts } from './facts';
import { networkFingerprint } from './network-fingerprint';

const KEY = 'site-key';
const network = (ip: string) => networkFingerprint(ip, KEY)!;
const OFFICE = '203.0.113.40';

/** Two colleagues: different people, one office network. */
const colleagues: FraudFacts = {
  advocate: { email: 'ann.lee@acme.example', customer_id: 'cus_1', networks: [network(OFFICE), network('198.51.100.7')] },
  friend: { email: 'bob.jones@gmail.com', customer_id: 'cus_2', networks: [network(OFFICE)], ip_addresses: [OFFICE] },
  counts: { advocate_referrals_last_hour: 2, advocate_referrals_last_day: 2, network_purchases_last_day: 2, link_clicks_last_hour: 4, link_distinct_friends: 2 },
  referrer_url: 'https://mail.google.com/',
};

const strangers: FraudFacts = {
  advocate: { email: 'ann.lee@acme.example', networks: [network('198.51.100.7')] },
  friend: { email: 'bob.jones@gmail.com', networks: [network('192.0.2.99')], ip_addresses: ['192.0.2.99'] },
};

const fired = (facts: FraudFacts, rules = DEFAULT_FRAUD_RULES) =>
  decide(facts, rules)
    .trail.filter((entry) => entry.fired)
    .map((entry) => `${entry.signal}:${entry.action}`);

describe('the fraud decision on a referral', () => {
  it('flags, and does not block, two real friends behind one office address, saying why', () => {
    const decision = decide(colleagues, DEFAULT_FRAUD_RULES);
    expect(decision.outcome).toBe('flag');
    expect(fired(colleagues)).toEqual(['same_ip:flag', 'same_network_prefix:flag']);
    expect(decision.trail.find((entry) => entry.signal === 'same_ip')?.words).toBe(
      'the friend used an IP address the advocate also used (a shared home, office or mobile network: not proof by itself)',
    );
  });

  it('passes strangers, with every enabled signal in the trail and none fired', () => {
    const decision = decide(strangers, DEFAULT_FRAUD_RULES);
    expect(decision.outcome).toBe('pass');
    const enabled = Object.entries(DEFAULT_FRAUD_RULES.signals).filter(([, setting]) => setting.enabled).map(([signal]) => signal);
    expect(decision.trail.map((entry) => entry.signal).sort()).toEqual(enabled.sort());
    expect(decision.trail.every((entry) => !entry.fired && entry.words.length > 0)).toBe(true);
    expect(decision.trail.find((entry) => entry.signal === 'similar_email')?.words).toBe("the friend's email is on another domain than the advocate's");
  });

  it('blocks exact self-referral: the advocate’s customer id, or their Gmail address with a +tag', () => {
    expect(decide({ advocate: { customer_id: 'cus_1' }, friend: { customer_id: 'cus_1' } }, DEFAULT_FRAUD_RULES).outcome).toBe('block');
    const alias: FraudFacts = { advocate: { email: 'john.smith@gmail.com' }, friend: { email: 'johnsmith+x@gmail.com' } };
    expect(decide(alias, DEFAULT_FRAUD_RULES).outcome).toBe('block');
    expect(fired(alias)).toEqual(['self_referral:block', 'similar_email:flag']);
  });

  it('flags a near miss and a Yahoo -tag, which are likely but not certain', () => {
    expect(decide({ advocate: { email: 'johnsmith@example.com' }, friend: { email: 'jonhsmith@example.com' } }, DEFAULT_FRAUD_RULES).outcome).toBe('flag');
    expect(decide({ advocate: { email: 'jsmith@yahoo.com' }, friend: { email: 'jsmith-deals@yahoo.com' } }, DEFAULT_FRAUD_RULES).outcome).toBe('flag');
  });

  it('passes john.smith and johnsmith at Outlook.com, and ann and anna', () => {
    expect(decide({ advocate: { email: 'john.smith@outlook.com' }, friend: { email: 'johnsmith@outlook.com' } }, DEFAULT_FRAUD_RULES).outcome).toBe('pass');
    expect(decide({ advocate: { email: 'ann@example.com' }, friend: { email: 'anna@example.com' } }, DEFAULT_FRAUD_RULES).outcome).toBe('pass');
  });

  it('blocks a friend on a block list even when nothing else is wrong', () => {
    const rules = v.parse(FraudRulesSchema, { blocklists: { ip_ranges: ['192.0.2.0/24'] } });
    expect(decide(strangers, rules).outcome).toBe('block');
    expect(fired(strangers, rules)).toEqual(['blocked_ip:block']);
  });

  it('follows the merchant’s rules: a signal set to block blocks, a signal turned off is not evaluated', () => {
    const strict = v.parse(FraudRulesSchema, { signals: { same_ip: { action: 'block' } } });
    expect(decide(colleagues, strict).outcome).toBe('block');
    const lenient = v.parse(FraudRulesSchema, { signals: { same_ip: { enabled: false }, same_network_prefix: { enabled: false } } });
    const decision = decide(colleagues, lenient);
    expect(decision.outcome).toBe('pass');
    expect(decision.trail.some((entry) => entry.signal === 'same_ip')).toBe(false);
  });

  it('flags a link posted on a coupon site and a burst of referrals', () => {
    expect(fired({ ...strangers, referrer_url: 'https://www.retailmenot.com/view/acme.example' })).toEqual(['coupon_site_referrer:flag']);
    expect(fired({ ...strangers, counts: { advocate_referrals_last_hour: 30 } })).toEqual(['advocate_referrals_per_hour:flag']);
  });

  it('decides the same facts alike every time, names its rules, and gives a trail that survives JSON', () => {
    const first = decide(colleagues, DEFAULT_FRAUD_RULES);
    const again = decide(structuredClone(colleagues), v.parse(FraudRulesSchema, {}));
    expect(again).toEqual(first);
    expect(first.rules_version).toBe(rulesVersion(DEFAULT_FRAUD_RULES));
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });
});
