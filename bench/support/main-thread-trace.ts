/** The trace categories main-thread time is read from. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { documentLoaderURL?: string; url?: string } };
}

const SCRIPT_EVENTS = new Set(['EvaluateScript', 'v8.compile', 'v8.evaluateModule']);

/** Busy time of the page's renderer main thread, in ms. */
export interface MainThreadTime {
  /** From navigation start to the load event's start. */
  beforeLoadMs: number;
  /** From navigation start to the end of the trace (load and the settling window after it). */
  totalMs: number;
  /**
   * Compiling and running scripts loaded from scriptOrigin before load: the part of beforeLoadMs
   * that is surely the snippet's, free of the noise in the rest of the page's work.
   */
  scriptsBeforeLoadMs: number;
}

/**
 * Reads a Chromium trace (playwright's browser.startTracing) and adds up the top-level tasks
 * ("RunTask": everything the main thread runs: parsing, script, style, layout, paint) of the
 * renderer thread that navigated to pageUrl. Overlapping events are merged, so nothing counts twice.
 */
export function mainThreadTime(trace: Buffer, pageUrl: string, scriptOrigin: string): MainThreadTime {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const start = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === pageUrl);
  if (!start) throw new Error(`the trace has no navigation to ${pageUrl}`);
  const onThread = (e: TraceEvent) => e.pid === start.pid && e.tid === start.tid;
  const load = events.find((e) => e.name === 'loadEventStart' && onThread(e) && e.ts >= start.ts);
  if (!load) throw new Error(`the trace has no load event for ${pageUrl}`);
  const tasks = events
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && onThread(e) && e.dur !== undefined)
    .map((e) => [e.ts, e.ts + e.dur!] as const);
  const scripts = events
    .filter((e) => SCRIPT_EVENTS.has(e.name) && e.ph === 'X' && onThread(e) && e.dur !== undefined && e.args?.data?.url?.startsWith(`${scriptOrigin}/`))
    .map((e) => [e.ts, e.ts + e.dur!] as const);
  const end = Math.max(...tasks.map(([, taskEnd]) => taskEnd), load.ts);
  return {
    beforeLoadMs: busyMicroseconds(tasks, start.ts, load.ts) / 1000,
    totalMs: busyMicroseconds(tasks, start.ts, end) / 1000,
    scriptsBeforeLoadMs: busyMicroseconds(scripts, start.ts, load.ts) / 1000,
  };
}

/** Length of the union of the intervals, clipped to [from, to]. */
function busyMicroseconds(intervals: readonly (readonly [number, number])[], from: number, to: number): number {
  const clipped = intervals
    .map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let busy = 0;
  let coveredUntil = from;
  for (const [a, b] of clipped) {
    if (b <= coveredUntil) continue;
    busy += b - Math.max(a, coveredUntil);
    coveredUntil = b;
  }
  return busy;
}
