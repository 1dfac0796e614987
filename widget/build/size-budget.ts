/**
 * Size is a feature: prints each output file's raw and gzip size and fails the build when a group
 * of files goes over its gzip budget.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin, Rolldown } from 'vite';

type OutputBundle = Rolldown.OutputBundle;

/**
 * Which output files count towards a budget: file names matching a pattern, or an entry chunk's
 * `start` (the chunk and every chunk it imports statically: what a page fetches before it runs)
 * or its `later` parts (the chunks its `import()` calls fetch, and theirs, when a page needs them).
 */
export type BudgetFiles = { files: RegExp } | { entry: string; part: 'start' | 'later' };

export type SizeBudget = BudgetFiles & {
  /** What the group is, for the report: "loader", "widget (Preact included)". */
  label: string;
  maxGzipBytes: number;
};

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

/** The file names of an entry chunk's start and of its later parts. */
export function entryParts(bundle: OutputBundle, entryName: string): { start: Set<string>; later: Set<string> } | undefined {
  const entry = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry && file.name === entryName);
  if (!entry) return undefined;
  const start = new Set<string>();
  const later = new Set<string>();
  const follow = (fileName: string, into: Set<string>) => {
    const chunk = bundle[fileName];
    if (!chunk || chunk.type !== 'chunk' || start.has(fileName) || into.has(fileName)) return;
    into.add(fileName);
    for (const imported of chunk.imports) follow(imported, into);
    for (const imported of chunk.dynamicImports) follow(imported, later);
  };
  follow(entry.fileName, start);
  for (const fileName of start) later.delete(fileName);
  return { start, later };
}

/** A Vite plugin that reports sizes and enforces `budgets` on the bundle it generates; `bundle` names it in the report. */
export function sizeBudget(budgets: SizeBudget[], bundleName = 'widget'): Plugin {
  return {
    name: 'vouch-size-budget',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const lines: string[] = [];
        const overruns: string[] = [];
        for (const budget of budgets) {
          const counted = 'files' in budget ? undefined : entryParts(bundle, budget.entry)?.[budget.part];
          if (!('files' in budget || counted)) this.error(`no entry chunk named ${budget.entry} to weigh for ${budget.label}`);
          let rawBytes = 0;
          let gzipBytes = 0;
          for (const file of Object.values(bundle)) {
            if (counted ? !counted.has(file.fileName) : !('files' in budget && budget.files.test(file.fileName))) continue;
            const content = file.type === 'chunk' ? file.code : file.source;
            const raw = typeof content === 'string' ? Buffer.from(content) : content;
            const gzip = gzipSync(raw, { level: 9 }).length;
            rawBytes += raw.length;
            gzipBytes += gzip;
            lines.push(`  ${file.fileName.padEnd(32)} ${kilobytes(raw.length).padStart(10)}  gzip ${kilobytes(gzip).padStart(9)}`);
          }
          const verdict = gzipBytes > budget.maxGzipBytes ? 'OVER BUDGET' : 'ok';
          lines.push(`  = ${budget.label.padEnd(30)} ${kilobytes(rawBytes).padStart(10)}  gzip ${kilobytes(gzipBytes).padStart(9)} / ${kilobytes(budget.maxGzipBytes)} ${verdict}`);
          if (gzipBytes > budget.maxGzipBytes) overruns.push(`${budget.label} is ${gzipBytes} B gzip, over its ${budget.maxGzipBytes} B budget`);
        }
        console.log(`\nvouch ${bundleName} sizes:\n${lines.join('\n')}\n`);
        if (overruns.length) this.error(`size budget exceeded: ${overruns.join('; ')}`);
      },
    },
  };
}
