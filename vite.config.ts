import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { collectorBundle } from './collector/build/collector-bundle.ts';
import { consoleApp } from './collector/console/build/console-build.ts';
import { testProjects } from './test/vitest-projects.ts';
import { widgetLoader } from './widget/build/loader-plugin.ts';
import { noPreloadHelper } from './widget/build/no-preload-helper.ts';
import { precompress } from './widget/build/precompress.ts';
import { sizeBudget } from './widget/build/size-budget.ts';

const KB = 1024;
/** The merchant console's scripts and styles: it loads on a person's first visit, so it has a budget too. */
const CONSOLE_BUDGET_IN_GZIP_BYTES = 40 * KB;
/** The widget files a page fetches to show an offer (the widget module and what it imports), Preact included. */
const WIDGET_BUDGET_IN_GZIP_BYTES = 13 * KB;
/** Every part the widget fetches only when a page asks for it, together: a French page with the dashboard fetches them all. */
const WIDGET_LATER_BUDGET_IN_GZIP_BYTES = 2 * KB;

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
      // `start` is the loader's way in: an app build would otherwise drop the entry's exports. The
      // lazily loaded parts (a language's strings, the dashboard) may import Preact and the helpers from
      // the widget file itself, which the page already has: under 'strict' they would go into a shared
      // chunk, one more request and more bytes on every page.
      preserveEntrySignatures: 'allow-extension',
      output: { entryFileNames: 'assets/[name]-[hash].js', chunkFileNames: 'assets/[name]-[hash].js' },
    },
  },
  plugins: [
    noPreloadHelper(),
    widgetLoader('widget/loader.ts', 'widget'),
    sizeBudget([
      { label: 'loader', files: /^loader\.js$/, maxGzipBytes: 1 * KB },
      // Issue 23's goal: what a page fetches to show an offer is at most 13 KB.
      { label: 'widget (Preact included)', entry: 'widget', part: 'start', maxGzipBytes: WIDGET_BUDGET_IN_GZIP_BYTES },
      // Fetched only by a page that needs them: a language other than English, the advocate dashboard.
      { label: 'widget parts loaded on use', entry: 'widget', part: 'later', maxGzipBytes: WIDGET_LATER_BUDGET_IN_GZIP_BYTES },
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
