/**
 * The analysis of a cohort as plain data: every number the report prints, computed by @survkit/stats,
 * unformatted. The renderer, the JSON output and the CSV tables all read this one structure.
 */

export interface GroupLevel {
  readonly level: string;
  readonly label: string;
  readonly n: number;
}

export interface GroupInfo {
  readonly variable: string;
  readonly label: string;
  /** In display order (the plan's `group.order`). */
  readonly levels: readonly GroupLevel[];
  /** Level name of the hazard-ratio reference. */
  readonly reference: string;
}

export interface FlowResult {
  readonly screened: number;
  readonly excluded: readonly { readonly reason: string; readonly n: number }[];
  readonly analysed: number;
  /** Patients whose group is missing are analysed in no group. */
  readonly groupMissing: number;
}

export type TestUsed = 'chisq' | 'fisher';

export interface Table1Heading {
  readonly kind: 'heading';
  readonly label: string;
}

/** Rows under a heading carry `depth` 1. */

export interface Table1Categorical {
  readonly kind: 'categorical';
  readonly depth: number;
  readonly variable: string;
  readonly label: string;
  /** One row per level (plus "Unknown" when any value is missing); counts per group in display order. */
  readonly levels: readonly {
    readonly label: string;
    readonly counts: readonly number[];
    readonly unknown: boolean;
  }[];
  /** The test that produced the p-value, or null when no test was possible (a single non-empty level). */
  readonly test: TestUsed | null;
  /** What the automatic rule (Cochran: Fisher when an expected count is < 5) would have chosen. */
  readonly autoTest: TestUsed;
  /** The p-value of `autoTest` when it differs from the test used (for a footnote), else null. */
  readonly autoPValue: number | null;
  readonly pValue: number | null;
  readonly statistic: number | null;
  readonly minExpected: number | null;
}

export interface Table1Continuous {
  readonly kind: 'continuous';
  readonly depth: number;
  readonly variable: string;
  readonly label: string;
  readonly unit: string | null;
  /** Rank test between the groups (Wilcoxon rank-sum for two groups, Kruskal–Wallis for more). */
  readonly test: 'wilcoxon' | 'kruskal' | null;
  readonly pValue: number | null;
  readonly statistic: number | null;
  readonly perGroup: readonly {
    readonly n: number;
    readonly missing: number;
    readonly median: number;
    readonly min: number;
    readonly max: number;
  }[];
}

export type Table1Row = Table1Heading | Table1Categorical | Table1Continuous;

export interface Table1Result {
  readonly groupN: readonly number[];
  readonly rows: readonly Table1Row[];
}

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

export interface CoxLevelRow {
  readonly level: string;
  readonly label: string;
  readonly isReference: boolean;
  readonly n: number;
  readonly hazardRatio: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly pValue: number | null;
  /** The ordinary estimate diverged (monotone likelihood). */
  readonly infinite: boolean;
  /** Firth's penalised estimate, offered where the ordinary fit diverges. */
  readonly firth: {
    readonly hazardRatio: number;
    readonly lower: number;
    readonly upper: number;
    readonly pValue: number;
  } | null;
}

export interface CoxVariableRows {
  readonly variable: string;
  readonly label: string;
  readonly levels: readonly CoxLevelRow[];
  /** Likelihood-ratio p of the whole variable (used for multivariable selection). */
  readonly lrtP: number | null;
}

export interface CoxTable {
  readonly endpoint: string;
  readonly abbreviation: string;
  readonly label: string;
  readonly univariate: readonly CoxVariableRows[];
  /** Same variables; `null` entries for variables not in the multivariable model. */
  readonly multivariable: readonly (CoxVariableRows | null)[];
  readonly multivariableVariables: readonly string[];
  readonly multivariableN: number;
  readonly multivariableEvents: number;
  /** Engine warnings (R's words) with the model they came from. */
  readonly warnings: readonly string[];
}

export interface ForestLevel {
  readonly label: string;
  readonly n: number;
  readonly events: number;
  readonly hazardRatio: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly pValue: number | null;
  /** Why no estimate (no events in a group, one group empty). */
  readonly note: string | null;
}

export interface ForestVariable {
  readonly variable: string;
  readonly label: string;
  readonly levels: readonly ForestLevel[];
  /** Likelihood-ratio test of the group × subgroup interaction. */
  readonly interactionP: number | null;
}

export interface ForestResult {
  readonly endpoint: string;
  readonly abbreviation: string;
  readonly label: string;
  /** Group hazard ratio in the whole cohort, the first row of the plot. */
  readonly overall: ForestLevel;
  readonly variables: readonly ForestVariable[];
  /** e.g. "Yes vs No". */
  readonly contrast: string;
  readonly warnings: readonly string[];
}

export interface SubgroupKm {
  readonly label: string;
  readonly variable: string;
  readonly level: string;
  readonly n: number;
  readonly comparisons: readonly KmComparison[];
}

export interface ValidationSummaryRow {
  readonly suite: string;
  readonly oracle: string;
  readonly cases: number;
  readonly checks: number;
  readonly passed: number;
  /** The suite threw instead of completing (its message). */
  readonly error: string | null;
}

/** The outcome of the reference suites for this engine build. */
export interface ValidationRun {
  readonly rows: readonly ValidationSummaryRow[];
  /** SHA-256 of the built engine, cohort package, suites and fixtures the outcome belongs to. */
  readonly buildHash: string;
  /** When the suites were run on this build. */
  readonly ranAt: string;
  /** Whether the outcome was read from the cache instead of re-run in this process. */
  readonly cached: boolean;
}

export interface DataSource {
  /** File name shown in the report (the built-in CSV's name for the built-in cohort). */
  readonly fileName: string;
  readonly sha256: string;
  readonly synthetic: boolean;
  readonly seed: number | null;
  readonly dictionaryName: string;
  readonly planSource: string;
}

export interface AnalysisResult {
  readonly title: string;
  readonly population: string;
  readonly generatedAt: string;
  readonly software: { readonly survkit: string; readonly node: string };
  readonly source: DataSource;
  readonly confLevel: number;
  readonly ties: 'efron' | 'breslow';
  readonly group: GroupInfo;
  readonly flow: FlowResult;
  readonly table1: Table1Result;
  readonly survival: readonly KmComparison[];
  readonly cox: readonly CoxTable[];
  readonly forest: readonly ForestResult[];
  readonly subgroupKm: readonly SubgroupKm[];
  /** `null` when the suites were skipped (--skip-validation). */
  readonly validation: ValidationRun | null;
  readonly importWarnings: readonly string[];
  /** Every analysis warning a reader must see (each figure's, with its plan key), for the appendix. */
  readonly warnings: readonly string[];
}
