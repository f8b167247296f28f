import type { CoxFirthResult } from '../coxFirth.js';
import type { CoxZphResult } from '../coxZph.js';
import type { CoxResult, CoxTest } from '../types.js';

/**
 * A categorical covariate: one code per row indexing `levels`, `-1` for a missing value.
 * `reference` names the baseline level (R's `relevel(f, ref = …)`); the first level by default.
 */
export interface CategoricalColumn {
  readonly type: 'categorical';
  /** Human-readable name for tables, e.g. `'ECOG score'`; the variable's key is used when absent. */
  readonly label?: string;
  readonly levels: readonly string[];
  /** Index into `levels` per row; `-1` = missing. */
  readonly codes: ArrayLike<number>;
  readonly reference?: string;
}

/** A numeric covariate entered linearly; `NaN` = missing. */
export interface NumericColumn {
  readonly type: 'numeric';
  readonly label?: string;
  readonly values: ArrayLike<number>;
}

/**
 * The data a survival model is built from: one entry per row in `time`, `event` and every variable.
 * `time` NaN or `event` NaN marks a missing outcome (the row is dropped, as R's `na.omit` would).
 */
export interface ModelFrame {
  readonly time: ArrayLike<number>;
  readonly event: ArrayLike<number | boolean>;
  readonly variables: Readonly<Record<string, CategoricalColumn | NumericColumn>>;
}

/** Options shared by the modelling functions. */
export interface CoxModelOptions {
  /** Tie handling, R's `ties =`; `'efron'` by default. */
  readonly ties?: 'efron' | 'breslow';
  /** Confidence level of the hazard-ratio intervals (R's `conf.int`), 0.95 by default. */
  readonly confLevel?: number;
  /**
   * When the ordinary fit cannot estimate a coefficient — R's "coefficient may be infinite" flag, or
   * an NA that is not collinearity (R's Cholesky gives up on a monotone direction) — also fit Firth's
   * penalized model (`coxFirth`) on the same rows and attach it as `firth`. Off by default.
   */
  readonly firthWhenInfinite?: boolean;
  /**
   * Also test proportional hazards (R's `cox.zph(fit, transform)`, one joint test per variable and
   * the global test) with this time transform; not computed when absent.
   */
  readonly phTest?: 'km' | 'rank' | 'identity';
  /**
   * Compute the full model's concordance (`fit.concordance`). `false` leaves it out (`null`s), for
   * callers that read only the hazard ratios and tests; the drop-one refits never compute it.
   * Default `true`.
   */
  readonly concordance?: boolean;
}

/** A joint test of all coefficients of one variable (R's `anova(fit)` row or a block Wald test). */
export type TermTest = CoxTest;

/**
 * One row of a hazard-ratio table. The reference level has `coef` 0 and `hazardRatio` 1 with no
 * interval or p-value; a coefficient R reports as NA (collinear column) has nulls throughout.
 */
export interface CoxModelLevel {
  /** Level name (categorical) or the variable's key (numeric). */
  readonly level: string;
  /** The design-column name, e.g. `'ecog=1'`, matching `fit.terms[].name` and `firth.terms[].name`; null for the reference. */
  readonly term: string | null;
  readonly isReference: boolean;
  /** Analysed rows with this level (numeric variables: all analysed rows). */
  readonly n: number;
  readonly coef: number | null;
  readonly stdErr: number | null;
  readonly hazardRatio: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Wald p-value, as `summary(coxph(…))`'s `Pr(>|z|)`. */
  readonly pValue: number | null;
  /**
   * The ordinary estimate may be infinite: `CoxTerm.infinite` of this coefficient (R's "Loglik
   * converged before variable …; coefficient may be infinite"). Its HR is not a number to print.
   */
  readonly infinite: boolean;
  /** R's NA: the column is aliased or constant among the analysed rows (`CoxTerm.aliased`). */
  readonly aliased: boolean;
}

/** One model variable with its levels and joint tests. */
export interface CoxModelVariable {
  readonly name: string;
  readonly label: string;
  readonly type: 'categorical' | 'numeric';
  /** The reference level actually used (categorical only). */
  readonly reference?: string;
  readonly levels: readonly CoxModelLevel[];
  /** Likelihood-ratio test of the whole variable: the full model against the model refitted without it. */
  readonly lrt: TermTest;
  /** Wald test of the variable's coefficient block, β'V⁻¹β. */
  readonly wald: TermTest;
  /**
   * One value (one level) in every analysed row: its coefficients are NA, as R's `coxph` reports an
   * aliased column, and its tests have 0 degrees of freedom.
   */
  readonly constant: boolean;
}

/** The result of `fitCoxModel`. */
export interface CoxModelResult {
  readonly variables: readonly CoxModelVariable[];
  /** Rows analysed (complete on outcome and every model variable). */
  readonly n: number;
  readonly events: number;
  /** Rows dropped for a missing outcome or covariate, R's "(k observations deleted due to missingness)". */
  readonly nDropped: number;
  /** The ordinary Cox fit on the expanded design. */
  readonly fit: CoxResult;
  /** Firth's penalized fit on the same design, present when `firthWhenInfinite` was set and needed. */
  readonly firth?: CoxFirthResult;
  /** `cox.zph` table, terms named by variable, present when `phTest` was set. */
  readonly phTest?: CoxZphResult;
  readonly warnings: readonly string[];
}
