import { rulesVersion, type FraudAction, type FraudRules, type FraudSignalName } from '../../config/fraud-rules.schema';
import { bannedAdvocateSignal, blockedCustomerIdSignal, blockedEmailSignal, blockedIpSignal, compileBlocklists, type CompiledBlocklists } from './blocklists';
import { couponSiteReferrerSignal } from './coupon-site-referrer';
import { disposableEmailSignal } from './disposable-email';
import type { FraudFacts } from './facts';
import { leakedSignal } from './leaked-link';
import { sameDeviceSignal, sameUserAgentSignal } from './same-device';
import { sameIpSignal, sameNetworkPrefixSignal } from './same-network';
import { selfReferralSignal } from './self-referral';
import { sameShippingAddressSignal, sameShippingZipSignal } from './shipping-address';
import type { SignalResult } from './signal';
import { similarEmailSignal } from './similar-email';
import { velocitySignal } from './velocity';

/** What the fraud rules make of a referral: nothing to see, a person's review, or a refusal. */
export type FraudOutcome = 'pass' | 'flag' | 'block';

/** One evaluated signal in a decision's trail, with what it leads to when it fires. */
export interface TrailEntry extends SignalResult {
  action: FraudAction;
}

/** A referral's fraud decision: the outcome, every signal evaluated, and the rules that made it. */
export interface FraudDecision {
  outcome: FraudOutcome;
  trail: TrailEntry[];
  rules_version: string;
}

/** Each signal's evaluation, in the order the trail lists them: certain fraud first. */
const EVALUATORS: { [Signal in FraudSignalName]: (facts: FraudFacts, rules: FraudRules, lists: CompiledBlocklists) => SignalResult } = {
  blocked_email: (facts, _rules, lists) => blockedEmailSignal(facts.friend.email, lists),
  blocked_ip: (facts, _rules, lists) => blockedIpSignal(facts.friend.ip_addresses, lists),
  blocked_customer_id: (facts, _rules, lists) => blockedCustomerIdSignal(facts.friend.customer_id, lists),
  banned_advocate: (facts, _rules, lists) => bannedAdvocateSignal(facts.advocate, lists),
  self_referral: (facts) => selfReferralSignal(facts.advocate, facts.friend),
  similar_email: (facts, rules) => similarEmailSignal(facts.advocate.email, facts.friend.email, rules.signals.similar_email),
  same_ip: (facts) => sameIpSignal(facts.advocate, facts.friend),
  same_network_prefix: (facts) => sameNetworkPrefixSignal(facts.advocate, facts.friend),
  same_device: (facts) => sameDeviceSignal(facts.advocate, facts.friend),
  same_user_agent: (facts) => sameUserAgentSignal(facts.advocate, facts.friend),
  same_shipping_address: (facts) => sameShippingAddressSignal(facts.advocate, facts.friend),
  same_shipping_zip: (facts) => sameShippingZipSignal(facts.advocate, facts.friend),
  disposable_email: (facts) => disposableEmailSignal(facts.friend.email),
  advocate_referrals_per_hour: (facts, rules) => velocitySignal('advocate_referrals_per_hour', facts.counts, rules.signals.advocate_referrals_per_hour),
  advocate_referrals_per_day: (facts, rules) => velocitySignal('advocate_referrals_per_day', facts.counts, rules.signals.advocate_referrals_per_day),
  network_purchases_per_day: (facts, rules) => velocitySignal('network_purchases_per_day', facts.counts, rules.signals.network_purchases_per_day),
  link_clicks_per_hour: (facts, rules) => velocitySignal('link_clicks_per_hour', facts.counts, rules.signals.link_clicks_per_hour),
  leaked_link: (facts, rules) => leakedSignal('leaked_link', facts.counts, rules.signals.leaked_link),
  leaked_coupon: (facts, rules) => leakedSignal('leaked_coupon', facts.counts, rules.signals.leaked_coupon),
  coupon_site_referrer: (facts, rules) => couponSiteReferrerSignal(facts.referrer_url, rules.signals.coupon_site_referrer.sites),
};

/** What a set of rules needs on every decision, worked out once: its block lists and its version. */
interface PreparedRules {
  lists: CompiledBlocklists;
  version: string;
}

// Keyed by the rules object, so a replay deciding a million referrals under one set of rules
// compiles them once, and a set no longer in use is let go with it.
const prepared = new WeakMap<FraudRules, PreparedRules>();

function prepare(rules: FraudRules): PreparedRules {
  let ready = prepared.get(rules);
  if (!ready) {
    ready = { lists: compileBlocklists(rules.blocklists), version: rulesVersion(rules) };
    prepared.set(rules, ready);
  }
  return ready;
}

/**
 * The fraud decision on one referral: every enabled signal evaluated on the facts, in a fixed
 * order, into the trail; `block` when a fired signal's rule says block (by default only certain
 * fraud: a block list, the friend being the advocate), `flag` when any other fired, `pass`
 * otherwise. Pure and deterministic — no clock, no store, nothing kept between calls but the
 * compiled rules — so the same facts under the same rules decide the same way at the time and in
 * a replay over history. `rules` are parsed rules (FraudRulesSchema), defaults filled in.
 */
export function decide(facts: FraudFacts, rules: FraudRules): FraudDecision {
  const { lists, version } = prepare(rules);
  const trail: TrailEntry[] = [];
  for (const [signal, evaluate] of Object.entries(EVALUATORS) as [FraudSignalName, (typeof EVALUATORS)[FraudSignalName]][]) {
    const setting = rules.signals[signal];
    if (!setting.enabled) continue;
    trail.push({ ...evaluate(facts, rules, lists), action: setting.action });
  }
  const fired = trail.filter((entry) => entry.fired);
  const outcome: FraudOutcome = fired.some((entry) => entry.action === 'block') ? 'block' : fired.length > 0 ? 'flag' : 'pass';
  return { outcome, trail, rules_version: version };
}
