import { join } from 'node:path';
import { BENCH_SITE } from './support/bench-site';
import { startChildServer, type ChildServer } from './support/child-server';
import { seedStore } from './support/seed-store';
import type { BenchSettings } from './support/settings';
import { median, round } from './support/stats';

export interface AttributionSide {
  storedReferrals: number;
  purchases: number;
  medianMs: number;
  seedSeconds: number;
}

export interface AttributionScaleResult {
  small: AttributionSide;
  large: AttributionSide;
  /** Median time of a friend's purchase on the large store ÷ on the small one: 1 is flat. */
  ratio: number;
  /** True when the time budget ran out before every planned purchase was timed. */
  cutShort: boolean;
}

/** Purchases made on each store before timing starts (JIT, page cache). */
const WARM_UP_PURCHASES = 2;
/** Timing stops here even if the planned purchases are not all done: a slow store must not hang the bench. */
const TIMING_BUDGET_IN_MS = 60_000;
const MIN_TIMED_PURCHASES = 3;

/**
 * A friend's purchase (secret key, attributed by the visitor uuid of a stored claim) on two
 * collectors at once: one whose store holds 10 k referrals, one with 1 M. Purchases go one at
 * a time, alternating between the two, so both see the same moment of the shared machine.
 */
export async function benchAttributionScale(settings: BenchSettings, workDir: string): Promise<AttributionScaleResult> {
  const planned = settings.attributionPurchases;
  const waitingFriends = WARM_UP_PURCHASES + planned;
  const seed = async (name: string, referrals: number) => {
    const file = join(workDir, `attribution-${name}.sqlite`);
    const started = performance.now();
    const seeded = await seedStore(file, { referrals, waitingFriends });
    return { file, uuids: seeded.waitingFriendUuids, referrals, seedSeconds: round((performance.now() - started) / 1000, 1) };
  };
  const small = await seed('small', settings.attributionSizes.small);
  const large = await seed('large', settings.attributionSizes.large);

  const servers = await Promise.all([startChildServer('collector', [small.file]), startChildServer('collector', [large.file])]);
  try {
    const [smallServer, largeServer] = servers as [ChildServer, ChildServer];
    for (let i = 0; i < WARM_UP_PURCHASES; i++) {
      await timedPurchase(smallServer.url, `ws${i}`, small.uuids[i]!);
      await timedPurchase(largeServer.url, `wl${i}`, large.uuids[i]!);
    }
    const times = { small: [] as number[], large: [] as number[] };
    const started = performance.now();
    for (let i = WARM_UP_PURCHASES; i < waitingFriends; i++) {
      const overBudget = performance.now() - started > TIMING_BUDGET_IN_MS;
      if (overBudget && times.small.length >= MIN_TIMED_PURCHASES) break;
      times.small.push(await timedPurchase(smallServer.url, `s${i}`, small.uuids[i]!));
      times.large.push(await timedPurchase(largeServer.url, `l${i}`, large.uuids[i]!));
    }
    const side = (store: typeof small, samples: number[]): AttributionSide => ({
      storedReferrals: store.referrals,
      purchases: samples.length,
      medianMs: round(median(samples)),
      seedSeconds: store.seedSeconds,
    });
    return {
      small: side(small, times.small),
      large: side(large, times.large),
      ratio: round(median(times.large) / median(times.small), 2),
      cutShort: times.small.length < planned,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** Posts one friend's purchase and returns how long the answer took, in ms; it must have made a referral. */
async function timedPurchase(url: string, order: string, uuid: string): Promise<number> {
  const body = JSON.stringify({
    api_key: BENCH_SITE.api_key,
    site_slug: BENCH_SITE.site_slug,
    type: 'Purchase',
    data: { email: `friend-${order}@bench.example`, order_number: order, subtotal: 42.5, uuid },
  });
  const started = performance.now();
  const response = await fetch(`${url}/api/v2/origins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = (await response.json()) as { result?: { referral?: unknown } };
  const elapsed = performance.now() - started;
  if (response.status !== 201 || !answer.result?.referral) {
    throw new Error(`purchase ${order} was not attributed: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
  }
  return elapsed;
}
