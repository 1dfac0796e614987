import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_SITE } from './support/bench-site';
import { waitUntilIdle } from './support/process-idle';
import type { BenchSettings } from './support/settings';
import { interleave, median, round } from './support/stats';

/** The goals for the collector as deployed (issue 23): cold start to /healthz and memory at rest. */
export const COLD_START_BUDGET_IN_MS = 200;
export const IDLE_MEMORY_BUDGET_IN_MIB = 80;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MIB = 1024 * 1024;
const HEALTH_POLL_EVERY_IN_MS = 2;
const START_TIMEOUT_IN_MS = 30_000;
/** After the first /healthz, how long the process must stay idle before its memory is read (lazy work, GC). */
const SETTLE_IN_MS = 1_000;

/** One way of starting the collector: the command line and what it is called in the table. */
interface StartMode {
  label: string;
  command: string;
  args: string[];
}

/** One start: time from spawn to the first /healthz 200, and resident memory once idle. */
interface StartSample {
  startMs: number;
  /**
   * CPU time (user + system, every thread) the process had used when /healthz first answered:
   * what a start costs, less moved than the wall time by other load on a shared machine.
   */
  startCpuMs: number;
  idleRssMiB: number;
}

export interface StartFigures {
  command: string;
  /** Medians over the rounds. */
  startMs: number;
  startCpuMs: number;
  idleRssMiB: number;
  samples: StartSample[];
}

export interface ColdStartResult {
  rounds: number;
  /** The source through tsx's TypeScript loader, as production ran before the bundle. */
  tsx: StartFigures;
  /** `npm run collector`'s own command line: the bundle in dist/collector/. */
  built: StartFigures;
  /**
   * The floor on this machine at this moment: Node with a bare node:http server answering
   * /healthz, no framework and no store. On a busy machine every figure grows; this one says how much.
   */
  bareNode: StartFigures;
  /** built / tsx: below 1 is faster, or lighter. */
  startRatio: number;
  memoryRatio: number;
}

/**
 * Starts the collector again and again, from the source through tsx and from the bundle exactly
 * as `npm run collector` runs it, interleaved; times spawn to the first /healthz 200 (polled every
 * few ms, so the figure includes Node's own start, loading every module, opening and checking the
 * store, and the listen) and reads the process's resident memory once it has gone idle. The store
 * is a SQLite file migrated by a first, untimed start: a restart, not a first install.
 */
export async function benchColdStart(settings: BenchSettings, workDir: string): Promise<ColdStartResult> {
  const built = builtMode();
  if (!existsSync(join(ROOT, 'dist', 'collector', 'server.js'))) throw new Error('the collector is not built: run npm run build');
  const tsx: StartMode = { label: 'tsx', command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'collector', 'server.ts')] };
  const bareNode: StartMode = { label: 'bare Node', command: process.execPath, args: ['--input-type=module', '--eval', BARE_NODE_SERVER] };

  const dir = mkdtempSync(join(workDir, 'cold-start-'));
  try {
    const configPath = join(dir, 'vouch.config.json');
    writeFileSync(configPath, JSON.stringify({ sites: [BENCH_SITE] }));
    const env = (name: string) => ({ DATABASE_URL: `file:${join(dir, `${name}.sqlite`)}`, VOUCH_CONFIG: configPath });
    // Untimed: migrates each store and fills the disk cache with the files both modes read.
    await startOnce(tsx, env('tsx'));
    await startOnce(built, env('built'));

    const rounds = settings.quick ? 3 : 7;
    const samples = await interleave(rounds, () => startOnce(tsx, env('tsx')), () => startOnce(built, env('built')));
    const floor: StartSample[] = [];
    for (let round = 0; round < rounds; round++) floor.push(await startOnce(bareNode, {}));
    const figures = (mode: StartMode, list: StartSample[]): StartFigures => ({
      command: mode === bareNode ? 'node --eval <a node:http server answering /healthz>' : [mode.command === process.execPath ? 'node' : mode.command, ...mode.args.map((arg) => arg.replace(ROOT, ''))].join(' '),
      startMs: round(median(list.map((sample) => sample.startMs)), 1),
      startCpuMs: round(median(list.map((sample) => sample.startCpuMs)), 1),
      idleRssMiB: round(median(list.map((sample) => sample.idleRssMiB)), 1),
      samples: list,
    });
    const tsxFigures = figures(tsx, samples.a);
    const builtFigures = figures(built, samples.b);
    return {
      rounds,
      tsx: tsxFigures,
      built: builtFigures,
      bareNode: figures(bareNode, floor),
      startRatio: round(builtFigures.startMs / tsxFigures.startMs, 3),
      memoryRatio: round(builtFigures.idleRssMiB / tsxFigures.idleRssMiB, 3),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The anchor: the least a Node process can do to answer /healthz on PORT. */
const BARE_NODE_SERVER = `import { createServer } from 'node:http';
const server = createServer((request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
server.listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => server.close(() => process.exit(0)));`;

/** `npm run collector` as package.json says, `node` being this Node (no npm wrapper process around it). */
function builtMode(): StartMode {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = scripts.collector!.split(/\s+/);
  return { label: 'built', command: command === 'node' ? process.execPath : command!, args: args.map((arg) => (arg.includes('/') ? join(ROOT, arg) : arg)) };
}

/** One cold start of a mode on a port of its own; stops the process before returning. */
async function startOnce(mode: StartMode, env: Record<string, string>): Promise<StartSample> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(mode.command, mode.args, {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_IP_PER_MINUTE: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await firstHealthy(`http://127.0.0.1:${port}/healthz`, child, () => stderr);
    const startMs = performance.now() - started;
    const startCpuMs = cpuMs(child.pid!);
    await waitUntilIdle(child.pid!, 10_000);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_IN_MS));
    await waitUntilIdle(child.pid!, 10_000);
    return { startMs: round(startMs, 1), startCpuMs, idleRssMiB: round(residentBytes(child.pid!) / MIB, 1) };
  } finally {
    await stop(child);
  }
}

/** Polls until /healthz answers 200; fails if the process exits first or takes too long. */
async function firstHealthy(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_IN_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the collector exited with ${child.exitCode} before /healthz answered: ${stderr().trim()}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_EVERY_IN_MS));
  }
  throw new Error(`/healthz did not answer 200 within ${START_TIMEOUT_IN_MS} ms`);
}

/** A process's resident set (VmRSS, every thread of it: tsx's loader thread included). Linux only. */
function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** User + system CPU time of a process so far, in ms (clock ticks of 10 ms). Linux only. */
function cpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A port nothing listens on now (the OS's pick, released at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
