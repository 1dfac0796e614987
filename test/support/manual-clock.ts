import type { Clock } from '../../collector/clock';

/** A clock a test moves by hand: it stands still until `advance` is called. */
export class ManualClock {
  private at: number;

  constructor(start: Date | string = '2026-06-01T12:00:00.000Z') {
    this.at = new Date(start).getTime();
  }

  /** The clock as the collector takes it. */
  readonly now: Clock = () => new Date(this.at);

  advance(milliseconds: number): void {
    this.at += milliseconds;
  }

  advanceHours(hours: number): void {
    this.advance(hours * 3_600_000);
  }
}
