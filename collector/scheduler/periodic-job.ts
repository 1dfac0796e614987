import type { Logger } from '../logger';
import { isStoreUnavailableError } from '../store/store-unavailable';

export interface PeriodicJob {
  /** Stops scheduling rounds and waits for the one in flight. */
  stop(): Promise<void>;
}

/**
 * Runs `round` at once and then every `intervalInMs`, one round at a time. A round that answers
 * true found a full batch: the next starts at once instead of after the interval. A failed round
 * is logged (a lost database connection as a warning: it is retried next round like any other
 * failure, and is no bug) and the job goes on.
 */
export function startPeriodicJob(config: { name: string; intervalInMs: number; logger: Logger; round: () => Promise<boolean> }): PeriodicJob {
  const { logger } = config;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = false;

  const run = () => {
    inFlight = config
      .round()
      .catch((error: unknown) => {
        logger[isStoreUnavailableError(error) ? 'warn' : 'error'](`${config.name} round failed`, { error: String(error) });
        return false;
      })
      .then((more) => {
        inFlight = undefined;
        if (!stopped) timer = setTimeout(run, more ? 0 : config.intervalInMs);
      });
  };
  timer = setTimeout(run, 0);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
