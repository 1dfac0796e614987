/**
 * Size is a feature: prints each output file's raw and gzip size and fails the build when a group
 * of files goes over its gzip budget.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export interface SizeBudget {
  /** What the group is, for the report: "loader", "widget (Preact included)". */
  label: string;
  /** Which output files count towards it. */
  files: RegExp;
  maxGzipBytes: number;
}

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

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
          let rawBytes = 0;
          let gzipBytes = 0;
          for (const file of Object.values(bundle)) {
            if (!budget.files.test(file.fileName)) continue;
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
