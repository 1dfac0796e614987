import { describe, expect, it } from 'vitest';
import type { ExperimentVariant } from '../config/site-config.schema';
import { assignmentKey, assignmentSubject, assignVariant } from './experiment-assignment';

const KEY = assignmentKey('test-api-key-0123456789');
const variant = (id: string, weight: number) => ({ id, weight }) as ExperimentVariant;
const VARIANTS = [variant('control', 50), variant('double', 30), variant('channels', 20)];

/** Visitor uuids that are the same on every run: the split below is deterministic. */
function fixedUuid(index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

describe('variant assignment', () => {
  it('gives the same visitor the same variant on every visit', () => {
    const subject = assignmentSubject({ id: 'p1', email: null }, fixedUuid(7));
    const first = assignVariant(VARIANTS, subject, KEY);
    for (let visit = 0; visit < 5; visit += 1) expect(assignVariant(VARIANTS, subject, KEY).id).toBe(first.id);
  });

  it('places a person by their email, whatever device (visitor uuid) they come from', () => {
    const onPhone = assignmentSubject({ id: 'p1', email: 'Ada@Example.com' }, fixedUuid(1));
    const onLaptop = assignmentSubject({ id: 'p1', email: 'ada@example.com ' }, fixedUuid(2));
    expect(onPhone).toBe(onLaptop);
  });

  it('splits 10 000 visitors close to the weights (chi-square under the 0.1% critical value)', () => {
    const seen = new Map<string, number>(VARIANTS.map((entry) => [entry.id, 0]));
    const visitors = 10_000;
    for (let index = 0; index < visitors; index += 1) {
      const chosen = assignVariant(VARIANTS, assignmentSubject({ id: `p${index}`, email: null }, fixedUuid(index)), KEY);
      seen.set(chosen.id, seen.get(chosen.id)! + 1);
    }
    const total = VARIANTS.reduce((sum, entry) => sum + entry.weight, 0);
    const chiSquare = VARIANTS.reduce((sum, entry) => {
      const expected = (visitors * entry.weight) / total;
      return sum + (seen.get(entry.id)! - expected) ** 2 / expected;
    }, 0);
    // Two degrees of freedom: the chi-square distribution's 99.9th percentile is 13.816.
    expect(chiSquare).toBeLessThan(13.816);
    for (const entry of VARIANTS) expect(Math.abs(seen.get(entry.id)! / visitors - entry.weight / total)).toBeLessThan(0.02);
  });

  it('places visitors differently under another site\'s key', () => {
    const otherKey = assignmentKey('another-site-api-key-987654');
    const differ = Array.from({ length: 200 }, (_, index) => assignmentSubject({ id: 'x', email: null }, fixedUuid(index))).filter(
      (subject) => assignVariant(VARIANTS, subject, KEY).id !== assignVariant(VARIANTS, subject, otherKey).id,
    );
    expect(differ.length).toBeGreaterThan(50);
  });
});
