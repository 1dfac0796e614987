/**
 * The collector's layers, top to bottom, and the check that keeps them: a file may import from
 * its own folder or from a layer below its own, never from one above, and no files import each
 * other in a circle. The widget, and the merchant console's browser app (collector/console/), may take
 * from the collector only its contract (collector/contract/).
 * The README's "Where things are" lists the same layers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = normalize(join(import.meta.dirname, '..'));

/** Top first. Folders (or root files) in one row are peers: they may not import each other. */
export const COLLECTOR_LAYERS: readonly (readonly string[])[] = [
  // Entry points: the collector's server and its command line (vouch users …), and the build that bundles them.
  ['server.ts', 'cli', 'build'],
  ['start-collector.ts'],
  ['app.ts'],
  ['routes', 'scheduler'],
  // The shop connectors: platform web hooks in, codes created through platform admin APIs out.
  ['connectors'],
  ['http'],
  ['views', 'pages'],
  ['domain'],
  ['schemas'],
  ['webhooks', 'mail'],
  ['outbox'],
  ['config'],
  ['store'],
  ['signing', 'net', 'metrics', 'html-escape.ts', 'logger.ts', 'clock.ts', 'lazy-package.ts'],
  // What the widget and the collector agree on imports nothing: the widget can take it whole.
  ['contract'],
];

/** Browser code that lives in the collector's folder but is no layer of the server: it is built by Vite and served as files. */
const BROWSER_ROOMS = ['console'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

// `import … from './x'`, `export … from './x'`, `import './x'` and `import('./x')`.
const IMPORT = /(?:(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*|(?:^|\n)\s*import\s*|\bimport\s*\(\s*)['"](\.[^'"]+)['"]/g;

/** Every relative import of a file, resolved to the file it names. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => {
    // A query (Vite's `?inline`) names the same file.
    const base = normalize(join(dirname(file), match[1]!.replace(/\?.*$/, '')));
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // Not this spelling: try the next.
      }
    }
    throw new Error(`${relative(ROOT, file)} imports ${match[1]}, which does not exist`);
  });
}

/** The top-level folder (or root file) of the collector a file belongs to. */
function roomOf(file: string): string {
  return relative(join(ROOT, 'collector'), file).split('/')[0]!;
}

function layerOf(room: string): number {
  const layer = COLLECTOR_LAYERS.findIndex((row) => row.includes(room));
  if (layer < 0) throw new Error(`collector/${room} is in no layer: add it to COLLECTOR_LAYERS and to the README`);
  return layer;
}

describe("the collector's layers", () => {
  const files = sourceFiles(join(ROOT, 'collector')).filter((file) => !BROWSER_ROOMS.includes(roomOf(file)));

  it('has every folder in a layer, and every import points down (or within its own folder)', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = roomOf(file);
      for (const target of importsOf(file)) {
        const to = roomOf(target);
        if (to.startsWith('..')) {
          upward.push(`${relative(ROOT, file)} -> ${relative(ROOT, target)} (outside the collector)`);
        } else if (to !== from && layerOf(to) <= layerOf(from)) {
          upward.push(`${relative(ROOT, file)} -> ${relative(ROOT, target)}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no files that import each other in a circle', () => {
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].map((step) => relative(ROOT, step)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('lets the widget take from the collector only its contract', () => {
    const crossings = sourceFiles(join(ROOT, 'widget')).flatMap((file) =>
      importsOf(file)
        .filter((target) => relative(ROOT, target).startsWith('collector/') && !relative(ROOT, target).startsWith('collector/contract/'))
        .map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`),
    );
    expect(crossings).toEqual([]);
  });

  it("lets the console's browser app take from the collector only its contract, and no server code import it", () => {
    const inside = (target: string, folder: string) => relative(ROOT, target).startsWith(folder);
    const crossings = sourceFiles(join(ROOT, 'collector/console')).flatMap((file) =>
      importsOf(file)
        .filter((target) => !inside(target, 'collector/console/') && !inside(target, 'collector/contract/'))
        .map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`),
    );
    const intoConsole = files.flatMap((file) => importsOf(file).filter((target) => inside(target, 'collector/console/')).map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`));
    expect([...crossings, ...intoConsole]).toEqual([]);
  });
});
