import { describe, expect, it } from 'vitest';
import { computed, effect, signal, untracked } from './signals';

describe('signals', () => {
  it('re-run an effect when a value it read changes, through computeds, until stopped', () => {
    const count = signal(1);
    const other = signal('a');
    let computations = 0;
    const doubled = computed(() => (computations++, count.value * 2));
    const seen: string[] = [];
    const stop = effect(() => void seen.push(`${doubled.value}${untracked(() => other.value)}`));
    count.value = 2;
    other.value = 'b'; // read untracked: no re-run
    count.value = 2; // the same value: no re-run
    stop();
    count.value = 3;
    expect(seen).toEqual(['2a', '4a']);
    expect(doubled.value).toBe(6);
    expect(computations).toBe(3);
  });

  it('compute lazily, and again after a failure once read', () => {
    const locale = signal<unknown>('en');
    const upper = computed(() => (locale.value as string).toUpperCase());
    expect(upper.value).toBe('EN');
    locale.value = 42;
    expect(() => upper.value).toThrow();
    locale.value = 'fr';
    expect(upper.value).toBe('FR');
  });
});
