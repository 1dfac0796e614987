import type { FraudReplayReport } from '../domain/fraud-replay';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The replay report as lines a merchant reads: what changes first, then why, then examples. */
export function formatReplayReport(report: FraudReplayReport): string[] {
  const lines = [
    `Replayed ${plural(report.referrals, 'referral')} of ${report.site_slug} made since ${report.since}: candidate rules ${report.candidate_rules_version} against the site's ${report.current_rules_version}.`,
  ];
  if (report.skipped > 0) lines.push(`Skipped ${plural(report.skipped, 'referral')} no rule decides (thresholds, hand-made records, erased friends).`);
  if (report.stored_decision_differs > 0) {
    lines.push(`${plural(report.stored_decision_differs, 'stored decision')} differ from the site's rules replayed (decided under other rules, or on facts learnt since).`);
  }
  lines.push(report.changed === 0 ? 'The candidate rules decide every referral the same way.' : `${plural(report.changed, 'referral')} would be decided differently:`);
  const width = Math.max(0, ...report.outcomes.map((change) => String(change.count).length));
  // What changes first, then what stays.
  const changes = [...report.outcomes].sort((a, b) => Number(a.from === a.to) - Number(b.from === b.to));
  for (const change of changes) {
    const same = change.from === change.to;
    lines.push(`  ${`${change.from} → ${change.to}`.padEnd(14)} ${String(change.count).padStart(width)}${same ? '  (unchanged)' : ''}`);
  }
  if (report.signals.length > 0) {
    lines.push('Signals:');
    const name = Math.max(...report.signals.map((change) => change.signal.length));
    for (const change of report.signals) {
      lines.push(`  ${change.signal.padEnd(name)}  fires newly on ${change.fires_newly}, stops firing on ${change.stops_firing}`);
    }
  }
  if (report.examples.length > 0) {
    lines.push('Examples:');
    for (const example of report.examples) {
      lines.push(`  ${example.referral_id} ${example.created_at} (${example.status}): ${example.from} → ${example.to}`);
      for (const words of example.fires_newly) lines.push(`    + ${words}`);
      for (const words of example.stops_firing) lines.push(`    - ${words}`);
    }
  }
  return lines;
}
