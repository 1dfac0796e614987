import type { FraudSignalName } from '../../config/fraud-rules.schema';

/** A signal's value: plain JSON, so a decision trail can be stored, answered and sent as it is. */
export type SignalValue = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/**
 * One signal evaluated on one referral's facts: what it found (`value`), whether that crosses its
 * rule (`fired`), and a sentence a support person can read out to a customer (`words`).
 */
export interface SignalResult {
  signal: FraudSignalName;
  value: SignalValue;
  fired: boolean;
  words: string;
}

/** Who lacks a fact a comparison needs, for words such as "no device id is known for the friend to compare". */
export function sideWithout(advocateHas: boolean, friendHas: boolean): string {
  if (!advocateHas && !friendHas) return 'either side';
  return advocateHas ? 'the friend' : 'the advocate';
}
