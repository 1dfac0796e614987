import { join } from 'node:path';
import { startChildServer } from './support/child-server';
import { pairedLoad, type PairedLoadResult } from './support/paired-load';
import { seedStore } from './support/seed-store';
import type { BenchSettings } from './support/settings';

export interface ClaimRedirectResult {
  runs: PairedLoadResult[];
}

/** Stored referrals behind the links clicked: a shop some months in. */
const STORED_REFERRALS = 10_000;

/**
 * GET /x/:code on the collector (link lookup, claim insert committed to disk, cookie, 302)
 * against bare Hono answering the same 302 with no store.
 */
export async function benchClaimRedirect(settings: BenchSettings, workDir: string): Promise<ClaimRedirectResult> {
  const file = join(workDir, 'claim-redirect.sqlite');
  const { claimLinkCodes } = await seedStore(file, { referrals: STORED_REFERRALS, waitingFriends: 0 });
  const collector = await startChildServer('collector', [file]);
  const bare = await startChildServer('bare-hono');
  try {
    let clicks = 0;
    // Every friend is a first click (no cookie): a new visitor uuid and a new claim row each time.
    const nextRequest = () => ({ method: 'GET' as const, path: `/x/${claimLinkCodes[clicks++ % claimLinkCodes.length]}` });
    const runs = await pairedLoad(settings, { ...collector, nextRequest }, { ...bare, nextRequest }, '3xx');
    return { runs };
  } finally {
    await Promise.all([collector.stop(), bare.stop()]);
  }
}
