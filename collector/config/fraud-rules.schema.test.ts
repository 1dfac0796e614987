import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAUD_RULES, FraudRulesSchema, rulesVersion } from './fraud-rules.schema';
import { toFieldErrors } from './validation-issues';

const errorsOf = (input: unknown) => {
  const result = v.safeParse(FraudRulesSchema, input);
  return result.success ? [] : toFieldErrors(result.issues, 'fraud');
};

describe('a site’s fraud rules', () => {
  it('default to blocking only certain fraud, flagging the rest, and approving a flag nobody decided after 14 days', () => {
    const actions = Object.entries(DEFAULT_FRAUD_RULES.signals).filter(([, setting]) => setting.enabled && setting.action === 'block').map(([signal]) => signal);
    expect(actions.sort()).toEqual(['banned_advocate', 'blocked_customer_id', 'blocked_email', 'blocked_ip', 'self_referral']);
    expect(DEFAULT_FRAUD_RULES.signals.same_ip).toEqual({ enabled: true, action: 'flag' });
    expect(DEFAULT_FRAUD_RULES.signals.same_shipping_zip.enabled).toBe(false);
    expect(DEFAULT_FRAUD_RULES.signals.coupon_site_referrer.sites).toContain('retailmenot.com');
    expect(DEFAULT_FRAUD_RULES.flagged_auto_resolution).toEqual({ after_days: 14, outcome: 'approve' });
  });

  it('fill in what a merchant leaves out of a signal', () => {
    expect(v.parse(FraudRulesSchema, { signals: { advocate_referrals_per_hour: { max: 3 } } }).signals.advocate_referrals_per_hour).toEqual({ enabled: true, action: 'flag', max: 3 });
  });

  it('refuse a misspelt key, naming it, rather than ignore a rule the merchant thinks is on', () => {
    expect(errorsOf({ signals: { same_ip: { action: 'flag', enabeld: false } } })[0]?.field).toBe('fraud.signals.same_ip.enabeld');
    expect(errorsOf({ signal: {} })[0]?.field).toBe('fraud.signal');
  });

  it('refuse a bad action, outcome or threshold, naming the field', () => {
    expect(errorsOf({ signals: { same_ip: { action: 'ban' } } })).toEqual([{ field: 'fraud.signals.same_ip.action', message: 'must be "flag" or "block"' }]);
    expect(errorsOf({ flagged_auto_resolution: { outcome: 'block' } })).toEqual([{ field: 'fraud.flagged_auto_resolution.outcome', message: 'must be "approve" or "void"' }]);
    expect(errorsOf({ signals: { leaked_link: { max_distinct_friends: 2.5 } } })[0]).toEqual({ field: 'fraud.signals.leaked_link.max_distinct_friends', message: 'must be a whole number' });
  });

  it('refuse two-edit near misses on shorter local parts than one-edit ones', () => {
    expect(errorsOf({ signals: { similar_email: { one_edit_from_length: 8, two_edits_from_length: 7 } } })[0]?.field).toBe('fraud.signals.similar_email.two_edits_from_length');
  });

  it('refuse a block-list range with bits after its prefix, saying which network was meant', () => {
    expect(errorsOf({ blocklists: { ip_ranges: ['192.0.2.0/24', '192.0.2.7/24'] } })).toEqual([
      { field: 'fraud.blocklists.ip_ranges.1', message: '"192.0.2.7/24" has bits set after its prefix: the network is 192.0.2.0/24' },
    ]);
  });

  it('refuse a block-list email that is neither an address nor *@domain', () => {
    expect(errorsOf({ blocklists: { emails: ['*@gmail.com', 'ann@example.com', '*.example.com', 'ann@*'] } }).map((error) => error.field)).toEqual([
      'fraud.blocklists.emails.2',
      'fraud.blocklists.emails.3',
    ]);
  });
});

describe('the version of a set of rules', () => {
  const parse = (input: unknown) => v.parse(FraudRulesSchema, input);

  it('is the same whatever order the keys and list entries were written in, and with a default written out', () => {
    const one = parse({ signals: { same_ip: { action: 'block', enabled: true }, leaked_link: { window_hours: 48, max_distinct_friends: 10 } }, blocklists: { emails: ['a@example.com', 'b@example.com'] } });
    const two = parse({ blocklists: { emails: ['b@example.com', 'a@example.com', 'b@example.com'] }, signals: { leaked_link: { max_distinct_friends: 10, window_hours: 48 }, same_ip: { enabled: true, action: 'block' } } });
    expect(rulesVersion(one)).toBe(rulesVersion(two));
    expect(rulesVersion(parse({ signals: { same_ip: { action: 'flag' } } }))).toBe(rulesVersion(DEFAULT_FRAUD_RULES));
  });

  it('changes with any change of meaning', () => {
    const versions = [{}, { signals: { same_ip: { action: 'block' } } }, { signals: { link_clicks_per_hour: { max: 499 } } }, { blocklists: { customer_ids: ['cus_1'] } }, { flagged_auto_resolution: { outcome: 'void' } }].map(
      (input) => rulesVersion(parse(input)),
    );
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions[0]).toMatch(/^fr-[0-9a-f]{16}$/);
  });
});
