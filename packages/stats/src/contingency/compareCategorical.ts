import { checkOptions, StatsInputError } from '../errors.js';
import { chiSquareTest } from './chiSquareTest.js';
import { dropEmptyMargins, expectedCounts, toRows, validateCountTable } from './countTable.js';
import { fisherExactTest } from './fisherExactTest.js';

/** Options of {@link compareCategorical}. */
export interface CompareCategoricalOptions {
  /**
   * `'auto'` (default): gtsummary's rule, Pearson's chi-square without correction when every
   * expected count is ≥ 5, otherwise Fisher's exact test. `'chisq'` / `'fisher'` force one test.
   */
  readonly test?: 'auto' | 'chisq' | 'fisher';
}

/** Result of {@link compareCategorical}. */
export interface CompareCategoricalResult {
  /** The test actually used. */
  readonly test: 'chisq' | 'fisher';
  readonly pValue: number;
  /** Pearson's X² (chi-square test only). */
  readonly statistic?: number;
  /** Degrees of freedom (chi-square test only). */
  readonly df?: number;
  /** Smallest expected count of the tested table (after empty rows/columns were dropped). */
  readonly minExpected: number;
  /** R's `method` string of the test used. */
  readonly method: string;
  /** The table actually tested: the input without its all-zero rows and columns. */
  readonly testedTable: readonly (readonly number[])[];
  /** The chosen test's warnings in R's words (a forced chi-square with small expected counts). */
  readonly warnings: readonly string[];
}

const FN = 'compareCategorical';

/**
 * Compares a categorical variable between groups (a Table 1 row): rows are the variable's levels,
 * columns the groups, or the transpose — the tests are symmetric.
 *
 * All-zero rows and columns are dropped first (a level nobody has, such as the paper's
 * "grade 1: 0 vs 0", carries no information and would make expected counts zero). With
 * `test: 'auto'` the choice follows gtsummary's `add_p()` default for categorical variables:
 * `chisq.test(correct = FALSE)` when every expected count is at least 5, else `fisher.test`.
 *
 * @throws {StatsInputError} for invalid counts (see `chiSquareTest`), fewer than 2 non-empty rows
 *   or columns, or an unknown `test`.
 * @throws {StatsLimitError} from Fisher's test on tables too large for the exact network.
 * @example
 * // R (gtsummary rule): E = chisq.test(x)$expected; if (all(E >= 5)) chisq.test(x, correct = FALSE) else fisher.test(x)
 * compareCategorical([[0, 0], [10, 25], [8, 17], [6, 30]]);
 * // { test: 'chisq', pValue: 0.3287752…, statistic: 2.2248, df: 2, minExpected: 6.25, … } (all-zero first row dropped)
 */
export function compareCategorical(
  table: number[][],
  options: CompareCategoricalOptions = {},
): CompareCategoricalResult {
  checkOptions(FN, options);
  const choice = options.test ?? 'auto';
  if (choice !== 'auto' && choice !== 'chisq' && choice !== 'fisher') {
    throw new StatsInputError(FN, `is ${String(choice)}; expected 'auto', 'chisq' or 'fisher'`, {
      field: 'options.test',
    });
  }
  const t = dropEmptyMargins(FN, validateCountTable(FN, table));
  let minExpected = Number.POSITIVE_INFINITY;
  for (const e of expectedCounts(t)) minExpected = Math.min(minExpected, e);
  const tested = toRows(t.cells, t.nRow, t.nCol);
  const test = choice === 'auto' ? (minExpected >= 5 ? 'chisq' : 'fisher') : choice;
  if (test === 'chisq') {
    const r = chiSquareTest(tested, { correct: false });
    return {
      test,
      pValue: r.pValue,
      statistic: r.statistic,
      df: r.df,
      minExpected,
      method: r.method,
      testedTable: tested,
      warnings: r.warnings,
    };
  }
  const r = fisherExactTest(tested);
  return { test, pValue: r.pValue, minExpected, method: r.method, testedTable: tested, warnings: [] };
}
