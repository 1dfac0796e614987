import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface CollectorProcess {
  url: string;
  child: ChildProcess;
  /** Log lines the process printed (JSON), for assertions and for debugging a failure. */
  lines: string[];
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = join(import.meta.dirname, '../..');
const SERVER = join(ROOT, 'collector/server.ts');
const BUNDLE = join(ROOT, 'dist/collector/server.js');

/** The newest modification time of the collector's sources (and of what decides its packages). */
function newestSourceTime(folder = join(ROOT, 'collector')): number {
  let newest = statSync(join(ROOT, 'package-lock.json')).mtimeMs;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (/\.(ts|tsx|mjs|json|css|html)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let buildIsCurrent: boolean | undefined;

/**
 * Whether dist/collector/ was built after the last change to the collector's sources, as it is
 * under `npm test` (which builds first): then the bundle is this code, and it starts with a sixth
 * of the CPU time the TypeScript loader needs. After an edit without a build, the source runs.
 */
function bundleIsCurrent(): boolean {
  if (buildIsCurrent === undefined) {
    try {
      buildIsCurrent = statSync(BUNDLE).mtimeMs >= newestSourceTime();
    } catch {
      buildIsCurrent = false;
    }
  }
  return buildIsCurrent;
}

/**
 * The command line `npm run collector` runs (package.json's script, `node` being this Node), so
 * a test of the built collector starts it exactly as a merchant does, without npm's wrapper process.
 */
export function collectorScriptCommand(): { command: string; args: string[] } {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = scripts.collector!.split(/\s+/);
  return { command: command === 'node' ? process.execPath : command!, args };
}

/** A site for collector processes: the test shop's hosts, claims that redirect at once, plus `extra`. */
export function processSite(siteSlug: string, apiKey: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { site_slug: siteSlug, api_key: apiKey, allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/', show_claim_page: false, ...extra };
}

/** Writes a site configuration file for collector processes. */
export function writeConfigFile(dir: string, config: unknown): string {
  const path = join(dir, 'vouch.config.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/**
 * Starts the collector as its own process on an ephemeral port; resolves once it listens. It runs
 * `npm run collector`'s own command line (the bundle in dist/collector/) when that build is newer
 * than every source file, and `collector/server.ts` through tsx otherwise, so a test always runs
 * the code as it is. `built: true` requires the bundle, built or not.
 */
export function spawnCollector(options: { databaseUrl: string; configPath: string; env?: Record<string, string>; built?: boolean }): Promise<CollectorProcess> {
  // Node itself with tsx's loader, not the tsx CLI: the CLI runs the server in a child process of
  // its own, so a SIGKILL sent to it would leave the real server running.
  const { command, args } = options.built || bundleIsCurrent() ? collectorScriptCommand() : { command: process.execPath, args: ['--import', 'tsx', SERVER] };
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: options.databaseUrl, VOUCH_CONFIG: options.configPath, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start:\n${lines.join('\n')}`)), 20_000);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        const match = /listening on (http:\/\/\S+?)"/.exec(line) ?? /listening on (http:\/\/\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({
            url: match[1]!.replace('localhost', '127.0.0.1'),
            child,
            lines,
            kill: (signal = 'SIGTERM') => {
              if (child.exitCode === null && child.signalCode === null) child.kill(signal);
              return exited;
            },
          });
        }
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited with ${code}:\n${lines.join('\n')}`));
    });
  });
}
