import { join } from 'node:path';
import { clicksOn } from './claim-redirect';
import { startChildServer } from './support/child-server';
import { pairedLoad, type PairedLoadResult } from './support/paired-load';
import { seedStore } from './support/seed-store';
import type { BenchSettings } from './support/settings';

export interface ClickThresholdsResult {
  runs: PairedLoadResult[];
}

const STORED_REFERRALS = 10_000;
/** Far beyond what the run reaches: every click is checked against it and none is credited, so both sides write the same rows. */
const CLICK_THRESHOLD = 1_000_000;

/**
 * A popular advocate: every click of the run goes to one link. The collector of a site with a
 * click threshold (each click reads the advocate's counts and checks them) against the same
 * collector on a site without one, each on its own seeded store. Before the counts, each click
 * counted every distinct clicker the advocate ever had, so the link slowed down as it was clicked.
 */
export async function benchClickThresholds(settings: BenchSettings, workDir: string): Promise<ClickThresholdsResult> {
  const withFile = join(workDir, 'thresholds-with.sqlite');
  const withoutFile = join(workDir, 'thresholds-without.sqlite');
  const withSeed = await seedStore(withFile, { referrals: STORED_REFERRALS, waitingFriends: 0 });
  const withoutSeed = await seedStore(withoutFile, { referrals: STORED_REFERRALS, waitingFriends: 0 });
  const thresholds = JSON.stringify({ threshold_rewards: [{ reward_action_type: 3, qualified_amount: CLICK_THRESHOLD }] });
  const withThreshold = await startChildServer('collector', [withFile, thresholds]);
  const without = await startChildServer('collector', [withoutFile]);
  try {
    const popularLink = (codes: readonly string[]) => clicksOn(codes.slice(0, 1));
    const runs = await pairedLoad(settings, { ...withThreshold, plan: popularLink(withSeed.claimLinkCodes) }, { ...without, plan: popularLink(withoutSeed.claimLinkCodes) }, '3xx');
    return { runs };
  } finally {
    await Promise.all([withThreshold.stop(), without.stop()]);
  }
}
