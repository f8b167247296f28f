import type { KmComparison } from './survivalTypes.js';
// Result shapes of the propensity-score analysis (analysis/propensity.ts), kept apart from types.ts.
/** One balance row of the propensity analysis: a continuous variable or one level of a categorical one. */
export interface PropensityBalanceRow {
  readonly variable: string;
  readonly label: string;
  /** The level's label for a categorical variable's row; null for a continuous variable. */
  readonly level: string | null;
  readonly type: 'continuous' | 'binary';
  readonly meanTreated: number;
  readonly meanControl: number;
  /** Standardised mean differences (balanceTable: cobalt's / MatchIt summary's definitions). */
  readonly smdBefore: number | null;
  readonly smdWeighted: number | null;
  readonly smdMatched: number | null;
  /** Variance ratios treated/control; null for binary rows. */
  readonly varianceRatioBefore: number | null;
  readonly varianceRatioWeighted: number | null;
  readonly varianceRatioMatched: number | null;
}

/** A treatment hazard ratio of the propensity analysis (treated vs control). */
export interface PropensityEffect {
  readonly n: number;
  readonly events: number;
  readonly hazardRatio: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly pValue: number | null;
  /** Robust (sandwich) SE: coxph(weights =, robust = TRUE). */
  readonly robust: boolean;
  /** SE clustered on the matched sets: coxph(cluster = subclass). */
  readonly cluster: boolean;
}

export interface PropensityEndpoint {
  readonly endpoint: string;
  readonly abbreviation: string;
  readonly label: string;
  readonly unadjusted: PropensityEffect;
  /** From the endpoint's multivariable Cox table; null when the group is not in it or the control is not the reference. */
  readonly multivariable: PropensityEffect | null;
  readonly weighted: PropensityEffect | null;
  readonly matched: PropensityEffect | null;
  /** IPTW-weighted Kaplan–Meier curves per arm (survfit(weights = w)); null without weighting. */
  readonly weightedKm: KmComparison | null;
  /**
   * Kaplan–Meier curves of the PS-matched sample per arm (survfit(weights = weights) on
   * match.data(m); unweighted when every matching weight is 1); null without matching.
   */
  readonly matchedKm: KmComparison | null;
  /** The full step tables of the weighted and matched curves, treated then control of each. */
  readonly kmSteps: readonly PropensityKmSteps[];
}

/** One arm's Kaplan–Meier step table, survfit's columns (summary(fit, censored = TRUE)). */
export interface PropensityKmSteps {
  readonly analysis: 'iptw_weighted' | 'ps_matched';
  readonly arm: 'treated' | 'control';
  /** The arm's label. */
  readonly label: string;
  readonly time: readonly number[];
  /** Sums of weights for weighted curves, counts of patients otherwise. */
  readonly nRisk: readonly number[];
  readonly nEvent: readonly number[];
  readonly nCensor: readonly number[];
  readonly survival: readonly number[];
  /** Standard error of S(t): Greenwood's, or the robust one when some weight is non-integer. */
  readonly stdErr: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** The propensity-score analysis of the plan's `propensity` block. */
export interface PropensityResult {
  readonly treated: { readonly level: string; readonly label: string };
  readonly control: { readonly level: string; readonly label: string };
  readonly covariates: readonly { readonly variable: string; readonly label: string }[];
  /** Patients of the two arms with complete covariates (the analysed sample). */
  readonly n: { readonly treated: number; readonly control: number };
  /** Patients of the two arms left out for a missing covariate. */
  readonly nIncomplete: number;
  /** Estimand of the weights (matching always estimates the ATT). */
  readonly estimand: 'ATE' | 'ATT';
  readonly stabilize: boolean;
  readonly weights: {
    readonly essTreated: number;
    readonly essControl: number;
    readonly nTrimmed: number;
    readonly trim: { readonly lower?: number; readonly upper?: number } | null;
  } | null;
  readonly matching: {
    readonly distance: 'logit' | 'ps';
    readonly ratio: number;
    readonly replace: boolean;
    /** In SDs of the distance; null = none. */
    readonly caliper: number | null;
    /** In distance units. */
    readonly caliperWidth: number | null;
    readonly order: 'largest' | 'smallest' | 'data';
    readonly matchedTreated: number;
    readonly matchedControl: number;
    readonly unmatchedTreated: number;
    /**
     * Every matched patient's matching weight is 1 (1:1 without replacement, or 1:k with k controls
     * for every treated patient): the matched analyses are then unweighted.
     */
    readonly unitWeights: boolean;
  } | null;
  readonly balance: readonly PropensityBalanceRow[];
  readonly endpoints: readonly PropensityEndpoint[];
  readonly warnings: readonly string[];
}
