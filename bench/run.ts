// `npm run bench`: every measurement of the performance goals, its table and bench/results/latest.json.
// `-- --write-readme` (or its older name `--readme`) also puts the table into the README (only when
// asked: a run on another machine should not rewrite the published figures). `-- --quick` for
// shorter runs, `-- --only=claim,purchase` for some parts; either leaves latest.json and the README as they were.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAttributionScale } from './attribution-scale';
import { benchClaimRedirect } from './claim-redirect';
import { benchClickThresholds } from './click-thresholds';
import { benchColdStart } from './cold-start';
import { benchConsoleQueries } from './console-queries';
import { benchDurablePurchase } from './durable-purchase';
import { benchHostPageCost } from './host-page-cost';
import { resultRows } from './support/goals';
import { updateReadmeTable } from './support/readme-table';
import { ran, type BenchResults, type Machine, type Outcome } from './support/results';
import { benchSettings } from './support/settings';
import { markdownTable, runHeading } from './support/table';
import { benchWidgetWeight } from './widget-weight';

const PARTS = ['weight', 'start', 'page', 'claim', 'thresholds', 'purchase', 'attribution', 'console'] as const;
type Part = (typeof PARTS)[number];

const args = process.argv.slice(2);
const settings = benchSettings(args);
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const selected = (part: Part) => !only || only.includes(part);
const unknownParts = only?.filter((name) => !(PARTS as readonly string[]).includes(name)) ?? [];
if (unknownParts.length > 0) throw new Error(`--only: no part named ${unknownParts.join(', ')} (parts: ${PARTS.join(', ')})`);
const writeReadme = args.includes('--write-readme') || args.includes('--readme');
const benchDir = fileURLToPath(new URL('.', import.meta.url));
// The SQLite files go under the system temp folder (a real disk here, so fsync is real) and are deleted at the end.
const workDir = mkdtempSync(join(tmpdir(), 'vouch-bench-'));
const started = performance.now();
let failed = false;

/** Runs one part, logging progress; a part that throws is recorded as not run and the others go on. */
async function part<T>(name: Part, measure: () => Promise<T> | T): Promise<Outcome<T>> {
  if (!selected(name)) return { skipped: 'not selected (--only)' };
  const partStarted = performance.now();
  console.error(`bench: ${name}…`);
  try {
    const result = await measure();
    console.error(`bench: ${name} done in ${((performance.now() - partStarted) / 1000).toFixed(0)} s`);
    return result;
  } catch (error) {
    failed = true;
    console.error(`bench: ${name} failed:`, error);
    return { skipped: `failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

try {
  const widgetWeight = await part('weight', benchWidgetWeight);
  const widgetBuilt = ran(widgetWeight) && widgetWeight.built;
  const coldStart = await part('start', () => benchColdStart(settings, workDir));
  const hostPageCost =
    widgetBuilt || !selected('weight')
      ? await part('page', () => benchHostPageCost(settings, workDir))
      : { skipped: 'widget not built' };
  const claimRedirect = await part('claim', () => benchClaimRedirect(settings, workDir));
  const clickThresholds = await part('thresholds', () => benchClickThresholds(settings, workDir));
  const durablePurchase = await part('purchase', () => benchDurablePurchase(settings, workDir));
  const attributionScale = await part('attribution', () => benchAttributionScale(settings, workDir));
  const consoleQueries = await part('console', () => benchConsoleQueries(settings, workDir));

  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: machine(),
    settings,
    durationInSeconds: Math.round((performance.now() - started) / 1000),
    widgetWeight,
    coldStart,
    hostPageCost,
    claimRedirect,
    clickThresholds,
    durablePurchase,
    attributionScale,
    consoleQueries,
  };
  const heading = runHeading(results);
  const table = markdownTable(resultRows(results));
  console.log(`\n${heading}\n\n${table}\n`);
  if (!settings.quick && !only) {
    mkdirSync(join(benchDir, 'results'), { recursive: true });
    writeFileSync(join(benchDir, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    if (writeReadme) updateReadmeTable(join(benchDir, '..', 'README.md'), heading, table);
    console.log(`written: bench/results/latest.json${writeReadme ? ', README.md (Benchmarks)' : ''}`);
  } else if (writeReadme) {
    console.log('README.md left as it was: only a full run (no --quick, no --only) rewrites its table');
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

function machine(): Machine {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
