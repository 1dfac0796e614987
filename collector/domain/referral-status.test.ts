import { describe, expect, it } from 'vitest';
import type { ReferralStatus } from '../store/tables';
import { canTransition, illegalTransition, isIllegalTransition, statusesLeadingTo, WEBHOOK_STATUSES } from './referral-status';

const ALL: readonly ReferralStatus[] = ['pending', 'flagged', 'blocked', 'unblocked', 'approved', 'voided'];

/** Every status a referral in `from` may move to, read off canTransition. */
const nextOf = (from: ReferralStatus) => ALL.filter((to) => canTransition(from, to));

describe('referral status transitions', () => {
  it('lets a pending referral be approved or voided, and nothing else', () => {
    expect(nextOf('pending')).toEqual(['approved', 'voided']);
  });

  it('makes a blocked referral wait for a person: it may only be unblocked or voided, never approved directly', () => {
    expect(nextOf('blocked')).toEqual(['unblocked', 'voided']);
  });

  it('lets a flagged referral be approved, voided, blocked, or unblocked (cleared, then the usual course)', () => {
    expect(nextOf('flagged')).toEqual(['blocked', 'unblocked', 'approved', 'voided']);
  });

  it('lets an unblocked referral be approved or voided', () => {
    expect(nextOf('unblocked')).toEqual(['approved', 'voided']);
  });

  it('keeps approved and voided final: neither can become the other, nor anything else', () => {
    expect(nextOf('approved')).toEqual([]);
    expect(nextOf('voided')).toEqual([]);
  });

  it('never moves a referral back to pending or to the status it already has', () => {
    for (const from of ALL) {
      expect(canTransition(from, 'pending'), from).toBe(false);
      expect(canTransition(from, from), from).toBe(false);
    }
  });

  it('names the statuses a conditional update may start from', () => {
    expect(statusesLeadingTo('approved')).toEqual(['pending', 'flagged', 'unblocked']);
    expect(statusesLeadingTo('voided')).toEqual(['pending', 'flagged', 'blocked', 'unblocked']);
    expect(statusesLeadingTo('unblocked')).toEqual(['flagged', 'blocked']);
    expect(statusesLeadingTo('pending')).toEqual([]);
  });

  it("tells the merchant's server about approved and unblocked referrals only", () => {
    expect([...WEBHOOK_STATUSES].sort()).toEqual(['approved', 'unblocked']);
  });

  it('explains a forbidden change naming both statuses', () => {
    const error = illegalTransition('approved', 'voided');
    expect(error.message).toBe('a referral that is approved cannot become voided');
    expect(error).toMatchObject({ code: 'illegal_transition', kind: 'conflict', field: 'data.status', detail: 'cannot change from approved to voided' });
    expect(isIllegalTransition(error)).toBe(true);
    expect(isIllegalTransition(new Error('something else'))).toBe(false);
  });
});
