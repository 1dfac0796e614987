import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What /healthz reports of the built widget: whether it can be served, and the files there are. */
export interface WidgetBuild {
  /** loader.js is there, and so is the widget file it names. */
  ok: boolean;
  /** The widget's files, relative to its folder ("loader.js", "assets/widget-….js"). */
  files: string[];
  /** Why it cannot be served, in words (absent when ok). */
  problem?: string;
}

/** The build step that makes the widget (and the merchant console). */
export const BUILD_COMMAND = 'npm run build';

/** The loader names the immutable widget file it goes with (see widget/build/loader-plugin.ts). */
const WIDGET_FILE_IN_LOADER = /[`"']\.\/(assets\/[\w.-]+\.js)[`"']/;

/**
 * Reads the built widget folder: `npm run collector` serves it at /widget/, and without
 * `npm run build` (or after a half-copied deploy) every shop's script would be a 404 while
 * the collector looked healthy. Cheap enough for every health check (two small folders).
 */
export function inspectWidgetBuild(widgetDir: string): WidgetBuild {
  const files = listFiles(widgetDir);
  if (!files.includes('loader.js')) {
    return { ok: false, files, problem: `the widget is not built (${join(widgetDir, 'loader.js')} is missing): run ${BUILD_COMMAND}` };
  }
  let loader: string;
  try {
    loader = readFileSync(join(widgetDir, 'loader.js'), 'utf8');
  } catch (error) {
    return { ok: false, files, problem: `cannot read ${join(widgetDir, 'loader.js')}: ${(error as Error).message}` };
  }
  const named = WIDGET_FILE_IN_LOADER.exec(loader)?.[1];
  if (!named || !files.includes(named)) {
    return { ok: false, files, problem: `loader.js names ${named ?? 'no widget file'}, which is not in ${widgetDir}: run ${BUILD_COMMAND} again` };
  }
  return { ok: true, files };
}

/** The files under a folder, relative and sorted; none when it does not exist. */
function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length).replace(/^[\\/]+/, '').replaceAll('\\', '/'))
      .sort();
  } catch {
    return [];
  }
}

/** The widget is not built: the collector refuses to start rather than answer 404 for every shop's script. */
export class WidgetNotBuiltError extends Error {
  override name = 'WidgetNotBuiltError';
}
