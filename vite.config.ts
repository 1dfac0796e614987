import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { collectorBundle } from './collector/build/collector-bundle.ts';
import { consoleApp } from './collector/console/build/console-build.ts';
import { testProjects } from './test/vitest-projects.ts';
import { widgetLoader } from './widget/build/loader-plugin.ts';
import { precompress } from './widget/build/precompress.ts';
import { sizeBudget } from './widget/build/size-budget.ts';

const KB = 1024;
/** The merchant console's scripts and styles: it loads on a person's first visit, so it has a budget too. */
const CONSOLE_BUDGET_IN_GZIP_BYTES = 40 * KB;

// `vite build` builds the widget: dist/widget/loader.js (classic script, stable URL) and
// dist/widget/assets/widget-[hash].js (ES module, immutable), which the collector serves at /widget/;
// then, as a build of its own, the merchant console into dist/console/ (served at /console), and last
// the collector itself, bundled into dist/collector/ (what `npm run collector` runs).
export default defineConfig({
  publicDir: false,
  // Classic h() calls: Preact's createElement is in the bundle anyway, so no jsx-runtime module rides along.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' }, jsxInject: "import { h, Fragment } from 'preact'" },
  build: {
    outDir: 'dist/widget',
    // Safe: the output folder is inside the repository and holds nothing but build output.
    emptyOutDir: true,
    modulePreload: false,
    rolldownOptions: {
      input: { widget: 'widget/main.tsx' },
      // `start` is the loader's way in: an app build would otherwise drop the entry's exports.
      preserveEntrySignatures: 'strict',
      output: { entryFileNames: 'assets/[name]-[hash].js', chunkFileNames: 'assets/[name]-[hash].js' },
    },
  },
  plugins: [
    widgetLoader('widget/loader.ts', 'widget'),
    sizeBudget([
      { label: 'loader', files: /^loader\.js$/, maxGzipBytes: 1 * KB },
      // 13 KB is issue 23's goal; the dashboard, the device id and experiment variants took it to 13.2 KB,
      // so the build allows 13.5 KB while the bench reports the goal as missed.
      { label: 'widget (Preact included)', files: /^assets\/.*\.js$/, maxGzipBytes: 13.5 * KB },
    ]),
    precompress(),
    consoleApp({
      root: 'collector/console',
      outDir: 'dist/console',
      plugins: [sizeBudget([{ label: 'console', files: /^assets\/.*\.(js|css)$/, maxGzipBytes: CONSOLE_BUDGET_IN_GZIP_BYTES }], 'console')],
    }),
    collectorBundle({ outDir: 'dist/collector' }),
  ],
  test: {
    // Test files spend most of their time waiting on collectors, PostgreSQL, Chromium and the disk,
    // not on their own CPU: one worker per core, and at least two (Vitest's default is one fewer
    // than the cores, which is a single worker on a 2-core machine).
    maxWorkers: Math.max(2, availableParallelism()),
    projects: await testProjects(),
  },
});
