/**
 * Builds the merchant console as a second, separate Vite build after the widget's: its own root
 * (collector/console/index.html), its own output folder (dist/console) and its own chunks, so
 * nothing of the console can ever land in, or be shared with, the widget's single-file bundle
 * and its size budget. The collector serves the result at /console.
 */
import { resolve } from 'node:path';
import { type Plugin, type PluginOption, build } from 'vite';

/**
 * A Vite plugin that, once the main (widget) build is written, builds the console into `outDir`,
 * with `plugins` of its own (its size budget).
 */
export function consoleApp(options: { root: string; outDir: string; plugins?: PluginOption[] }): Plugin {
  let projectRoot = process.cwd();
  let watching = false;
  return {
    name: 'vouch-console-app',
    apply: 'build',
    configResolved(config) {
      projectRoot = config.root;
      watching = !!config.build.watch;
    },
    async closeBundle() {
      if (watching) return;
      await build({
        // Its own configuration: none of the widget's plugins (loader, size budget) or options apply.
        configFile: false,
        root: resolve(projectRoot, options.root),
        base: '/console/',
        publicDir: false,
        logLevel: 'warn',
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        plugins: options.plugins ?? [],
        build: {
          outDir: resolve(projectRoot, options.outDir),
          // Safe: the output folder is inside the repository and holds nothing but build output.
          emptyOutDir: true,
          // No inline module-preload polyfill: the page's CSP allows only files from the collector.
          modulePreload: { polyfill: false },
          assetsInlineLimit: 0,
        },
      });
      console.log(`vouch console built into ${options.outDir}/`);
    },
  };
}
