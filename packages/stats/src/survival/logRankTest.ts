import { chiSquareUpperTail } from '../distributions/chiSquare.js';
import { checkOptions, StatsInputError } from '../errors.js';
import { encodeLabels, readEvents, readTimes } from '../internal/prepare.js';
import {
  type LogRankSums,
  logRankFromCounts,
  logRankKernel,
  quadraticFormGeneralizedInverse,
} from './internal/logRankKernel.js';
import { logRankTwoGroups } from './internal/logRankTwoGroups.js';
import { collapseNearTies, newSortScratch, scanTimes, sortIntoSegments } from './internal/segments.js';
import { countTiedTimesByGroup } from './internal/tieCounts.js';

/** Right-censored data with a grouping column (and optional strata) for {@link logRankTest}. */
export interface LogRankTestData {
  /** Follow-up time, finite and ≥ 0. */
  readonly time: ArrayLike<number>;
  /** 1/true = event, 0/false = censored. */
  readonly event: ArrayLike<number | boolean>;
  /** Group compared (e.g. treatment arm); at least two distinct values. */
  readonly group: ArrayLike<string | number>;
  /** Optional strata, as `strata()` in the `survdiff` formula: risk sets are formed within each stratum. */
  readonly strata?: ArrayLike<string | number>;
}

/** Options of {@link logRankTest}. */
export interface LogRankTestOptions {
  /**
   * Fleming–Harrington G^rho weight S(t−)^rho (R's `rho`): 0 (default) is the log-rank test,
   * 1 the Peto–Peto modification of the Gehan–Wilcoxon test.
   */
  readonly rho?: number;
}

/** One group's row of R's `survdiff` table. */
export interface LogRankGroup {
  /** `String(value)` of the group column. */
  readonly group: string;
  /** Number of rows in the group (R's `N`). */
  readonly n: number;
  /** Observed events, weighted by S(t−)^rho when rho ≠ 0 (R's `obs`, summed over strata). */
  readonly observed: number;
  /** Expected events under the null, weighted likewise (R's `exp`, summed over strata). */
  readonly expected: number;
}

/** Result of {@link logRankTest}; names mirror R's `survdiff` object. */
export interface LogRankTestResult {
  /** Chi-square statistic (R's `chisq`); 0 when fewer than two groups have expected events. */
  readonly statistic: number;
  /** Degrees of freedom: the number of groups with expected events > 0, minus 1 (as `print.survdiff`). */
  readonly df: number;
  /** Upper-tail chi-square probability (R's `pvalue`); NaN where R gives NaN (no events at all). */
  readonly pValue: number;
  /** Groups in R's factor-level order. */
  readonly groups: readonly LogRankGroup[];
  /** Covariance matrix of observed − expected, groups × groups (R's `var`). */
  readonly variance: readonly (readonly number[])[];
  readonly rho: number;
  /** Numerical trouble that still gave an answer, in R's words. */
  readonly warnings: readonly string[];
}

const FN = 'logRankTest';

/**
 * The log-rank test and the Fleming–Harrington G^rho family for k groups, optionally stratified,
 * matching R 4.2.2 / survival 3.5-3
 * `survdiff(Surv(time, event) ~ group + strata(strata), rho = rho)`.
 *
 * As `survdiff`: near-tied times are merged first (`timefix = TRUE`); at each distinct time within
 * each stratum the deaths are compared with their expectation given the numbers at risk, weighted by
 * the stratum's pooled left-continuous Kaplan–Meier estimate to the power rho; groups whose expected
 * count is 0 leave the test (and its degrees of freedom); the statistic is (O − E)ᵀ V⁻ (O − E) over
 * all groups but the first remaining one, on (groups remaining − 1) df. V⁻ is a generalized inverse,
 * which equals R's `solve` when V is non-singular and still answers where R's `solve` would stop.
 *
 * A group with no events, or data with no events at all, give R's answers (the latter: statistic 0,
 * df −1, p NaN, with R's warning) instead of throwing.
 *
 * @param data - `{ time, event, group, strata? }` of equal length; plain or typed arrays.
 * @param options - `{ rho = 0 }`.
 * @throws {StatsInputError} for empty data, a length mismatch, a negative/NaN/infinite time, an event
 *   that is not 0/1/boolean, a group or stratum label that is not a string or finite number, a single
 *   group (R: "There is only 1 group"), or a non-finite rho.
 * @example
 * // R: survdiff(Surv(time, status) ~ x, data = aml)  # Chisq = 3.4 on 1 df, p = 0.07
 * const lr = logRankTest({ time: aml.time, event: aml.status, group: aml.x });
 * lr.statistic; // 3.39638869897…
 * lr.pValue; // 0.06533932204…
 * lr.groups[0]; // { group: 'Maintained', n: 11, observed: 7, expected: 10.689… }
 */
export function logRankTest(data: LogRankTestData, options?: LogRankTestOptions): LogRankTestResult {
  checkOptions(FN, options);
  const rho = options?.rho ?? 0;
  if (typeof rho !== 'number' || !Number.isFinite(rho)) {
    throw new StatsInputError(FN, `rho is ${String(rho)}; expected a finite number`, {
      field: 'options.rho',
    });
  }
  const time = readTimes(FN, data?.time);
  const n = time.length;
  const work = newSortScratch(n);
  const event = readEvents(FN, data.event, n, work.events);
  const group = encodeLabels(FN, 'group', data.group, n, work.codes);
  const nGroup = group.levels.length;
  if (nGroup < 2) {
    throw new StatsInputError(FN, `there is only 1 group (${group.levels[0]}); nothing to compare`, {
      field: 'group',
    });
  }
  let curve = group.codes;
  let nStrata = 1;
  if (data.strata !== undefined) {
    const strata = encodeLabels(FN, 'strata', data.strata, n);
    nStrata = strata.levels.length;
    curve = new Uint32Array(n);
    for (let i = 0; i < n; i++) curve[i] = strata.codes[i]! * nGroup + group.codes[i]!;
  }
  const { observed, expected, variance } = logRankSums(
    time,
    event,
    curve,
    nStrata,
    nGroup,
    rho,
    work.scratch,
  );
  return finishTest(group.levels, group.counts, observed, expected, variance, rho);
}

/**
 * The sums of `survdiff.fit` by the cheapest route that gives them bit for bit: without strata,
 * per-time counts from a hash table when the data are tie-heavy (no sort of the rows); otherwise
 * the rows sorted into segments, then the two-group walk or the general kernel.
 */
function logRankSums(
  time: Float64Array,
  event: Uint8Array,
  curve: Uint32Array,
  nStrata: number,
  nGroup: number,
  rho: number,
  scratch: Float64Array,
): LogRankSums {
  const tied = nStrata === 1 ? countTiedTimesByGroup(time, event, curve, nGroup) : undefined;
  if (tied !== undefined) return logRankFromCounts(tied, nGroup, rho);
  const segments = sortIntoSegments(time, event, curve, nStrata * nGroup, undefined, scratch);
  if (nStrata === 1 && nGroup === 2) return logRankTwoGroups(segments, scanTimes(segments), rho);
  collapseNearTies(segments);
  return logRankKernel(segments, nStrata, nGroup, rho);
}

/** R's `survdiff` after `survdiff.fit`: drop groups with no expected events, then the quadratic form. */
function finishTest(
  levels: readonly string[],
  counts: Float64Array,
  observed: Float64Array,
  expected: Float64Array,
  variance: Float64Array,
  rho: number,
): LogRankTestResult {
  const nGroup = levels.length;
  const kept: number[] = [];
  for (let g = 0; g < nGroup; g++) if (expected[g]! > 0) kept.push(g);
  const warnings: string[] = [];
  let statistic = 0;
  if (kept.length >= 2) {
    const rest = kept.slice(1);
    const m = rest.length;
    const b = new Float64Array(m);
    const v = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      b[i] = observed[rest[i]!]! - expected[rest[i]!]!;
      for (let j = 0; j < m; j++) v[i * m + j] = variance[rest[i]! * nGroup + rest[j]!]!;
    }
    const q = quadraticFormGeneralizedInverse(v, b, m);
    statistic = q.value;
    if (q.singular) warnings.push('variance matrix is singular; a generalized inverse was used');
  }
  const df = kept.length - 1;
  let pValue: number;
  if (df < 0) {
    pValue = Number.NaN;
    warnings.push('In pchisq(chi, df, lower.tail = FALSE) : NaNs produced (there are no events)');
  } else {
    pValue = chiSquareUpperTail(statistic, df);
  }
  const rows: number[][] = [];
  for (let j = 0; j < nGroup; j++) rows.push(Array.from(variance.subarray(j * nGroup, (j + 1) * nGroup)));
  return {
    statistic,
    df,
    pValue,
    groups: levels.map((group, g) => ({
      group,
      n: counts[g]!,
      observed: observed[g]!,
      expected: expected[g]!,
    })),
    variance: rows,
    rho,
    warnings,
  };
}
