import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const KB = 1024;
/** The widget's size budgets (the same as vite.config.ts enforces), in gzip bytes. */
export const LOADER_BUDGET_IN_GZIP_BYTES = 1 * KB;
export const WIDGET_BUDGET_IN_GZIP_BYTES = 13 * KB;
/** Every widget part fetched only when a page needs it (a language besides English, the dashboard's view), together. */
export const WIDGET_LATER_BUDGET_IN_GZIP_BYTES = 2 * KB;
/** The console's scripts and styles, as vite.config.ts budgets them. */
export const CONSOLE_BUDGET_IN_GZIP_BYTES = 40 * KB;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WIDGET_DIR = join(ROOT, 'dist', 'widget');
const CONSOLE_ASSETS_DIR = join(ROOT, 'dist', 'console', 'assets');

export interface Weight {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

export type WidgetWeightResult =
  /**
   * widget: what a page fetches to show an offer. later: the parts fetched on use (absent, like
   * console, in results written before there were any; the widget then counted every file).
   */
  | { built: true; loader: Weight; widget: Weight; later?: Weight; console?: Weight }
  | { built: false; reason: string };

/** The file loader.js names (see widget/build/loader-plugin.ts). */
const WIDGET_FILE_IN_LOADER = /[`"']\.\/(assets\/[\w.-]+\.js)[`"']/;
/** A static import in a built chunk: `import{a as b}from"./x.js"` or `import"./x.js"` (not `import(...)`). */
const STATIC_IMPORT = /(?:^|[;}])import\s*(?:[\w$*{}\s,]+?from\s*)?["'](\.\/[\w.-]+\.js)["']/g;

/**
 * Builds the widget (`vite build`, which also enforces the size budgets) and weighs what it
 * wrote: the loader every shop page fetches; the widget files the loader fetches after load to
 * show an offer (the file it names and the files that one imports); the widget's other files,
 * which it fetches only when a page needs them; and the console's scripts and styles
 * (dist/console/assets/). Gzip at level 9 and brotli at quality 11, as a CDN or reverse proxy
 * would serve them.
 */
export function benchWidgetWeight(): WidgetWeightResult {
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    const output = `${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    return { built: false, reason: `vite build failed (exit ${build.status}): ${output}` };
  }
  const loaderFile = join(WIDGET_DIR, 'loader.js');
  const assetsDir = join(WIDGET_DIR, 'assets');
  if (!existsSync(loaderFile) || !existsSync(assetsDir)) return { built: false, reason: 'widget not built: dist/widget/ has no loader.js or assets/' };
  const assets = readdirSync(assetsDir).filter((name) => /\.(js|css)$/.test(name)).map((name) => join(assetsDir, name));
  if (assets.length === 0) return { built: false, reason: 'widget not built: dist/widget/assets/ is empty' };
  const named = WIDGET_FILE_IN_LOADER.exec(readFileSync(loaderFile, 'utf8'))?.[1];
  if (!named || !existsSync(join(WIDGET_DIR, named))) return { built: false, reason: `loader.js names ${named ?? 'no widget file'}, which is not in dist/widget/` };
  const start = new Set<string>();
  const follow = (file: string) => {
    if (start.has(file)) return;
    start.add(file);
    for (const [, imported] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) follow(join(dirname(file), imported!));
  };
  follow(join(WIDGET_DIR, named));
  if (!existsSync(CONSOLE_ASSETS_DIR)) return { built: false, reason: 'console not built: dist/console/assets/ is missing' };
  const consoleAssets = readdirSync(CONSOLE_ASSETS_DIR).filter((name) => /\.(js|css)$/.test(name)).map((name) => join(CONSOLE_ASSETS_DIR, name));
  return {
    built: true,
    loader: weigh([loaderFile], WIDGET_DIR),
    widget: weigh([...start], WIDGET_DIR),
    later: weigh(assets.filter((file) => !start.has(file)), WIDGET_DIR),
    console: weigh(consoleAssets, CONSOLE_ASSETS_DIR),
  };
}

function weigh(files: string[], dir: string): Weight {
  const weight: Weight = { files: files.map((file) => file.slice(dir.length + 1)), rawBytes: 0, gzipBytes: 0, brotliBytes: 0 };
  for (const file of files) {
    const content = readFileSync(file);
    weight.rawBytes += content.length;
    weight.gzipBytes += gzipSync(content, { level: 9 }).length;
    weight.brotliBytes += brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return weight;
}
