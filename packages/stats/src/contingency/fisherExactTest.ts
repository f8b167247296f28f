import gammaln from '@stdlib/math-base-special-gammaln';
import { StatsLimitError } from '../errors.js';
import { type CountTable, dropEmptyMargins, validateCountTable } from './countTable.js';
import { fisherNetworkPValue, NetworkBudgetExceeded } from './internal/fisherNetwork.js';

/** Result of {@link fisherExactTest}; names mirror R's `htest` object. */
export interface FisherExactTestResult {
  /** Two-sided exact p-value (`p.value`). */
  readonly pValue: number;
  /** R's `method`: `"Fisher's Exact Test for Count Data"`. */
  readonly method: string;
}

const FN = 'fisherExactTest';

/**
 * Work budget of the r×c network algorithm: arcs (column choices), carried paths and listed
 * completions. 6·10⁷ units take about 3–15 s of CPU depending on the table's shape (R's FEXACT
 * needs about as long on the tables that come near it); beyond it the test throws instead of
 * running for minutes. A table whose first column alone has more than a quarter of this many
 * fillings is refused at once. (For scale: 4×4 with n = 100 needs ~2·10⁶ units, 3×6 with n = 150
 * 4–6·10⁶.)
 */
const MAX_WORK = 60_000_000;
/** Distinct network nodes held in memory at once (each a few hundred bytes). */
const MAX_NODES = 2_000_000;
/** Completion values held in sorted lists at once (16 bytes each: 128 MB). */
const MAX_LISTED = 8_000_000;
/** Largest table total: the log-factorial table or 2×2 support (8 bytes per count) stays below 80 MB. */
const MAX_TOTAL = 10_000_000;

/**
 * FEXACT's hash-key range (R's fexact.c, f2xact): a node's key is its remaining row sums in mixed
 * radix, so ∏(r_i + 1) over the smaller dimension's margins must not exceed INT_MAX; beyond it R
 * stops at once with FEXACT error 5/501 ("the largest key is larger than the largest representable
 * int"). Such tables (large n, e.g. a Table 1 row of a 10⁶-patient cohort) are refused here too,
 * before any network work, so that callers reach a Monte Carlo p-value without waiting seconds.
 */
const MAX_KEY = 2 ** 31 - 1;

/** R's `relErr` in `fisher.test` for 2×2 tables: tables within 1e-7 of P(observed) count as ties. */
const RELATIVE_TIE_2X2 = 1 + 1e-7;
/** FEXACT's TOL for r×c tables, added to log P(observed): "the square root of the smallest relative spacing". */
const LOG_TIE_RXC = 3.45254e-7;

/**
 * Fisher's exact test of independence for an r×c table of counts, two-sided, matching R 4.2.2
 * `fisher.test(x)$p.value` for a matrix `x`.
 *
 * The p-value is the total probability, under independence with both margins fixed, of every
 * table at most as probable as the observed one. Like R, "at most" allows for rounding: for 2×2
 * tables a table counts when P ≤ P(observed)·(1 + 1e-7) (R's `relErr`); for larger tables when
 * log P ≤ log P(observed) + 3.45254e-7 (FEXACT's `TOL`).
 *
 * 2×2 tables sum the hypergeometric support directly, as R does. Larger tables use the network
 * algorithm of Mehta & Patel (1983) with exact longest/shortest-path bounds (see `fisherNetwork.ts`),
 * exact in log-space arithmetic. All-zero rows and columns are dropped first; they do not change
 * the p-value.
 *
 * @param table - counts as an array of rows.
 * @throws {StatsInputError} for ragged rows, negative, non-integer or non-finite counts, or fewer
 *   than 2 non-empty rows or columns.
 * @throws {StatsLimitError} when ∏(margin + 1) over the smaller dimension exceeds 2^31 − 1 (where
 *   R's FEXACT stops with error 5; thrown at once), when the network exceeds its work budget (6·10⁷ arcs, carried paths
 *   and listed completions, about 3–15 s of CPU; at once when the first column alone has more than
 *   1.5·10⁷ fillings) or 2·10⁶ nodes, or the total exceeds 10⁷; the message names the limit. Such
 *   tables need a Monte Carlo p-value (or, for huge n, the chi-square test).
 * @example
 * // R: fisher.test(matrix(c(24, 0, 0, 68, 3, 1), 2, byrow = TRUE))$p.value  # 0.6768414
 * fisherExactTest([[24, 0, 0], [68, 3, 1]]).pValue; // 0.6768413827…
 */
export function fisherExactTest(table: number[][]): FisherExactTestResult {
  const given = validateCountTable(FN, table);
  const t = dropEmptyMargins(FN, given);
  let pValue: number;
  if (t.total > MAX_TOTAL) {
    throw new StatsLimitError(
      FN,
      `maxTotal = ${MAX_TOTAL}`,
      `n = ${t.total} is too large for an exact test held in memory; use the chi-square test`,
    );
  }
  // R chooses its 2×2 branch (and tie rule) on the table as given, before any margin is dropped.
  if (given.nRow === 2 && given.nCol === 2) {
    pValue = fisher2x2(t);
  } else {
    const keyRange = fexactKeyRange(given);
    if (keyRange > MAX_KEY) {
      throw new StatsLimitError(
        FN,
        `maxKey = ${MAX_KEY}`,
        `the exact network for this ${t.nRow}×${t.nCol} table with n = ${t.total} needs ${keyRange.toPrecision(3)} ` +
          "keys (R's FEXACT stops here too, error 5); use a Monte Carlo p-value",
      );
    }
    const lf = logFactorials(t.total);
    const logPObserved = logTableProbability(t, lf);
    // The smaller dimension becomes the rows: nodes are multisets of remaining row sums.
    const transpose = t.nRow > t.nCol;
    const rowSums = Int32Array.from(transpose ? t.colSums : t.rowSums);
    const colSums = Int32Array.from(transpose ? t.rowSums : t.colSums);
    try {
      pValue = fisherNetworkPValue(rowSums, colSums, logPObserved + LOG_TIE_RXC, lf, {
        maxWork: MAX_WORK,
        maxNodes: MAX_NODES,
        maxListed: MAX_LISTED,
      });
    } catch (e) {
      if (e instanceof NetworkBudgetExceeded) {
        throw new StatsLimitError(
          FN,
          e.nodes > MAX_NODES ? `maxNodes = ${MAX_NODES}` : `maxWork = ${MAX_WORK}`,
          `the exact network for this ${t.nRow}×${t.nCol} table with n = ${t.total} is too large ` +
            `(stopped after ${e.work} units of work and ${e.nodes} nodes); use a Monte Carlo p-value`,
        );
      }
      throw e;
    }
  }
  return { pValue, method: "Fisher's Exact Test for Count Data" };
}

/** ∏(margin + 1) over the rows, or the columns when there are fewer columns (FEXACT's orientation). */
function fexactKeyRange(t: CountTable): number {
  const margins = t.nRow > t.nCol ? t.colSums : t.rowSums;
  let product = 1;
  for (const m of margins) product *= m + 1;
  return product;
}

/** log k! for k = 0..n. */
function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) lf[k] = gammaln(k + 1);
  return lf;
}

/** log of ∏R_i! ∏C_j! / (n! ∏x_ij!). */
function logTableProbability(t: CountTable, lf: Float64Array): number {
  let s = -lf[t.total]!;
  for (const r of t.rowSums) s += lf[r]!;
  for (const c of t.colSums) s += lf[c]!;
  for (const x of t.cells) s -= lf[x]!;
  return s;
}

/**
 * R's 2×2 branch: the hypergeometric distribution of x[1,1] over its support, normalized after
 * scaling by its largest term, summed where d ≤ d(observed)·(1 + 1e-7).
 */
function fisher2x2(t: CountTable): number {
  const m = t.colSums[0]!;
  const n = t.colSums[1]!;
  const k = t.rowSums[0]!;
  const x = t.cells[0]!;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const lf = (v: number) => gammaln(v + 1);
  const logd = new Float64Array(hi - lo + 1);
  let maxLog = Number.NEGATIVE_INFINITY;
  for (let s = lo; s <= hi; s++) {
    // log dhyper(s, m, n, k) up to a constant that cancels in the normalization.
    const v = -(lf(s) + lf(m - s) + lf(k - s) + lf(n - k + s));
    logd[s - lo] = v;
    if (v > maxLog) maxLog = v;
  }
  let sum = 0;
  for (const v of logd) sum += Math.exp(v - maxLog);
  const dObs = Math.exp(logd[x - lo]! - maxLog) / sum;
  let p = 0;
  for (const v of logd) {
    const d = Math.exp(v - maxLog) / sum;
    if (d <= dObs * RELATIVE_TIE_2X2) p += d;
  }
  return Math.min(1, p);
}
