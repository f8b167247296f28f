import { chiSquareUpperTail } from '../distributions/chiSquare.js';
import { StatsInputError } from '../errors.js';
import { midRanks, pooledSample } from './ranks.js';

/** Result of {@link kruskalWallisTest}; names mirror R's `htest` object. */
export interface KruskalWallisTestResult {
  /** Tie-corrected Kruskal–Wallis H (`statistic`, "Kruskal-Wallis chi-squared"). */
  readonly statistic: number;
  /** Number of groups − 1 (`parameter`). */
  readonly df: number;
  /** Chi-square upper tail of H (`p.value`). */
  readonly pValue: number;
  /** R's `method`: `"Kruskal-Wallis rank sum test"`. */
  readonly method: string;
}

const FN = 'kruskalWallisTest';

/**
 * Kruskal–Wallis rank-sum test that several samples come from the same distribution, matching
 * R 4.2.2 `kruskal.test(list(g1, g2, ...))`.
 *
 * H = (12 / (N(N + 1)) · Σ R_g² / n_g − 3(N + 1)) / (1 − Σ(t³ − t) / (N³ − N)) with mid-ranks,
 * referred to a chi-square distribution on (groups − 1) degrees of freedom.
 *
 * @param samples - one array of finite numbers per group (at least 2 groups, none empty).
 * @throws {StatsInputError} for fewer than 2 groups, an empty group, a non-finite value, or when
 *   every observation is tied (H is undefined; R returns NaN).
 * @example
 * // R: kruskal.test(list(c(2.9, 3.0, 2.5, 2.6, 3.2), c(3.8, 2.7, 4.0, 2.4), c(2.8, 3.4, 3.7, 2.2, 2.0)))
 * kruskalWallisTest([[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]]);
 * // statistic 0.7714, df 2, pValue 0.68
 */
export function kruskalWallisTest(samples: readonly (readonly number[])[]): KruskalWallisTestResult {
  if (!Array.isArray(samples) || samples.length < 2) {
    throw new StatsInputError(FN, 'needs at least 2 groups', { field: 'samples' });
  }
  const names = samples.map((_, g) => `samples[${g}]`);
  const pooled = pooledSample(FN, samples, names);
  const n = pooled.length;
  const { ranks, tieSum } = midRanks(pooled);
  if (tieSum === n * n * n - n) {
    throw new StatsInputError(FN, 'all observations are tied, so the statistic is undefined', {
      field: 'samples',
    });
  }
  let between = 0;
  let k = 0;
  for (const s of samples) {
    let rankSum = 0;
    for (let i = 0; i < s.length; i++) rankSum += ranks[k++]!;
    between += (rankSum * rankSum) / s.length;
  }
  const statistic = ((12 * between) / (n * (n + 1)) - 3 * (n + 1)) / (1 - tieSum / (n * n * n - n));
  const df = samples.length - 1;
  return { statistic, df, pValue: chiSquareUpperTail(statistic, df), method: 'Kruskal-Wallis rank sum test' };
}
