import type { Row } from './goals';
import type { BenchResults } from './results';

/** The heading line: when and on what the figures were taken. */
export function runHeading(results: BenchResults): string {
  const { machine } = results;
  return `${results.date.slice(0, 10)} · ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB · Node ${machine.node} · ${results.durationInSeconds} s${results.settings.quick ? ' · --quick' : ''}`;
}

/** The rows as a Markdown table (readable in a terminal and in the README alike). */
export function markdownTable(rows: readonly Row[]): string {
  const header = ['measurement', 'subject', 'ceiling / baseline', 'ratio', 'goal', 'met'];
  const cells = rows.map((row) => [row.measurement, row.subject, row.baseline, row.ratio, row.goal, row.met === null ? '' : row.met ? 'met' : 'MISSED']);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: readonly string[]) => `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}
