import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A server under test, running in its own Node process so the load generator never shares its event loop. */
export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_IN_MS = 30_000;
const STOP_TIMEOUT_IN_MS = 10_000;

/**
 * Starts `bench/servers/<name>.server.ts` with tsx and waits for the URL it prints. With
 * BENCH_CPU_PROF=1 the child writes V8 CPU profiles to bench/results/ when it stops: Node's
 * default names, CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile, where thread 0 is the server's
 * main thread (tsx's loader thread writes one too).
 */
export async function startChildServer(name: string, args: readonly string[] = []): Promise<ChildServer> {
  const script = fileURLToPath(new URL(`../servers/${name}.server.ts`, import.meta.url));
  const profiling = process.env.BENCH_CPU_PROF === '1'
    ? ['--cpu-prof', `--cpu-prof-dir=${fileURLToPath(new URL('../results', import.meta.url))}`]
    : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const url = await firstLine(child, name);
  if (profiling.length > 0) console.error(`${name} server: pid ${child.pid}, profiled`);
  return { url, pid: child.pid!, stop: () => stopChild(child) };
}

function firstLine(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} server did not start within ${START_TIMEOUT_IN_MS} ms`));
    }, START_TIMEOUT_IN_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      resolve(url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} server exited with code ${code} before it was ready`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_IN_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
