import { describe, expect, it } from 'vitest';
import { countUnrelatedFriends } from './unrelated-friends';

const friend = (prefixes: string[], devices: string[] = []) => ({ prefix_hashes: prefixes, device_id_hashes: devices });

describe('the unrelated friends on one link', () => {
  it('counts strangers one each', () => {
    expect(countUnrelatedFriends([friend(['n1']), friend(['n2']), friend(['n3']), friend([])])).toBe(4);
  });

  it('counts a household or an office once, however many emails it used', () => {
    expect(countUnrelatedFriends([friend(['office']), friend(['office']), friend(['office', 'home-b']), friend(['n9'])])).toBe(2);
  });

  it('joins friends through others: a shared network with one, a shared device with the next', () => {
    expect(countUnrelatedFriends([friend(['n1']), friend(['n1'], ['d1']), friend(['n2'], ['d1']), friend(['n3'])])).toBe(2);
  });

  it('is zero for nobody', () => {
    expect(countUnrelatedFriends([])).toBe(0);
  });
});
