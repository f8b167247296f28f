import gammaln from '@stdlib/math-base-special-gammaln';
import { StatsInputError } from '../errors.js';
import { dropEmptyMargins, validateCountTable } from './countTable.js';
import { rcont2 } from './rcont2.js';
import { rUniformStream } from './rUniformStream.js';

/** Options of {@link fisherMonteCarloTest}. */
export interface FisherMonteCarloOptions {
  /** Number of simulated tables (R's `B`); default 2000 as in R. */
  readonly B?: number;
  /** The integer given to R's `set.seed` before the call. */
  readonly seed: number;
}

/** Result of {@link fisherMonteCarloTest}; names mirror R's `htest` object. */
export interface FisherMonteCarloTestResult {
  /** Monte Carlo p-value, `(1 + #{simulated tables at most as probable}) / (B + 1)`. */
  readonly pValue: number;
  /** Monte Carlo standard error of the p-value, √(p(1 − p)/B). */
  readonly stdErr: number;
  /** Simulated tables. */
  readonly B: number;
  /** Seed of R's default generator (Mersenne-Twister) the tables were drawn with. */
  readonly seed: number;
  /** R's `method`, e.g. `"Fisher's Exact Test for Count Data with simulated p-value\n\t (based on 2000 replicates)"`. */
  readonly method: string;
}

const FN = 'fisherMonteCarloTest';

/** R's `almost.1 = 1 + 64 * .Machine$double.eps`: simulated statistics within rounding of the observed one count. */
const ALMOST_1 = 1 + 64 * Number.EPSILON;

/** Largest table total: the log-factorial table (8 bytes per count) stays below 80 MB, as for the exact test. */
const MAX_TOTAL = 10_000_000;

/**
 * Fisher's test of independence for an r×c table with a Monte Carlo p-value, equal (same seed,
 * same B) to R 4.2.2's
 * `set.seed(seed); fisher.test(x, simulate.p.value = TRUE, B = B)$p.value` for tables larger than 2×2.
 *
 * As in R's `fisher.test`: all-zero rows and columns are dropped; B tables with the observed
 * margins are drawn by Patefield's algorithm (`rcont2`, R's `Fisher_sim` in chisqsim.c) from R's
 * default uniform stream after `set.seed(seed)`; the statistic is −Σ log x_ij! (larger means less
 * probable, the margins' terms being common); and p = (1 + #{T_sim ≤ T_obs / almost.1}) / (B + 1).
 * R ignores `simulate.p.value` for a 2×2 table given as such and returns the exact p-value; this
 * function simulates it all the same (its p-value equals R's `Fisher_sim` used with R's rule).
 *
 * @param table - counts as an array of rows.
 * @throws {StatsInputError} for invalid counts (see `fisherExactTest`), fewer than 2 non-empty rows
 *   or columns, B not a positive integer ≤ 10⁸, an invalid seed, or a total above 10⁷.
 * @example
 * // R: set.seed(1); fisher.test(matrix(c(3, 1, 0, 2, 4, 5), 2), simulate.p.value = TRUE, B = 2000)$p.value
 * fisherMonteCarloTest([[3, 0, 4], [1, 2, 5]], { B: 2000, seed: 1 }).pValue;
 */
export function fisherMonteCarloTest(
  table: readonly (readonly number[])[],
  options: FisherMonteCarloOptions,
): FisherMonteCarloTestResult {
  const B = options.B ?? 2000;
  if (!Number.isInteger(B) || B < 1 || B > 1e8) {
    throw new StatsInputError(FN, `B is ${String(B)}; expected an integer from 1 to 1e8`, {
      field: 'options.B',
    });
  }
  const unifRand = rUniformStream(options.seed);
  const t = dropEmptyMargins(FN, validateCountTable(FN, table));
  if (t.total > MAX_TOTAL) {
    throw new StatsInputError(FN, `total ${t.total} exceeds ${MAX_TOTAL}; use the chi-square test`, {
      field: 'table',
    });
  }
  let statistic = 0;
  for (const x of t.cells) statistic -= gammaln(x + 1);
  const simulated = simulateStatistics(t.rowSums, t.colSums, t.total, B, unifRand);
  const threshold = statistic / ALMOST_1;
  let atMostAsProbable = 0;
  for (const s of simulated) if (s <= threshold) atMostAsProbable++;
  const pValue = (1 + atMostAsProbable) / (B + 1);
  return {
    pValue,
    stdErr: Math.sqrt((pValue * (1 - pValue)) / B),
    B,
    seed: options.seed,
    method: `Fisher's Exact Test for Count Data with simulated p-value\n\t (based on ${B} replicates)`,
  };
}

/** R's `fisher_sim`: B random tables, each reduced to −Σ log x_ij! with the running-sum log factorials. */
function simulateStatistics(
  rowSums: Float64Array,
  colSums: Float64Array,
  total: number,
  B: number,
  unifRand: () => number,
): Float64Array {
  const logFact = new Float64Array(total + 1);
  for (let i = 2; i <= total; i++) logFact[i] = logFact[i - 1]! + Math.log(i);
  const r = Int32Array.from(rowSums);
  const c = Int32Array.from(colSums);
  const jwork = new Int32Array(c.length);
  const matrix = new Int32Array(r.length * c.length);
  const results = new Float64Array(B);
  for (let iter = 0; iter < B; iter++) {
    rcont2(r, c, total, logFact, unifRand, jwork, matrix);
    let ans = 0;
    // Column-major, as fisher_sim sums: the order of additions is R's.
    for (let k = 0; k < matrix.length; k++) ans -= logFact[matrix[k]!]!;
    results[iter] = ans;
  }
  return results;
}
