import { readFileSync } from 'node:fs';

const SAMPLE_EVERY_IN_MS = 250;
/** Below this share of one core the server is taken as idle. */
const IDLE_CPU_SHARE = 0.05;
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Waits until a process stops using CPU (or maxMs pass). Autocannon stops sending when its run
 * ends, but a slow server still works through what it had accepted; the next run of the pair
 * must not share the machine with that backlog. Reads /proc, so only waits on Linux.
 */
export async function waitUntilIdle(pid: number, maxMs = 60_000): Promise<void> {
  const started = Date.now();
  let previous = cpuTicks(pid);
  while (previous !== undefined && Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_IN_MS));
    const current = cpuTicks(pid);
    if (current === undefined) return;
    const share = (current - previous) / CLOCK_TICKS_PER_SECOND / (SAMPLE_EVERY_IN_MS / 1000);
    if (share < IDLE_CPU_SHARE) return;
    previous = current;
  }
}

/** User + system CPU time of a process in clock ticks, or undefined without /proc. */
function cpuTicks(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    // No /proc (not Linux) or the process is gone: nothing to wait for.
    return undefined;
  }
}
