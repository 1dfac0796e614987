import type { Kysely } from 'kysely';
import { rulesVersion, type FraudRules, type FraudSignalName } from '../config/fraud-rules.schema';
import type { Site } from '../config/site-config.schema';
import { pageDecidableReferrals } from '../store/fraud-replay.repository';
import type { RecordPosition } from '../store/record-position';
import type { Database, ReferralRow } from '../store/tables';
import { decide, type FraudDecision, type FraudOutcome } from './fraud/decide';
import { factGatheringKey } from './referral-fingerprint-facts';
import { gatherStoredReferralFacts } from './stored-referral-facts';

/** Referrals read per page by default: a few hundred rows in memory, few round trips. */
export const REPLAY_PAGE_SIZE = 500;
/** Examples kept per change of outcome (pass → flag...): enough to see what a rule catches. */
export const REPLAY_EXAMPLES_PER_CHANGE = 3;

/** How many referrals one rule set decides one way and the other another. */
export interface OutcomeChange {
  from: FraudOutcome;
  to: FraudOutcome;
  count: number;
}

/** How many referrals a signal fires on under the candidate rules only, and under the site's only. */
export interface SignalChange {
  signal: FraudSignalName;
  fires_newly: number;
  stops_firing: number;
}

/** One referral the candidate rules decide differently, with the words of what changed. */
export interface ReplayExample {
  referral_id: string;
  created_at: string;
  status: ReferralRow['status'];
  from: FraudOutcome;
  to: FraudOutcome;
  /** "<signal>: <words>" of each signal that fires under the candidate rules only. */
  fires_newly: string[];
  /** "<signal>: <words>" of each signal that fired under the site's rules only. */
  stops_firing: string[];
}

/** What replaying candidate rules over a site's stored referrals found. */
export interface FraudReplayReport {
  site_slug: string;
  since: string;
  /** The site's rules, replayed on the same facts as the candidate: the comparison is the rules' alone. */
  current_rules_version: string;
  candidate_rules_version: string;
  /** Referrals decided (each by both rule sets). */
  referrals: number;
  /** Referrals no rule decides (thresholds, hand-made records) or whose friend is erased. */
  skipped: number;
  /** Referrals the candidate rules decide differently. */
  changed: number;
  /** Every (site's outcome → candidate's outcome) pair that occurred, unchanged ones included. */
  outcomes: OutcomeChange[];
  /** Signals that fire newly or stop firing on at least one referral. */
  signals: SignalChange[];
  examples: ReplayExample[];
  /** Referrals whose stored decision differs from the site's rules replayed (made under other rules, or facts learnt since). */
  stored_decision_differs: number;
  /** Pages read, and the most referrals held at once: what bounds the replay's memory. */
  pages: number;
  largest_page: number;
}

/** Reports progress after each page: referrals read so far. */
export type ReplayProgress = (read: number) => void;

function firedSignals(decision: FraudDecision): Map<FraudSignalName, string> {
  return new Map(decision.trail.filter((entry) => entry.fired).map((entry) => [entry.signal, entry.words]));
}

function storedOutcome(referral: ReferralRow): FraudOutcome | undefined {
  if (!referral.fraud_decision) return undefined;
  return (JSON.parse(referral.fraud_decision) as { outcome?: FraudOutcome }).outcome;
}

/**
 * Decides every stored referral of the site made at or after `since` by the site's fraud rules
 * and by `candidate`, on the facts as of each referral's time (gathered as each asks: a window
 * the candidate widens is counted over the wider window), and tallies where they
 * differ. Reads only: nothing is stored, sent or logged. Memory is bounded by the page size and
 * the report's fixed shape (counts per outcome pair and per signal, a few examples per pair),
 * not by how many referrals there are.
 */
export async function replayFraudRules(
  db: Kysely<Database>,
  site: Site,
  candidate: FraudRules,
  options: { since: string; pageSize?: number; examplesPerChange?: number; onProgress?: ReplayProgress },
): Promise<FraudReplayReport> {
  const pageSize = options.pageSize ?? REPLAY_PAGE_SIZE;
  const examplesPerChange = options.examplesPerChange ?? REPLAY_EXAMPLES_PER_CHANGE;
  const outcomes = new Map<string, OutcomeChange>();
  const signals = new Map<FraudSignalName, SignalChange>();
  const examples: ReplayExample[] = [];
  const report = { referrals: 0, skipped: 0, changed: 0, stored_decision_differs: 0, pages: 0, largest_page: 0 };
  // Facts are gathered as each rule set asks (a count it enables, over its window); once when they ask alike.
  const candidateSite: Site = { ...site, fraud: candidate };
  const sameFacts = factGatheringKey(site.fraud) === factGatheringKey(candidate);
  let after: RecordPosition | undefined;
  let read = 0;
  for (;;) {
    const page = await pageDecidableReferrals(db, { siteId: site.id, since: options.since, after, limit: pageSize });
    report.pages += 1;
    report.largest_page = Math.max(report.largest_page, page.length);
    for (const referral of page) {
      const facts = await gatherStoredReferralFacts(db, site, referral);
      if (!facts) {
        report.skipped += 1;
        continue;
      }
      const current = decide(facts, site.fraud);
      const next = decide(sameFacts ? facts : ((await gatherStoredReferralFacts(db, candidateSite, referral)) ?? facts), candidate);
      report.referrals += 1;
      const stored = storedOutcome(referral);
      if (stored !== undefined && stored !== current.outcome) report.stored_decision_differs += 1;
      const pair = `${current.outcome}>${next.outcome}`;
      const tally = outcomes.get(pair) ?? { from: current.outcome, to: next.outcome, count: 0 };
      tally.count += 1;
      outcomes.set(pair, tally);
      const before = firedSignals(current);
      const now = firedSignals(next);
      const firesNewly = [...now].filter(([signal]) => !before.has(signal));
      const stopsFiring = [...before].filter(([signal]) => !now.has(signal));
      for (const [signal] of firesNewly) signalTally(signals, signal).fires_newly += 1;
      for (const [signal] of stopsFiring) signalTally(signals, signal).stops_firing += 1;
      if (current.outcome === next.outcome) continue;
      report.changed += 1;
      if (examples.filter((example) => example.from === current.outcome && example.to === next.outcome).length >= examplesPerChange) continue;
      examples.push({
        referral_id: referral.id,
        created_at: referral.created_at,
        status: referral.status,
        from: current.outcome,
        to: next.outcome,
        fires_newly: firesNewly.map(([signal, words]) => `${signal}: ${words}`),
        stops_firing: stopsFiring.map(([signal, words]) => `${signal}: ${words}`),
      });
    }
    read += page.length;
    options.onProgress?.(read);
    const last = page.at(-1);
    if (!last || page.length < pageSize) break;
    after = { created_at: last.created_at, id: last.id };
  }
  return {
    site_slug: site.site_slug,
    since: options.since,
    current_rules_version: rulesVersion(site.fraud),
    candidate_rules_version: rulesVersion(candidate),
    ...report,
    outcomes: [...outcomes.values()].sort((a, b) => b.count - a.count),
    signals: [...signals.values()].sort((a, b) => b.fires_newly + b.stops_firing - (a.fires_newly + a.stops_firing)),
    examples,
  };
}

function signalTally(signals: Map<FraudSignalName, SignalChange>, signal: FraudSignalName): SignalChange {
  let tally = signals.get(signal);
  if (!tally) {
    tally = { signal, fires_newly: 0, stops_firing: 0 };
    signals.set(signal, tally);
  }
  return tally;
}
