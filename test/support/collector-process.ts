import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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
 * Starts `collector/server.ts` as its own process, as `npm run collector` does but from the source
 * (these tests test the code, not last build's copy of it), on an ephemeral port; resolves once it
 * listens. `built: true` runs `npm run collector`'s own command line instead: the bundle in dist/collector/.
 */
export function spawnCollector(options: { databaseUrl: string; configPath: string; env?: Record<string, string>; built?: boolean }): Promise<CollectorProcess> {
  // Node itself with tsx's loader, not the tsx CLI: the CLI runs the server in a child process of
  // its own, so a SIGKILL sent to it would leave the real server running.
  const { command, args } = options.built ? collectorScriptCommand() : { command: process.execPath, args: ['--import', 'tsx', SERVER] };
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
