/**
 * Bundles the collector's entry points (the server and the `vouch` command line) into plain
 * JavaScript in dist/collector/, as a build of its own after the widget's and the console's: what
 * production runs, so no TypeScript loader transforms hundreds of files at every start and keeps
 * its caches in memory for the life of the process.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Plugin, build } from 'vite';

/** The entry points, by the name of the file each becomes in the output folder. */
export const COLLECTOR_ENTRIES = { server: 'collector/server.ts', vouch: 'collector/cli/vouch.ts' } as const;

/**
 * Dependencies put into the bundle: plain ES modules with no native code and no file of their own
 * read at run time. Everything else the package names stays an import of node_modules (a native
 * addon like better-sqlite3, pg's optional pg-native, CommonJS packages that require files by
 * computed names), so a new dependency is left outside until someone has checked it bundles.
 */
export const BUNDLED_DEPENDENCIES = ['hono', '@hono/node-server', 'kysely', 'valibot', '@valibot/to-json-schema'];

/** The package's dependencies that stay imports from node_modules, each with its subpaths ("pg", "pg/…"). */
export function externalDependencies(packageJsonPath: string): RegExp[] {
  const { dependencies = {} } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(dependencies)
    .filter((name) => !BUNDLED_DEPENDENCIES.includes(name))
    .map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:/|$)`));
}

/** A Vite plugin that, once the main (widget) build is written, bundles the collector into `outDir`. */
export function collectorBundle(options: { outDir: string }): Plugin {
  let projectRoot = process.cwd();
  let watching = false;
  return {
    name: 'vouch-collector-bundle',
    apply: 'build',
    configResolved(config) {
      projectRoot = config.root;
      watching = !!config.build.watch;
    },
    async closeBundle() {
      if (watching) return;
      await build({
        // Its own configuration: none of the widget's plugins or options apply.
        configFile: false,
        root: projectRoot,
        publicDir: false,
        logLevel: 'warn',
        // Read by start-collector.ts: dist/ is the bundle's parent folder, not ../dist beside the source.
        define: { __VOUCH_BUNDLED__: 'true' },
        ssr: { target: 'node', noExternal: true },
        build: {
          ssr: true,
          target: 'node20',
          outDir: resolve(projectRoot, options.outDir),
          // Safe: the output folder is inside the repository and holds nothing but build output.
          emptyOutDir: true,
          // Readable names and lines in a production stack trace matter more than bytes on a server's disk.
          minify: false,
          sourcemap: true,
          copyPublicDir: false,
          rolldownOptions: {
            input: Object.fromEntries(Object.entries(COLLECTOR_ENTRIES).map(([name, file]) => [name, resolve(projectRoot, file)])),
            external: externalDependencies(resolve(projectRoot, 'package.json')),
            output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
          },
        },
      });
      console.log(`vouch collector bundled into ${options.outDir}/ (${Object.keys(COLLECTOR_ENTRIES).map((name) => `${name}.js`).join(', ')})`);
    },
  };
}
