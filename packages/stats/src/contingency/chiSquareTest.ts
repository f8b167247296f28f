import { chiSquareUpperTail } from '../distributions/chiSquare.js';
import { checkOptions, StatsInputError } from '../errors.js';
import { type CountTable, expectedCounts, toRows, validateCountTable } from './countTable.js';

/** Options of {@link chiSquareTest}. */
export interface ChiSquareTestOptions {
  /**
   * Yates' continuity correction for 2×2 tables (ignored for larger tables), as `chisq.test(correct = )`.
   * Default `true`, R's default.
   */
  readonly correct?: boolean;
}

/** Result of {@link chiSquareTest}; names mirror R's `htest` object. */
export interface ChiSquareTestResult {
  /** Pearson's X² (`statistic`), Yates-corrected when the correction was applied. */
  readonly statistic: number;
  /** Degrees of freedom (r − 1)(c − 1) (`parameter`). */
  readonly df: number;
  /** Upper-tail chi-square probability of `statistic` (`p.value`). */
  readonly pValue: number;
  /** Expected counts under independence, rows × columns (`expected`). */
  readonly expected: readonly (readonly number[])[];
  /** R's `method` string, e.g. `"Pearson's Chi-squared test with Yates' continuity correction"`. */
  readonly method: string;
  /** R's warning when it applies: `"Chi-squared approximation may be incorrect"` (some expected count < 5). */
  readonly warnings: readonly string[];
}

const FN = 'chiSquareTest';

/**
 * Pearson's chi-squared test of independence for an r×c table of counts, matching R 4.2.2
 * `chisq.test(x, correct = TRUE)` for a matrix `x`.
 *
 * Yates' correction is applied only to 2×2 tables, and like R it subtracts
 * `min(0.5, min |O − E|)` over all cells (so it never over-corrects a cell already within 0.5
 * of its expectation); the method string gains R's suffix only when that amount is positive.
 * The p-value is the chi-square upper tail computed directly (no `1 − P` cancellation).
 *
 * A row or column whose counts are all zero has expected count 0 and makes Pearson's statistic
 * undefined (R returns `NaN`); it is rejected here. `compareCategorical` drops such margins first.
 *
 * @param table - counts as an array of rows, e.g. `[[a, b], [c, d]]`.
 * @param options - `{ correct }` (default `true`, as in R).
 * @throws {StatsInputError} for ragged rows, negative, non-integer or non-finite counts, fewer
 *   than 2 rows/columns, an all-zero table, or an all-zero row/column.
 * @example
 * // R: chisq.test(matrix(c(13, 11, 33, 39), 2), correct = FALSE)  # X-squared = 0.50087, p = 0.4791
 * chiSquareTest([[13, 33], [11, 39]], { correct: false }).pValue; // 0.4791…
 */
export function chiSquareTest(table: number[][], options: ChiSquareTestOptions = {}): ChiSquareTestResult {
  checkOptions(FN, options);
  const t = validateCountTable(FN, table);
  rejectEmptyMargins(t);
  const correct = options.correct ?? true;
  const expected = expectedCounts(t);
  const yatesApplies = correct && t.nRow === 2 && t.nCol === 2;
  let yates = 0;
  if (yatesApplies) {
    // R: YATES <- min(0.5, abs(x - E)) — a single amount for all four cells.
    yates = 0.5;
    for (let k = 0; k < 4; k++) yates = Math.min(yates, Math.abs(t.cells[k]! - expected[k]!));
  }
  const statistic = pearsonStatistic(t.cells, expected, yates);
  const df = (t.nRow - 1) * (t.nCol - 1);
  let minExpected = Number.POSITIVE_INFINITY;
  for (const e of expected) minExpected = Math.min(minExpected, e);
  return {
    statistic,
    df,
    pValue: chiSquareUpperTail(statistic, df),
    expected: toRows(expected, t.nRow, t.nCol),
    method:
      yates > 0
        ? "Pearson's Chi-squared test with Yates' continuity correction"
        : "Pearson's Chi-squared test",
    warnings: minExpected < 5 ? ['Chi-squared approximation may be incorrect'] : [],
  };
}

/**
 * Σ (|O − E| − yates)² / E over all cells.
 * Preconditions: equal lengths, every E > 0, 0 ≤ yates ≤ 0.5.
 */
function pearsonStatistic(observed: Float64Array, expected: Float64Array, yates: number): number {
  let s = 0;
  for (let k = 0; k < observed.length; k++) {
    const d = Math.abs(observed[k]! - expected[k]!) - yates;
    s += (d * d) / expected[k]!;
  }
  return s;
}

function rejectEmptyMargins(t: CountTable): void {
  for (let i = 0; i < t.nRow; i++) {
    if (t.rowSums[i] === 0) {
      throw new StatsInputError(
        FN,
        `row ${i} is all zero, so its expected counts are 0 and Pearson's statistic is undefined; drop it (compareCategorical does)`,
        { field: 'table' },
      );
    }
  }
  for (let j = 0; j < t.nCol; j++) {
    if (t.colSums[j] === 0) {
      throw new StatsInputError(
        FN,
        `column ${j} is all zero, so its expected counts are 0 and Pearson's statistic is undefined; drop it (compareCategorical does)`,
        { field: 'table' },
      );
    }
  }
}
