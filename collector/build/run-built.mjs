// `npm run collector` and `npm run vouch`: `node collector/build/run-built.mjs <entry> [arguments…]`
// runs dist/collector/<entry>.js, the bundle `npm run build` makes, in this same process (no
// wrapper process, no TypeScript loader). Without a build it refuses in one line naming the
// command that makes one, and exits with 78 (EX_CONFIG), as the collector does without the widget.
// Plain JavaScript on purpose: it must run before anything is built.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [entry] = process.argv.splice(2, 1);
const bundle = fileURLToPath(new URL(`../../dist/collector/${entry}.js`, import.meta.url));
if (!entry || !existsSync(bundle)) {
  const message = `the collector is not built (${bundle} is missing): run npm run build`;
  // The collector's own log format: a readable line on a terminal, a JSON line for log collectors.
  console.log(process.stdout.isTTY ? `ERROR ${message}` : JSON.stringify({ time: new Date().toISOString(), level: 'error', message }));
  process.exit(78);
}
// The bundle reads its arguments from process.argv.slice(2), as when started as `node dist/collector/<entry>.js …`.
process.argv[1] = bundle;
await import(pathToFileURL(bundle).href);
