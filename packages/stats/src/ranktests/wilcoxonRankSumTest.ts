import { normalTwoSidedP } from '../distributions/normal.js';
import { checkOptions, StatsLimitError } from '../errors.js';
import { midRanks, pooledSample } from './ranks.js';
import { wilcoxonCounts, wilcoxonCountsWork, wilcoxonTail } from './wilcoxonDistribution.js';

/** Options of {@link wilcoxonRankSumTest}, as `wilcox.test(exact = , correct = )`. */
export interface WilcoxonRankSumTestOptions {
  /**
   * Exact p-value from the null distribution of W. Default (R's `exact = NULL`): exact when both
   * samples have fewer than 50 observations. Ties always force the normal approximation, with R's warning.
   */
  readonly exact?: boolean;
  /** Continuity correction of the normal approximation. Default `true`, as in R. */
  readonly correct?: boolean;
}

/** Result of {@link wilcoxonRankSumTest}; names mirror R's `htest` object. */
export interface WilcoxonRankSumTestResult {
  /** W = (sum of the ranks of `x`) − n_x(n_x + 1)/2, R's `statistic` (the Mann–Whitney U of x). */
  readonly statistic: number;
  /** Two-sided p-value (`p.value`). */
  readonly pValue: number;
  /** Whether the exact distribution was used. */
  readonly exact: boolean;
  /** R's `method`, e.g. `"Wilcoxon rank sum exact test"`. */
  readonly method: string;
  /** R's warnings, e.g. `"cannot compute exact p-value with ties"`. */
  readonly warnings: readonly string[];
}

const FN = 'wilcoxonRankSumTest';
/** Memory bound of the exact distribution (numbers held at once, 8 bytes each): 400 MB. */
const MAX_EXACT_WORK = 50_000_000;

/**
 * Two-sample Wilcoxon rank-sum (Mann–Whitney) test, two-sided, matching R 4.2.2
 * `wilcox.test(x, y)` (`mu = 0`, `paired = FALSE`).
 *
 * R's rules: the exact null distribution is used when both samples have fewer than 50
 * observations and there are no ties; otherwise the normal approximation with mid-ranks, the
 * tie-corrected variance n_x·n_y/12·((N + 1) − Σ(t³ − t)/(N(N − 1))) and a continuity correction
 * of 0.5 towards the mean. The exact two-sided p doubles the smaller tail, as R does
 * (`min(2 * p, 1)`).
 *
 * @param x - first sample (finite numbers; remove missing values first).
 * @param y - second sample.
 * @throws {StatsInputError} for an empty sample or a non-finite value (naming the sample and index).
 * @throws {StatsLimitError} when `exact: true` is forced on samples so large that the exact
 *   distribution would need more than 5·10⁷ numbers (e.g. two samples of 470).
 * @example
 * // R: wilcox.test(c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30), c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29))
 * wilcoxonRankSumTest([1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
 *   [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]); // W = 58, p = 0.1329 (normal approximation: ties in y)
 */
export function wilcoxonRankSumTest(
  x: readonly number[],
  y: readonly number[],
  options: WilcoxonRankSumTestOptions = {},
): WilcoxonRankSumTestResult {
  checkOptions(FN, options);
  const pooled = pooledSample(FN, [x, y], ['x', 'y']);
  const nx = x.length;
  const ny = y.length;
  const { ranks, tieSum, hasTies } = midRanks(pooled);
  let rankSumX = 0;
  for (let i = 0; i < nx; i++) rankSumX += ranks[i]!;
  const statistic = rankSumX - (nx * (nx + 1)) / 2;
  const wantExact = options.exact ?? (nx < 50 && ny < 50);
  const correct = options.correct ?? true;
  const warnings: string[] = [];

  if (wantExact && !hasTies) {
    if (wilcoxonCountsWork(nx, ny) > MAX_EXACT_WORK) {
      throw new StatsLimitError(
        FN,
        `maxExactWork = ${MAX_EXACT_WORK}`,
        `the exact distribution for n = ${nx} and ${ny} would need ~${Math.round(wilcoxonCountsWork(nx, ny))} numbers; use exact: false`,
      );
    }
    const counts = wilcoxonCounts(nx, ny);
    const p =
      statistic > (nx * ny) / 2
        ? wilcoxonTail(counts, statistic - 1, true)
        : wilcoxonTail(counts, statistic, false);
    return {
      statistic,
      pValue: Math.min(2 * p, 1),
      exact: true,
      method: 'Wilcoxon rank sum exact test',
      warnings,
    };
  }

  const n = nx + ny;
  let z = statistic - (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieSum / (n * (n - 1))));
  const correction = correct ? Math.sign(z) * 0.5 : 0;
  z = (z - correction) / sigma;
  // R: 2 * min(pnorm(z), pnorm(z, lower.tail = FALSE)), which is the two-sided normal p.
  const pValue = normalTwoSidedP(z);
  if (wantExact && hasTies) warnings.push('cannot compute exact p-value with ties');
  return {
    statistic,
    pValue,
    exact: false,
    method: correct ? 'Wilcoxon rank sum test with continuity correction' : 'Wilcoxon rank sum test',
    warnings,
  };
}
