/**
 * Signals `leaked_link` and `leaked_coupon`: one advocate's link, or their friend coupon, used by
 * more distinct, unrelated friends (sharing no network or device with each other) within the
 * window than the rule allows — the mark of a code pasted on a public page rather than passed to
 * friends. The caller counts them (countUnrelatedFriends); this compares.
 *
 * Default: on, flag, at more than 25 unrelated friends in 24 hours. False-positive risk: an
 * advocate with a real audience (a newsletter, a club) reaches that many honestly; a merchant who
 * welcomes that raises the limit or turns the signal off.
 */
import type { FraudRules } from '../../config/fraud-rules.schema';
import type { FraudCounts } from './facts';
import type { SignalResult } from './signal';

/** Whether the advocate's link or coupon reached more unrelated friends in its window than allowed. */
export function leakedSignal(
  signal: 'leaked_link' | 'leaked_coupon',
  counts: FraudCounts | undefined,
  setting: Pick<FraudRules['signals']['leaked_link'], 'max_distinct_friends' | 'window_hours'>,
): SignalResult {
  const count = signal === 'leaked_link' ? counts?.link_distinct_friends : counts?.coupon_distinct_friends;
  const what = signal === 'leaked_link' ? "the advocate's link" : "the advocate's friend coupon";
  const window = setting.window_hours === 1 ? 'hour' : `${setting.window_hours} hours`;
  const value = { distinct_friends: count ?? null, max: setting.max_distinct_friends, window_hours: setting.window_hours };
  if (count === undefined) return { signal, value, fired: false, words: `how many friends used ${what} is not known` };
  const fired = count > setting.max_distinct_friends;
  return {
    signal,
    value,
    fired,
    words: `${count} unrelated friend${count === 1 ? '' : 's'} used ${what} in the last ${window}, ${fired ? 'more than' : 'within'} the ${setting.max_distinct_friends} allowed${fired ? ' (it may be posted publicly)' : ''}`,
  };
}
