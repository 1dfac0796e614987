/**
 * How the leaked-link and leaked-coupon counts are taken: the friends who used one link or coupon
 * in the window, grouped so that friends sharing a network (IPv4 /24, IPv6 /48) or a device id —
 * one household, one office, one person under several emails — count once. A link passed among
 * friends stays a few groups; one pasted on a public page becomes as many groups as strangers.
 */

/** One friend who used the link or coupon, by the keyed hashes that relate friends to each other. */
export interface FriendTraces {
  prefix_hashes: readonly string[];
  device_id_hashes: readonly string[];
}

/**
 * The number of unrelated friends among these: groups of friends linked, directly or through
 * others, by a shared network prefix or device id. Linear in the traces (union–find).
 */
export function countUnrelatedFriends(friends: readonly FriendTraces[]): number {
  const parent = friends.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) {
      parent[index] = parent[parent[index]!]!;
      index = parent[index]!;
    }
    return index;
  };
  const firstWithTrace = new Map<string, number>();
  friends.forEach((friend, index) => {
    for (const trace of [...friend.prefix_hashes.map((hash) => `n:${hash}`), ...friend.device_id_hashes.map((hash) => `d:${hash}`)]) {
      const first = firstWithTrace.get(trace);
      if (first === undefined) firstWithTrace.set(trace, index);
      else parent[root(index)] = root(first);
    }
  });
  return new Set(friends.map((_, index) => root(index))).size;
}
