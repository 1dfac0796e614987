import { join } from 'node:path';
import { startChildServer } from './support/child-server';
import { pairedLoad, type PairedLoadResult } from './support/paired-load';
import { seedStore } from './support/seed-store';
import type { RequestPlan } from './support/request-plan';
import type { BenchSettings } from './support/settings';

export interface ClaimRedirectResult {
  /** Against bare Hono answering the same 302 with no store. */
  runs: PairedLoadResult[];
  /** Against raw better-sqlite3 committing the same click rows with the same group commit. Absent in older results. */
  durableRuns?: PairedLoadResult[];
}

/** Stored referrals behind the links clicked: a shop some months in. */
const STORED_REFERRALS = 10_000;

/**
 * GET /x/:code on the collector (link lookup, claim insert committed to disk, cookie, 302)
 * against bare Hono answering the same 302 with no store, and against raw better-sqlite3
 * committing the same click rows before the same 302 (the durable click's ceiling).
 */
export async function benchClaimRedirect(settings: BenchSettings, workDir: string): Promise<ClaimRedirectResult> {
  const file = join(workDir, 'claim-redirect.sqlite');
  const rawFile = join(workDir, 'claim-redirect-raw.sqlite');
  const { claimLinkCodes } = await seedStore(file, { referrals: STORED_REFERRALS, waitingFriends: 0 });
  const rawSeed = await seedStore(rawFile, { referrals: STORED_REFERRALS, waitingFriends: 0 });
  const collector = await startChildServer('collector', [file]);
  const bare = await startChildServer('bare-hono');
  const raw = await startChildServer('raw-click', [rawFile]);
  try {
    // Every friend is a first click (no cookie): a new visitor uuid and a new claim row each time.
    const subject = { ...collector, plan: clicksOn(claimLinkCodes) };
    const runs = await pairedLoad(settings, subject, { ...bare, plan: clicksOn(claimLinkCodes) }, '3xx');
    const durableRuns = await pairedLoad(settings, subject, { ...raw, plan: clicksOn(rawSeed.claimLinkCodes) }, '3xx');
    return { runs, durableRuns };
  } finally {
    await Promise.all([collector.stop(), bare.stop(), raw.stop()]);
  }
}

/** First clicks (no cookie) on these links in turn. */
export function clicksOn(codes: readonly string[]): RequestPlan {
  return { templates: codes.map((code) => ({ method: 'GET', path: `/x/${code}` })), nextSequence: 0 };
}
