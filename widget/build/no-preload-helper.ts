/**
 * The widget's parts loaded on use (a language's strings, the advocate dashboard) are single files
 * whose only import is the widget module the page already has: nothing to preload. Vite still
 * wraps each `import()` in its module preload helper (vitejs/vite#18551): 0.6 KB gzip of code that
 * would also dispatch a `vite:preloadError` event on the shop's own window when a part fails to
 * load. This plugin gives that helper a body that only runs the import, and fails the build if
 * Vite's own helper still reaches a file (a Vite upgrade that renamed it, say).
 */
import type { Plugin } from 'vite';

const PRELOAD_HELPER_ID = '\0vite/preload-helper.js';
/** A string only Vite's own helper contains. */
const VITE_HELPER_MARK = 'vite:preloadError';

/** A Vite plugin that replaces Vite's module preload helper with a plain call of the import. */
export function noPreloadHelper(): Plugin {
  return {
    name: 'vouch-no-preload-helper',
    apply: 'build',
    enforce: 'pre',
    load: {
      filter: { id: new RegExp(`^${PRELOAD_HELPER_ID}$`) },
      handler: () => 'export const __vitePreload = (load) => load();',
    },
    generateBundle(_options, bundle) {
      const helped = Object.values(bundle).filter((file) => file.type === 'chunk' && file.code.includes(VITE_HELPER_MARK));
      if (helped.length) this.error(`Vite's module preload helper is in ${helped.map((file) => file.fileName).join(', ')}: widget/build/no-preload-helper.ts no longer replaces it`);
    },
  };
}
