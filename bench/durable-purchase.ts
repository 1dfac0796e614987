import { join } from 'node:path';
import { BENCH_SITE } from './support/bench-site';
import { startChildServer } from './support/child-server';
import { pairedLoad, type PairedLoadResult } from './support/paired-load';
import { SEQUENCE_PLACEHOLDER, type RequestPlan } from './support/request-plan';
import { rowCounts, rowsPerRequest } from './support/row-counts';
import { seedStore } from './support/seed-store';
import type { BenchSettings } from './support/settings';

export interface DurablePurchaseResult {
  runs: PairedLoadResult[];
  /** Rows each side wrote per purchase, counted in the files afterwards: the two must match for a fair ratio. */
  rowsPerPurchase: { collector: Record<string, number>; ceiling: Record<string, number> };
}

const STORED_REFERRALS = 10_000;
/** Visitors with a claim; purchases cycle through them, each by a new friend, so every one is attributed. */
const CLICKED_VISITORS = 1_000;

/**
 * POST /api/v2/origins with a friend's Purchase (secret key, so verified; attributed by the
 * visitor uuid, so it makes a referral), committed with synchronous=FULL, on the collector
 * against raw better-sqlite3 writing the same rows behind bare Hono. Both start from the same
 * seeded history.
 */
export async function benchDurablePurchase(settings: BenchSettings, workDir: string): Promise<DurablePurchaseResult> {
  const collectorFile = join(workDir, 'purchase-collector.sqlite');
  const ceilingFile = join(workDir, 'purchase-ceiling.sqlite');
  const plan = { referrals: STORED_REFERRALS, waitingFriends: CLICKED_VISITORS };
  const collectorSeed = await seedStore(collectorFile, plan);
  const ceilingSeed = await seedStore(ceilingFile, plan);
  const before = { collector: rowCounts(collectorFile), ceiling: rowCounts(ceilingFile) };

  const collector = await startChildServer('collector', [collectorFile]);
  const ceiling = await startChildServer('raw-sqlite', [ceilingFile]);
  const collectorSide = { ...collector, plan: purchases('c', collectorSeed.waitingFriendUuids) };
  const ceilingSide = { ...ceiling, plan: purchases('r', ceilingSeed.waitingFriendUuids) };
  let runs: PairedLoadResult[];
  try {
    runs = await pairedLoad(settings, collectorSide, ceilingSide, '2xx');
  } finally {
    await Promise.all([collector.stop(), ceiling.stop()]);
  }
  return { runs, rowsPerPurchase: { collector: rowsPerPurchase(before.collector, collectorFile), ceiling: rowsPerPurchase(before.ceiling, ceilingFile) } };
}

/** Each purchase writes exactly one origin, so origins gained is the count of purchases that committed. */
function rowsPerPurchase(before: Record<string, number>, file: string): Record<string, number> {
  const after = rowCounts(file);
  return rowsPerRequest(before, after, (after.origins ?? 0) - (before.origins ?? 0));
}

/** Each call: a new friend's purchase, attributed through one of the clicked visitors' uuids. */
function purchases(prefix: string, uuids: readonly string[]): RequestPlan {
  const n = SEQUENCE_PLACEHOLDER;
  return {
    templates: uuids.map((uuid) => ({
      method: 'POST',
      path: '/api/v2/origins',
      body: JSON.stringify({
        api_key: BENCH_SITE.api_key,
        site_slug: BENCH_SITE.site_slug,
        type: 'Purchase',
        data: { email: `buyer-${prefix}${n}@bench.example`, order_number: `${prefix}${n}`, subtotal: 42.5, uuid },
      }),
    })),
    nextSequence: 0,
  };
}
