import { describe, expect, it } from 'vitest';
import { approveAfter } from './campaign-rules';

const CREATED = new Date('2026-05-04T10:00:00.000Z');

describe('when the scheduler may approve a new referral', () => {
  it('is the cooling period after creation in auto mode', () => {
    expect(approveAfter({ approval: { mode: 'auto', cooling_period_in_hours: 72 } }, CREATED)).toBe('2026-05-07T10:00:00.000Z');
  });

  it('takes fractions of an hour', () => {
    expect(approveAfter({ approval: { mode: 'auto', cooling_period_in_hours: 0.5 } }, CREATED)).toBe('2026-05-04T10:30:00.000Z');
  });

  it('is at once with no cooling period', () => {
    expect(approveAfter({ approval: { mode: 'auto', cooling_period_in_hours: 0 } }, CREATED)).toBe(CREATED.toISOString());
  });

  it('is never, by itself, in manual mode: a person approves', () => {
    expect(approveAfter({ approval: { mode: 'manual', cooling_period_in_hours: 0 } }, CREATED)).toBeNull();
  });
});
