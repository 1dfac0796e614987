import type { ReferralRow } from '../store/tables';

/** One signal of a referral's decision trail, as the API answers and the web hooks carry it. */
export interface FraudSignalPayload {
  signal: string;
  value: Record<string, unknown>;
  fired: boolean;
  words: string;
  /** What the signal leads to when it fires: "flag" or "block". */
  action: 'flag' | 'block';
}

/** A referral's fraud decision: `fraud` on the referral answers and the Referral web hook. */
export interface FraudPayload {
  outcome: 'pass' | 'flag' | 'block';
  rules_version: string;
  signals: FraudSignalPayload[];
}

/** The stored decision of a referral (its fraud_decision column), or null when no rule decided it (a record, a threshold). */
export function fraudPayload(referral: Pick<ReferralRow, 'fraud_decision'>): FraudPayload | null {
  return referral.fraud_decision ? (JSON.parse(referral.fraud_decision) as FraudPayload) : null;
}

/** The words of every signal that fired, in the trail's order (certain fraud first). */
export function firedWords(fraud: FraudPayload | null): string[] {
  return fraud ? fraud.signals.filter((entry) => entry.fired).map((entry) => entry.words) : [];
}

/**
 * Talkable's fraud fields on a referral answer: `fraud_details` (why it is blocked or flagged, in
 * words, or null) and `fraud_policies_status` (the signals that blocked, flagged, or passed; Vouch
 * names its own signals, and lists a disabled one nowhere, so `skipped` is always empty).
 */
export function talkableFraudFields(referral: Pick<ReferralRow, 'fraud_decision' | 'blocked_reason' | 'status'>) {
  const fraud = fraudPayload(referral);
  const names = (test: (entry: FraudSignalPayload) => boolean) => (fraud ? fraud.signals.filter(test).map((entry) => entry.signal) : []);
  const words = firedWords(fraud);
  const blocked = names((entry) => entry.fired && entry.action === 'block');
  // A rule outside the fraud rules (the friend is not new, the advocate's purchase was refunded) blocks by its reason alone.
  const reasonRule = referral.status === 'blocked' && referral.blocked_reason ? referral.blocked_reason.split(':')[0]! : null;
  if (reasonRule && !blocked.includes(reasonRule)) blocked.push(reasonRule);
  return {
    fraud_details: referral.status === 'blocked' && referral.blocked_reason ? referral.blocked_reason : words.length > 0 ? words.join('; ') : null,
    fraud_policies_status: {
      blocked,
      flagged: names((entry) => entry.fired && entry.action === 'flag'),
      skipped: [] as string[],
      passed: names((entry) => !entry.fired),
    },
  };
}
