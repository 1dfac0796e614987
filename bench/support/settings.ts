/** How long and how often the bench measures; `npm run bench -- --quick` is for trying changes. */
export interface BenchSettings {
  quick: boolean;
  /** Length of one autocannon run. */
  loadDurationInSeconds: number;
  /** Interleaved rounds per pair (A B, B A, ...); the figures are medians over rounds. */
  loadRounds: number;
  /** Connection counts every throughput pair is run at. */
  connectionCounts: number[];
  /** Stored referrals on the small and the large store of the attribution pair. */
  attributionSizes: { small: number; large: number };
  /** Timed friend purchases per store. */
  attributionPurchases: number;
  /** Page loads per side for the host-page cost. */
  pageLoads: number;
}

/** The settings for these command-line arguments. */
export function benchSettings(args: readonly string[]): BenchSettings {
  const quick = args.includes('--quick');
  return {
    quick,
    loadDurationInSeconds: quick ? 2 : 4,
    loadRounds: quick ? 2 : 3,
    connectionCounts: [50, 500],
    attributionSizes: { small: 10_000, large: quick ? 100_000 : 1_000_000 },
    attributionPurchases: quick ? 100 : 300,
    pageLoads: quick ? 3 : 7,
  };
}
