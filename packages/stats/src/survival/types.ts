import type { ConfType } from './internal/confint.js';

export type { ConfType } from './internal/confint.js';

/**
 * Per-row counts of a curve (`nRisk`, `nEvent`, `nCensor`): without case weights whole numbers in
 * an unsigned integer array — `Uint32Array`, or `Uint8Array` for the event and censoring counts of
 * `kaplanMeier` on mostly-distinct times when every count is at most 255 — and a `Float64Array` of
 * weighted counts with them. At 2·10⁶ distinct times the three columns take 12 MB instead of
 * 47 MB, whose first writes are most of a call's cost on small VMs. Either way `counts[k]` is the
 * number R reports; code that needs one array type copies (`Float64Array.from(fit.nEvent)`).
 */
export type CountArray = Float64Array | Uint32Array | Uint8Array;

/** Options of {@link kaplanMeier} and {@link kaplanMeierByGroup}, as `survfit(conf.type =, conf.int =)`. */
export interface KaplanMeierOptions {
  /** Transformation for the pointwise confidence limits. Default `'log'`, R's default. */
  readonly confType?: ConfType;
  /** Confidence level of the limits (R's `conf.int`). Default 0.95. */
  readonly confLevel?: number;
}

/** A quantile (such as the median) of a survival curve with its confidence limits; `null` is R's NA. */
export interface SurvivalQuantile {
  /** The probability p of `quantile.survfit(fit, probs = p)`: the time by which a fraction p has had the event. */
  readonly p: number;
  /** `null` when the curve never reaches 1 − p (e.g. an unreached median). */
  readonly estimate: number | null;
  /** Same rule applied to the lower confidence curve; `null` when not reached. */
  readonly lower: number | null;
  /** Same rule applied to the upper confidence curve; `null` when not reached (the paper's "NA"). */
  readonly upper: number | null;
}

/** The curve read at chosen times, as `summary(fit, times = times, extend = TRUE)`; one entry per requested time. */
export interface SurvivalAtTimes {
  /** The requested times, in the order given. */
  readonly time: Float64Array;
  /** Number at risk at each time: rows whose time is ≥ t (0 after the last time). */
  readonly nRisk: Float64Array;
  /** S(t): the curve's value at the last row time ≤ t (1 before the first). */
  readonly survival: Float64Array;
  /** Standard error of S(t); NaN where R gives NA/NaN. */
  readonly stdErr: Float64Array;
  /** Lower confidence limit; NaN where R gives NA. */
  readonly lower: Float64Array;
  /** Upper confidence limit; NaN where R gives NA. */
  readonly upper: Float64Array;
}

/** Restricted mean survival time up to `tau`, as `print(fit, rmean = tau)` (columns `rmean`, `se(rmean)`). */
export interface RestrictedMean {
  readonly tau: number;
  /** Area under the curve from 0 to tau. */
  readonly estimate: number;
  /** Its standard error (R's `se(rmean)`). */
  readonly stdErr: number;
}

/**
 * A Kaplan–Meier curve, shaped like R's `survfit` object: one row per distinct observed time
 * (event or censoring), columns as typed arrays of equal length.
 *
 * Per-row arrays are typed arrays (`Float64Array`s; the counts {@link CountArray}s), which cannot
 * hold `null`: **NaN marks R's NA** there (for instance the `log` limits where S(t) = 0). Scalar summaries (`median`, `quantile()`) use `null`.
 * The curve is read at other times through the function-valued properties, which close over the
 * arrays (the object is otherwise plain data and never changes).
 */
export interface KaplanMeierResult {
  /** Number of observations (rows) used (R's `n`). */
  readonly n: number;
  /** Total (weighted) number of events. */
  readonly events: number;
  /** Distinct times, ascending (R's `time`). */
  readonly time: Float64Array;
  /** Number at risk at each time (weighted; R's `n.risk`); see {@link CountArray}. */
  readonly nRisk: CountArray;
  /** Events at each time (weighted; R's `n.event`); see {@link CountArray}. */
  readonly nEvent: CountArray;
  /** Censorings at each time (weighted; R's `n.censor`); see {@link CountArray}. */
  readonly nCensor: CountArray;
  /** Kaplan–Meier estimate S(t) (R's `surv`). */
  readonly survival: Float64Array;
  /**
   * Standard error of S(t) — `summary(fit)$std.err`: Greenwood's, or the infinitesimal-jackknife one
   * when some case weight is non-integer. NaN where S(t) = 0 under Greenwood (R: NaN).
   */
  readonly stdErr: Float64Array;
  /** Lower pointwise confidence limit (R's `lower`); NaN where R gives NA. */
  readonly lower: Float64Array;
  /** Upper pointwise confidence limit (R's `upper`); NaN where R gives NA. */
  readonly upper: Float64Array;
  /**
   * Median survival with its confidence limits as `print(fit)` shows them (`summary(fit)$table`:
   * `median`, `0.95LCL`, `0.95UCL`); `null` is R's NA, e.g. an unreached upper limit. This is R's
   * printed rule (survmean), which can differ from `quantile(0.5)` (quantile.survfit) where a curve ends
   * on a flat stretch exactly at 0.5 or a confidence limit is non-monotone.
   */
  readonly median: SurvivalQuantile;
  readonly confType: ConfType;
  readonly confLevel: number;
  /** `'greenwood'`, or `'robust'` (infinitesimal jackknife) when some case weight is non-integer, as R chooses. */
  readonly variance: 'greenwood' | 'robust';
  /**
   * S(t) with its standard error, confidence limits and number at risk at each requested time, as
   * `summary(fit, times = times, extend = TRUE)` (results in the order given, not sorted).
   * @throws {StatsInputError} for a negative, NaN or infinite time.
   */
  readonly survivalAt: (times: ArrayLike<number>) => SurvivalAtTimes;
  /**
   * Number at risk at each requested time, for the risk table under a plot — the `n.risk` of
   * `summary(fit, times = times, extend = TRUE)`, as survminer shows.
   * @throws {StatsInputError} for a negative, NaN or infinite time.
   */
  readonly numberAtRisk: (times: ArrayLike<number>) => Float64Array;
  /**
   * The p-th quantile with confidence limits, as `quantile(fit, probs = p)`: the first time S(t) ≤ 1 − p,
   * or the midpoint of a flat stretch lying exactly on 1 − p.
   * @throws {StatsInputError} unless 0 ≤ p ≤ 1.
   */
  readonly quantile: (p: number) => SurvivalQuantile;
  /**
   * Restricted mean survival time up to `tau` with its standard error, as `print(fit, rmean = tau)`
   * (survmean: the area under the curve by rectangles; SE from Σ (area beyond t)² · d / (n (n − d))).
   * For tau before the first time R's print stops; this returns survmean's own answer (tau, SE 0).
   * @throws {StatsInputError} for a negative, NaN or infinite tau.
   */
  readonly rmst: (tau: number) => RestrictedMean;
}

/** One group's curve from {@link kaplanMeierByGroup}. */
export interface KaplanMeierGroupCurve extends KaplanMeierResult {
  /** The group label, `String(value)` of the group column. */
  readonly group: string;
}

/** Result of {@link kaplanMeierByGroup}: one curve per group, in R's factor-level order. */
export interface KaplanMeierByGroupResult {
  readonly curves: readonly KaplanMeierGroupCurve[];
}
