/**
 * Signals `advocate_referrals_per_hour`, `advocate_referrals_per_day`, `network_purchases_per_day`
 * and `link_clicks_per_hour` (Talkable's max_clicks_per_link_per_hour): a count the caller took
 * from the store, including the referral being decided, compared with the rule's `max`. Pure: the
 * counting window is the caller's, so a replay gives the counts as they were then.
 *
 * Defaults: on, flag, at 10 referrals per advocate an hour, 50 a day, 5 friends' purchases from one
 * network (IPv4 /24, IPv6 /48) a day, 500 clicks on one link an hour. False-positive risk: an
 * advocate with an audience (a blogger's post, a team's group chat) is fast for honest reasons,
 * and an office's lunch-break order is five purchases from one network; the limits are set well
 * above a person's pace and only flag.
 */
import type { FraudRules } from '../../config/fraud-rules.schema';
import type { FraudCounts } from './facts';
import type { SignalResult } from './signal';

type VelocitySignal = 'advocate_referrals_per_hour' | 'advocate_referrals_per_day' | 'network_purchases_per_day' | 'link_clicks_per_hour';

const COUNT_OF: Record<VelocitySignal, keyof FraudCounts> = {
  advocate_referrals_per_hour: 'advocate_referrals_last_hour',
  advocate_referrals_per_day: 'advocate_referrals_last_day',
  network_purchases_per_day: 'network_purchases_last_day',
  link_clicks_per_hour: 'link_clicks_last_hour',
};

/** What is counted, as "<count> <what> in the last <window>". */
const WHAT: Record<VelocitySignal, { what: (count: number) => string; window: string }> = {
  advocate_referrals_per_hour: { what: (count) => `referral${count === 1 ? '' : 's'} by the advocate`, window: 'hour' },
  advocate_referrals_per_day: { what: (count) => `referral${count === 1 ? '' : 's'} by the advocate`, window: 'day' },
  network_purchases_per_day: { what: (count) => `friends' purchase${count === 1 ? '' : 's'} from the friend's network`, window: 'day' },
  link_clicks_per_hour: { what: (count) => `click${count === 1 ? '' : 's'} on the link`, window: 'hour' },
};

/** Whether a velocity count is over its rule's limit. */
export function velocitySignal(signal: VelocitySignal, counts: FraudCounts | undefined, setting: Pick<FraudRules['signals'][VelocitySignal], 'max'>): SignalResult {
  const count = counts?.[COUNT_OF[signal]];
  const { what, window } = WHAT[signal];
  if (count === undefined) return { signal, value: { count: null, max: setting.max }, fired: false, words: `the number of ${what(2)} in the last ${window} is not known` };
  const fired = count > setting.max;
  return {
    signal,
    value: { count, max: setting.max },
    fired,
    words: `${count} ${what(count)} in the last ${window}, ${fired ? 'more than' : 'within'} the ${setting.max} allowed`,
  };
}
