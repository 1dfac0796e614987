import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- latest-results:start -->';
const END = '<!-- latest-results:end -->';

/** Replaces the README's latest-results section (between its two markers) with this run's table. */
export function updateReadmeTable(readmeFile: string, heading: string, table: string): void {
  const readme = readFileSync(readmeFile, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${readmeFile} lacks the ${START} … ${END} markers`);
  const section = `${START}\n${heading}\n\n${table}\n${END}`;
  writeFileSync(readmeFile, readme.slice(0, from) + section + readme.slice(to + END.length));
}
