import type { TimeUnit } from '@survkit/cohort';
import type { SuiteOutcome } from '@survkit/validation';
import type { MissingRule } from '../plan/schema.js';
import type { ImmortalTimeResult } from './immortalTimeTypes.js';
import type { SchoenfeldPlotData } from './schoenfeldTypes.js';
import type { KmComparison, MissingFollowUp } from './survivalTypes.js';

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
  /** Eligibility exclusions (the dictionary's rules), then patients with a missing or uncompared group. */
  readonly excluded: readonly { readonly reason: string; readonly n: number }[];
  /** Patients in a compared group: the n of every table, figure and sentence. */
  readonly analysed: number;
  /** Patients whose group is missing (also listed in `excluded`). */
  readonly groupMissing: number;
  /** Group levels left out by the plan's `group.order` (also listed in `excluded`). */
  readonly notCompared: readonly GroupLevel[];
  /** Arms without a patient (left out of tables and figures); per endpoint, patients without follow-up. */
  readonly emptyArms?: readonly GroupLevel[];
  readonly missingFollowUp?: readonly MissingFollowUp[];
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
  /** How the test treated missing values: "Unknown" as a category, or excluded. */
  readonly missing: MissingRule;
  /** What the automatic rule (Cochran: Fisher when an expected count is < 5) would have chosen. */
  readonly autoTest: TestUsed;
  /** The p-value of `autoTest` when it differs from the test used (for a footnote), else null. */
  readonly autoPValue: number | null;
  readonly pValue: number | null;
  readonly statistic: number | null;
  readonly minExpected: number | null;
  /**
   * Set when Fisher's exact test was beyond reach (StatsLimitError) and Fisher's p-value here (as
   * `pValue` or `autoPValue`) is R's Monte Carlo one with this B, seed and standard error.
   */
  readonly monteCarlo?: Table1MonteCarlo;
}

/** How a Monte Carlo Fisher p-value of Table 1 was simulated (R's fisher.test(simulate.p.value = TRUE)). */
export interface Table1MonteCarlo {
  readonly B: number;
  readonly seed: number;
  readonly stdErr: number;
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
  /** Decimals the variable is recorded with (0 or 1), so that every group's cell reads alike. */
  readonly decimals: 0 | 1;
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
  /** The plan-wide treatment of missing values in the categorical tests (rows may override it). */
  readonly missing: MissingRule;
  readonly rows: readonly Table1Row[];
}

export type { KmComparison, KmCurve, MedianEstimate, MissingFollowUp } from './survivalTypes.js';

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
  /**
   * Why there is no estimate: R reports the coefficient as NA because the covariate takes one value
   * in the model's patients ('constant') or its column is a combination of the others ('aliased');
   * or the model's iterations ran out before converging ('not-converged', R's "Ran out of
   * iterations and did not converge": its numbers are where the iterations stopped, not estimates).
   * Null when estimated.
   */
  readonly notEstimable: 'constant' | 'aliased' | 'not-converged' | null;
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
  /** 'continuous': one row (its `levels[0]`) with the HR per `per` units of the variable. */
  readonly type: 'categorical' | 'continuous';
  /** Continuous: the HR is per this many units (exp(per·β)); null for categorical variables. */
  readonly per: number | null;
  /** Continuous: the dictionary's unit of the variable, if any. */
  readonly unit: string | null;
  readonly levels: readonly CoxLevelRow[];
  /** Likelihood-ratio p of the whole variable (used for multivariable selection); null with 0 df. */
  readonly lrtP: number | null;
  /** Degrees of freedom of that test (estimable coefficients of the variable). */
  readonly lrtDf: number;
  /** Patients and events the model of this row used (complete cases on its variables). */
  readonly n: number;
  readonly events: number;
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

/** The hazard ratio of one non-reference arm against the reference arm, within one subgroup level. */
export interface ForestArm {
  /** Group level name and display label of the arm. */
  readonly level: string;
  readonly label: string;
  readonly hazardRatio: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly pValue: number | null;
  /** Why no estimate (no events in a group, one group empty). */
  readonly note: string | null;
}

export interface ForestLevel {
  readonly label: string;
  /** Patients and events of the subgroup level, all arms. */
  readonly n: number;
  readonly events: number;
  /** One entry per non-reference arm, in display order (one Cox model with k − 1 arm indicators). */
  readonly arms: readonly ForestArm[];
}

/** A likelihood-ratio test (R's anova of nested coxph fits). */
export interface LikelihoodRatioTest {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

export interface ForestVariable {
  readonly variable: string;
  readonly label: string;
  readonly levels: readonly ForestLevel[];
  /** Likelihood-ratio test of the group × subgroup interaction, df = (k − 1)(m − 1) estimable terms. */
  readonly interaction: LikelihoodRatioTest | null;
  /** `interaction.pValue`, kept for the prose. */
  readonly interactionP: number | null;
  readonly interactionNotEstimable?: 'not-converged'; // a due test whose models' iterations ran out
}

export interface ForestResult {
  readonly endpoint: string;
  readonly abbreviation: string;
  readonly label: string;
  /** Group hazard ratio in the whole cohort, the first row of the plot. */
  readonly overall: ForestLevel;
  readonly variables: readonly ForestVariable[];
  /** e.g. "Yes vs No"; with k arms "B, C vs A". */
  readonly contrast: string;
  /** The reference arm (group level name and label) every HR is against. */
  readonly reference: { readonly level: string; readonly label: string };
  readonly warnings: readonly string[];
}

/** One pair of arms in the pairwise log-rank tests (survminer's `pairwise_survdiff`). */
export interface PairwiseLogRankRow {
  readonly first: string;
  readonly second: string;
  readonly statistic: number | null;
  readonly pValue: number | null;
  /** p adjusted for the number of pairs by `adjust` (R's p.adjust). */
  readonly adjustedP: number | null;
}

export interface PairwiseLogRank {
  readonly endpoint: string;
  readonly abbreviation: string;
  readonly adjust: 'holm' | 'bonferroni' | 'none';
  /** Log-rank family parameter of the tests (survdiff's rho). */
  readonly rho: number;
  readonly rows: readonly PairwiseLogRankRow[];
}

export interface SubgroupKm {
  readonly label: string;
  readonly variable: string;
  readonly level: string;
  readonly n: number;
  readonly comparisons: readonly KmComparison[];
}

/** One reference suite's line of the appendix: @survkit/validation's outcome, as it reports it. */
export type ValidationSummaryRow = SuiteOutcome;

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
  readonly software: {
    readonly survkit: string;
    /** Node's version; "none" when run in a web browser (apps/web), named in `browser`. */
    readonly node: string;
    readonly browser?: string;
  };
  readonly source: DataSource;
  readonly confLevel: number;
  readonly ties: 'efron' | 'breslow';
  readonly group: GroupInfo;
  readonly flow: FlowResult;
  readonly table1: Table1Result;
  readonly survival: readonly KmComparison[];
  readonly cox: readonly CoxTable[];
  readonly forest: readonly ForestResult[];
  /** Pairwise log-rank tests per endpoint, when the plan asks (`survival.pairwise`); else empty. */
  readonly pairwise: readonly PairwiseLogRank[];
  readonly subgroupKm: readonly SubgroupKm[];
  /** Sensitivity analyses per endpoint, when the plan has a `sensitivity` block; else absent. */
  readonly sensitivity?: readonly SensitivityResult[];
  /** Landmark and time-dependent treatment analyses per endpoint, when the plan has `immortalTime`. */
  readonly immortalTime?: readonly ImmortalTimeResult[];
  /** The propensity-score analysis, when the plan has a `propensity` block; else absent. */
  readonly propensity?: import('./propensityTypes.js').PropensityResult;
  /** `null` when the suites were skipped (--skip-validation). */
  readonly validation: ValidationRun | null;
  readonly importWarnings: readonly string[];
  /** Every analysis warning a reader must see (each figure's, with its plan key), for the appendix. */
  readonly warnings: readonly string[];
}

/** One row of R's `cox.zph(fit)$table`: a model variable (its columns tested jointly) or GLOBAL. */
export interface PhTestRow {
  readonly variable: string;
  readonly label: string;
  readonly chisq: number;
  readonly df: number;
  readonly pValue: number;
}

/** The proportional-hazards check of one endpoint's model. */
export interface PhCheck {
  /** Which model was checked: the multivariable one, or the group's univariable one when there is none. */
  readonly model: 'multivariable' | 'univariable';
  readonly transform: 'km';
  readonly n: number;
  readonly events: number;
  readonly terms: readonly PhTestRow[];
  readonly global: Omit<PhTestRow, 'variable' | 'label'>;
}

/** An estimate with its interval and two-sided p. */
export interface IntervalEstimate {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
}

/** One arm's restricted mean survival time up to τ (in the report's time unit). */
export interface RmstArm {
  readonly label: string;
  readonly n: number;
  readonly events: number;
  readonly estimate: number;
  readonly stdErr: number;
  readonly lower: number;
  readonly upper: number;
}

/** RMST of one non-reference arm against the reference arm (survRM2's rmst2, unadjusted). */
export interface RmstComparison {
  readonly arm: RmstArm;
  readonly reference: RmstArm;
  /** In `timeUnit`; chosen by the plan or survRM2's default (the smaller largest follow-up time). */
  readonly tau: number;
  readonly tauRule: 'given' | 'smallest largest follow-up';
  /** RMST(arm) − RMST(reference), in `timeUnit`. */
  readonly difference: IntervalEstimate;
  /** RMST(arm) / RMST(reference). */
  readonly ratio: IntervalEstimate;
}

/** E-value of one non-reference arm's adjusted hazard ratio (VanderWeele & Ding 2017). */
export interface EValueRow {
  readonly label: string;
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly point: number;
  /** E-value of the limit nearest 1 (1 when the interval contains 1). */
  readonly ci: number;
  readonly ciLimit: 'lower' | 'upper' | 'none';
}

/** The sensitivity analyses of one endpoint; each part null when not asked for or not estimable (see the notes). */
export interface SensitivityResult {
  readonly endpoint: string;
  readonly abbreviation: string;
  readonly label: string;
  readonly timeUnit: TimeUnit;
  readonly ph: PhCheck | null;
  /** Scaled Schoenfeld residuals of the group's columns with plot.cox.zph's smooth, with `ph`. */
  readonly schoenfeld?: readonly SchoenfeldPlotData[];
  readonly rmst: readonly RmstComparison[] | null;
  readonly eValue: readonly EValueRow[] | null;
  readonly eValueOutcome: 'rare' | 'common' | null;
  /** Why an asked-for part has no numbers, for the reader. */
  readonly warnings: readonly string[];
}
