/**
 * Builds widget/loader.ts as a classic IIFE script next to the widget module, with the widget's
 * hashed file name baked in: the loader is the only file with a stable URL (short cache), so it
 * must name the exact immutable widget file it goes with.
 */
import { type Plugin, type Rolldown, build } from 'vite';

type RolldownOutput = Rolldown.RolldownOutput;

/** A Vite plugin that emits `loader.js` built from `entry`, pointing at the bundle's entry chunk named `widgetChunkName`. */
export function widgetLoader(entry: string, widgetChunkName: string): Plugin {
  return {
    name: 'vouch-widget-loader',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const widget = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry && file.name === widgetChunkName);
      if (!widget) this.error(`no entry chunk named ${widgetChunkName} to point the loader at`);
      const output = await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        define: { __VOUCH_WIDGET_FILE__: JSON.stringify(`./${widget.fileName}`) },
        build: {
          write: false,
          modulePreload: false,
          lib: { entry, formats: ['iife'], name: 'vouchLoader', fileName: () => 'loader.js' },
        },
      });
      // With write: false and no watch, build() resolves to the rolldown output(s).
      const chunk = ([output].flat()[0] as RolldownOutput | undefined)?.output[0];
      if (!chunk || chunk.type !== 'chunk') this.error('the loader build produced no script');
      this.emitFile({ type: 'asset', fileName: 'loader.js', source: chunk.code });
    },
  };
}
