/**
 * Input and result shapes of the Cox proportional hazards model (`coxPH`), shared by the
 * modelling layer, Firth's correction and `cox.zph`. Names mirror R's `coxph` object and
 * `summary.coxph` columns.
 */

/**
 * One Cox model's data, column-wise. Every column has one entry per row (observation).
 * R equivalent: `coxph(Surv(entry, time, event) ~ covariates + strata(strata), weights = weights,
 * cluster = cluster)`.
 */
export interface CoxData {
  /** Event or censoring time (the stop time of an `(entry, time]` row). Finite. */
  readonly time: ArrayLike<number>;
  /** 1/`true` = event, 0/`false` = censored. */
  readonly event: ArrayLike<number | boolean>;
  /**
   * Numeric design columns, in model order. Each key is the coefficient's name. Categorical
   * variables must already be expanded to indicator columns (the modelling layer does that).
   */
  readonly covariates: Readonly<Record<string, ArrayLike<number>>>;
  /**
   * Start of each row's `(entry, time]` risk interval: delayed entry or time-varying covariates
   * (R's counting-process `Surv(start, stop, event)`, fitted by `agreg.fit`). Must be < `time`.
   */
  readonly entry?: ArrayLike<number>;
  /** Stratum label per row: separate baseline hazards (R's `strata()`). */
  readonly strata?: ArrayLike<string | number>;
  /** Case weights, finite and > 0 (R's `weights =`). */
  readonly weights?: ArrayLike<number>;
  /** Cluster label per row for the robust sandwich variance (R's `cluster =`). */
  readonly cluster?: ArrayLike<string | number>;
}

/** Options of `coxPH`, with R's defaults. */
export interface CoxOptions {
  /** Tie handling, R's `ties =`. Default `'efron'`. */
  readonly ties?: 'efron' | 'breslow';
  /** Confidence level of the hazard-ratio intervals, R's `conf.int`. Default 0.95. */
  readonly confLevel?: number;
  /** Newton–Raphson iteration limit, R's `coxph.control(iter.max)`. Default 20. */
  readonly maxIter?: number;
  /**
   * Robust (sandwich) variance, R's `robust =`. Defaults as R: `true` when `cluster` is given or
   * any weight is not an integer, otherwise `false`.
   */
  readonly robust?: boolean;
  /** Starting coefficients, R's `init =` (also the point of the score test). Default all 0. */
  readonly init?: ArrayLike<number>;
  /**
   * Firth's penalized partial likelihood instead of the ordinary one (delegates to `coxFirth`;
   * see `coxPHFirth.ts` for what each `CoxResult` field then means: profile
   * penalized-likelihood limits, penalized LR p-values, no robust variance). Default `false`.
   */
  readonly firth?: boolean;
  /**
   * Compute Harrell's concordance (`concordance` of the result). `false` skips it — the result's
   * `concordance` is then `{ estimate: null, stdErr: null }` — for callers that read only the
   * coefficients or the log-likelihood (a report's drop-one, subgroup and interaction models): at
   * 10⁶ rows it is about a seventh of an ordinary fit. Ignored with `firth: true`. Default `true`.
   */
  readonly concordance?: boolean;
}

/** A chi-square test: statistic, degrees of freedom and upper-tail p-value. */
export interface CoxTest {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

/**
 * One coefficient row, as `summary(fit)$coefficients` + `$conf.int`. All numeric fields are
 * `null` for a coefficient R reports as NA (an aliased/constant column) — never NaN.
 * When the robust variance is in use, `z`, `pValue`, `lower` and `upper` use `robustStdErr`, as R does.
 */
export interface CoxTerm {
  readonly name: string;
  readonly coef: number | null;
  /** Model-based standard error, R's `se(coef)`. */
  readonly stdErr: number | null;
  /** Robust standard error, R's `robust se`; present only when the robust variance was computed. */
  readonly robustStdErr?: number | null;
  /** exp(coef). */
  readonly hazardRatio: number | null;
  /** Lower confidence limit of the hazard ratio. */
  readonly lower: number | null;
  /** Upper confidence limit of the hazard ratio. */
  readonly upper: number | null;
  readonly z: number | null;
  /** Two-sided Wald p-value, R's `Pr(>|z|)`. */
  readonly pValue: number | null;
  /**
   * The coefficient may be infinite (monotone likelihood): set where `coxph.fit` / `agreg.fit`
   * name this variable in "Loglik converged before variable k ; coefficient (beta) may be
   * infinite". The estimate is then where the iterations stopped, not a number to report. Always
   * false under Firth's penalty, whose estimates are finite. Code reads this flag, never `warnings`.
   */
  readonly infinite: boolean;
  /** R's NA coefficient: an aliased or constant column (`which.sing`); every numeric field is null. */
  readonly aliased: boolean;
}

/** The fitted Cox model. Everything is plain data; nothing refers back to the input. */
export interface CoxResult {
  readonly terms: readonly CoxTerm[];
  /** Partial log-likelihood at `init` (`null`, R's `loglik[1]`) and at the estimate (`model`, `loglik[2]`). */
  readonly logLik: { readonly null: number; readonly model: number };
  /** 2·(model − null) on the number of non-NA coefficients. */
  readonly likelihoodRatioTest: CoxTest;
  /**
   * R's `wald.test`: b'V⁻¹b with V the reported `variance` (the robust one when robust),
   * by R's tolerance-based Cholesky (`coxph.wtest`).
   */
  readonly waldTest: CoxTest;
  /** R's `score` (log-rank type) test at `init`, model-based. */
  readonly scoreTest: CoxTest;
  /** R's robust score test (`rscore`), present only when the robust variance was computed. */
  readonly robustScoreTest?: CoxTest;
  /** Harrell's C as R's `fit$concordance` (`concordance`, `std`). `null` when not computable. */
  readonly concordance: { readonly estimate: number | null; readonly stdErr: number | null };
  /** Rows used. */
  readonly n: number;
  /** Number of events (unweighted), R's `nevent`. */
  readonly events: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Numerical trouble in R's words (non-convergence, infinite coefficients, singular design). */
  readonly warnings: readonly string[];
  /**
   * Variance of the coefficients, R's `fit$var`: p×p, `variance[i][j]`, in `terms` order — the
   * robust sandwich when robust, otherwise the inverse information. Rows/columns of NA
   * coefficients are 0, as in R.
   */
  readonly variance: readonly (readonly number[])[];
  /** Model-based variance, R's `naive.var`; present only when `variance` is the robust one. */
  readonly naiveVariance?: readonly (readonly number[])[];
  /** Tie method used. */
  readonly ties: 'efron' | 'breslow';
  /** Whether `variance` is the robust sandwich. */
  readonly robust: boolean;
}
