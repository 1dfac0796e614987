import { describe, expect, it } from 'vitest';
import { explainReferral, type ExplainedReferral } from './referral-explanation';

const NOW = new Date('2026-12-01T12:00:00Z');

/** A pending referral of an auto-approving site with a verified purchase; each case changes what it is about. */
function referral(overrides: Partial<Omit<ExplainedReferral, 'referral'>> & { referral?: Partial<ExplainedReferral['referral']> } = {}): ExplainedReferral {
  return {
    approvalMode: 'auto',
    purchaseVerified: true,
    history: [{ from_status: null, to_status: 'pending', cause: 'attribution:uuid', actor_email: null, note: null }],
    rewards: [],
    now: NOW,
    ...overrides,
    referral: { status: 'pending', blocked_reason: null, approve_after: null, advocate_reward_withheld_reason: null, voided_reason: null, ...overrides.referral },
  };
}

const reward = (overrides: Partial<ExplainedReferral['rewards'][number]> = {}): ExplainedReferral['rewards'][number] => ({
  side: 'advocate',
  amount: 5,
  incentive: 'discount_coupon',
  incentive_description: '$5 off',
  coupon_code: 'REWARD-ABC',
  coupon_problem: null,
  reversed_at: null,
  reversed_reason: null,
  ...overrides,
});

describe('why a referral earned no reward, in words', () => {
  it('blocked by the self-referral rule: names the rule and its detail', () => {
    const words = explainReferral(referral({ referral: { status: 'blocked', blocked_reason: "self_referral: the claim was made from the advocate's own browser (visitor uuid)" } }));
    expect(words).toBe("blocked: self-referral — the claim was made from the advocate's own browser (visitor uuid); a person may unblock it in the review queue");
  });

  it('flagged by a fraud signal: its words, and when it resolves by itself', () => {
    const fraud = {
      outcome: 'flag',
      rules_version: 'fr-0000000000000000',
      signals: [
        { signal: 'self_referral', value: { match: null }, fired: false, words: 'the friend and the advocate have different emails and customer ids', action: 'block' },
        { signal: 'same_ip', value: { compared: true, shared: 1 }, fired: true, words: 'the friend used an IP address the advocate also used', action: 'flag' },
      ],
    };
    const words = explainReferral(referral({ referral: { status: 'flagged', fraud_decision: JSON.stringify(fraud), flagged_until: '2026-12-15T12:00:00.000Z' } }));
    expect(words).toBe('flagged: the friend used an IP address the advocate also used; waiting for a person in the review queue; if nobody decides by 2026-12-15 12:00 UTC, it resolves by itself');
  });

  it('blocked because the friend is not new, or the advocate refunded', () => {
    expect(explainReferral(referral({ referral: { status: 'blocked', blocked_reason: "friend_not_new: the friend's email had a Purchase before the claim" } }))).toMatch(
      /^blocked: the friend is not a new customer — the friend's email had a Purchase before the claim/,
    );
    expect(explainReferral(referral({ referral: { status: 'blocked', blocked_reason: "advocate_refunded: the advocate's purchase behind this offer was refunded" } }))).toMatch(
      /^blocked: the advocate's purchase was refunded — /,
    );
  });

  it('pending in its cooling period: says when it ends', () => {
    expect(explainReferral(referral({ referral: { approve_after: '2026-12-04T10:00:00.000Z' } }))).toBe('pending: cooling period ends 2026-12-04 10:00 UTC, then it is approved automatically');
  });

  it('pending past its cooling period: the next scheduler round approves it', () => {
    expect(explainReferral(referral({ referral: { approve_after: '2026-11-30T10:00:00.000Z' } }))).toBe("pending: cooling period ended 2026-11-30 10:00 UTC; it is approved at the scheduler's next round");
  });

  it('pending on a manual site, or on a browser-only purchase', () => {
    expect(explainReferral(referral({ approvalMode: 'manual' }))).toBe("pending: waiting for the merchant's approval (this site approves every referral by hand)");
    expect(explainReferral(referral({ purchaseVerified: false }))).toBe("pending: waiting for a person: only a browser reported the friend's purchase, not the shop's server");
  });

  it('unblocked: says who unblocked it and that it waits', () => {
    const words = explainReferral(
      referral({
        approvalMode: 'manual',
        referral: { status: 'unblocked' },
        history: [
          { from_status: null, to_status: 'blocked', cause: 'rule:self_referral', actor_email: null, note: null },
          { from_status: 'blocked', to_status: 'unblocked', cause: 'console:unblock', actor_email: 'owner@shop.example', note: 'siblings' },
        ],
      }),
    );
    expect(words).toBe('pending: unblocked by owner@shop.example ("siblings"); waiting for the merchant\'s approval (this site approves every referral by hand)');
  });

  it("voided because the friend's order was refunded or cancelled", () => {
    const refunded = referral({ referral: { status: 'voided', voided_reason: 'refunded' }, history: [{ from_status: 'pending', to_status: 'voided', cause: 'refund:refund', actor_email: null, note: null }] });
    expect(explainReferral(refunded)).toBe("voided: the friend's order was refunded");
    const cancelled = referral({ referral: { status: 'voided', voided_reason: 'refunded' }, history: [{ from_status: 'pending', to_status: 'voided', cause: 'refund:cancellation', actor_email: null, note: null }] });
    expect(explainReferral(cancelled)).toBe("voided: the friend's order was cancelled");
  });

  it('voided by a console user with their note, by the API, or because the shop reported the order for someone else', () => {
    const byUser = referral({ referral: { status: 'voided' }, history: [{ from_status: 'pending', to_status: 'voided', cause: 'console:void', actor_email: 'ann@shop.example', note: 'test order' }] });
    expect(explainReferral(byUser)).toBe('voided: voided by ann@shop.example ("test order")');
    const byApi = referral({ referral: { status: 'voided' }, history: [{ from_status: 'pending', to_status: 'voided', cause: 'api', actor_email: null, note: null }] });
    expect(explainReferral(byApi)).toBe("voided: the shop's server voided it (API)");
    const superseded = referral({ referral: { status: 'voided' }, history: [{ from_status: 'pending', to_status: 'voided', cause: 'origin_superseded', actor_email: null, note: null }] });
    expect(explainReferral(superseded)).toBe("voided: the shop's server reported this order for another customer");
  });

  it('approved with a reward and its coupon', () => {
    const approved = referral({ referral: { status: 'approved' }, rewards: [reward()], history: [{ from_status: 'pending', to_status: 'approved', cause: 'scheduler:cooling_period_over', actor_email: null, note: null }] });
    expect(explainReferral(approved)).toBe('approved: reward $5 off issued (coupon REWARD-ABC); approved automatically after the cooling period');
  });

  it('approved but the reward was withheld by a limit', () => {
    const limited = referral({ referral: { status: 'approved', advocate_reward_withheld_reason: 'limit: rewarded_referrals_per_advocate (3) reached' } });
    expect(explainReferral(limited)).toBe("approved: no advocate reward: the advocate reached the campaign's limit rewarded_referrals_per_advocate (3) reached");
  });

  it('approved, then its reward reversed by a refund', () => {
    const reversed = referral({ referral: { status: 'approved' }, rewards: [reward({ reversed_at: '2026-11-20T08:30:00.000Z', reversed_reason: 'refund:chargeback' })] });
    expect(explainReferral(reversed)).toBe("approved: reward $5 off issued, then reversed on 2026-11-20 08:30 UTC: the friend's order was charged back");
  });

  it('approved with an empty coupon pool: the reward has no code', () => {
    const empty = referral({ referral: { status: 'approved' }, rewards: [reward({ coupon_code: null, coupon_problem: 'coupon_pool_empty' })] });
    expect(explainReferral(empty)).toMatch(/^approved: reward \$5 off issued without a code: the advocate coupon pool was empty/);
  });
});
