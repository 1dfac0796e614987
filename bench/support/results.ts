import type { AttributionScaleResult } from '../attribution-scale';
import type { ClaimRedirectResult } from '../claim-redirect';
import type { ClickThresholdsResult } from '../click-thresholds';
import type { ColdStartResult } from '../cold-start';
import type { ConsoleQueriesResult } from '../console-queries';
import type { DurablePurchaseResult } from '../durable-purchase';
import type { HostPageCostResult } from '../host-page-cost';
import type { WidgetWeightResult } from '../widget-weight';
import type { BenchSettings } from './settings';

/** A part that could not run says why instead of giving figures. */
export type Outcome<T> = T | { skipped: string };

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

/** What bench/results/latest.json holds. */
export interface BenchResults {
  date: string;
  machine: Machine;
  settings: BenchSettings;
  durationInSeconds: number;
  widgetWeight: Outcome<WidgetWeightResult>;
  /** Absent in results written before the cold-start bench existed. */
  coldStart?: Outcome<ColdStartResult>;
  hostPageCost: Outcome<HostPageCostResult>;
  claimRedirect: Outcome<ClaimRedirectResult>;
  /** Absent in results written before the click-threshold bench existed. */
  clickThresholds?: Outcome<ClickThresholdsResult>;
  durablePurchase: Outcome<DurablePurchaseResult>;
  attributionScale: Outcome<AttributionScaleResult>;
  /** Absent in results written before the console bench existed. */
  consoleQueries?: Outcome<ConsoleQueriesResult>;
}

/** Whether a part ran; the type guard keeps the table code free of casts. */
export function ran<T extends object>(outcome: Outcome<T>): outcome is T {
  return !('skipped' in outcome);
}
