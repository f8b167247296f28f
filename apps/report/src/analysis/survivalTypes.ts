import type { TimeUnit } from '@survkit/cohort';

export interface MedianEstimate {
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface KmCurve {
  readonly label: string;
  readonly n: number;
  readonly events: number;
  /** Step function: event/censoring times with the survival just after each. */
  readonly time: readonly number[];
  readonly survival: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  readonly nCensor: readonly number[];
  readonly median: MedianEstimate;
  readonly landmarks: readonly {
    readonly time: number;
    readonly survival: number | null;
    readonly lower: number | null;
    readonly upper: number | null;
  }[];
  /** Number at risk at each of the plot's x ticks. */
  readonly atRisk: readonly number[];
}

export interface KmComparison {
  readonly endpoint: string;
  readonly abbreviation: string;
  readonly label: string;
  /** The unit of every time here (curve times, medians, landmarks, ticks): the plan's `survival.timeUnit`. */
  readonly timeUnit: TimeUnit;
  readonly curves: readonly KmCurve[];
  readonly overallMedian: MedianEstimate;
  readonly logRank: { readonly statistic: number; readonly df: number; readonly pValue: number } | null;
  /** Why no log-rank test was computed (e.g. only one group has patients). */
  readonly logRankNote: string | null;
  readonly xTicks: readonly number[];
  readonly xMax: number;
  /** For the reader (R's words where R has them): implausible follow-up, an empty subgroup. */
  readonly warnings: readonly string[];
}

/** Per endpoint, analysed patients without a known time or status, left out of its analyses (R's na.omit). */
export interface MissingFollowUp {
  readonly endpoint: string;
  readonly abbreviation: string;
  readonly n: number;
  /** Their rows in the data file (header = row 1). */
  readonly rows: readonly number[];
}
