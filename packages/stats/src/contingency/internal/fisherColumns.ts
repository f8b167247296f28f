/**
 * One column of the Fisher network: the extremes and the number of its fillings given the row
 * sums still to fill, in closed form (used for the nodes with two columns left, where listing
 * every filling is what the network avoids). Each costs O(R²) or O(2^R) operations, independent
 * of the column total c: a Table 1 row of a 10⁵-patient cohort has columns of tens of thousands,
 * visited once per node.
 */
import { permutations, sortSmall } from './fisherPaths.js';

/**
 * max over x (Σx = c, 0 ≤ x_i ≤ rows_i, integers) of Σ log C(rows_i, x_i): the mode of the
 * multivariate hypergeometric distribution. The objective is separable and concave in each x_i
 * (the gain of a unit, log((r_i − x_i)/(x_i + 1)), decreases), so x is a maximum exactly when no
 * unit moved from one row to another gains (Gross 1956; Ibaraki & Katoh 1988, "Resource
 * allocation problems", ch. 4). Start from the proportional share ⌊c·r_i/N⌋ (near the mode,
 * so few units move), add the missing units where they gain most, then exchange while an
 * exchange gains. Gains are compared as exact integer cross-products, not logarithms.
 */
export function maxLogColumnWeight(rows: Int32Array, c: number, lf: Float64Array): number {
  const nR = rows.length;
  const x = new Int32Array(nR);
  let total = 0;
  for (let i = 0; i < nR; i++) total += rows[i]!;
  let placed = 0;
  if (total > 0) {
    for (let i = 0; i < nR; i++) {
      x[i] = Math.floor((c * rows[i]!) / total);
      placed += x[i]!;
    }
  }
  for (; placed < c; placed++) x[bestGain(rows, x)]!++;
  for (;;) {
    const up = bestGain(rows, x);
    const down = leastLoss(rows, x);
    // Gain of +1 at `up` vs loss of −1 at `down`: (r_u − x_u)/(x_u + 1) > (r_d − x_d + 1)/x_d.
    if (up < 0 || down < 0 || up === down) break;
    const xu = x[up]!;
    const xd = x[down]!;
    if ((rows[up]! - xu) * xd <= (rows[down]! - xd + 1) * (xu + 1)) break;
    x[up] = xu + 1;
    x[down] = xd - 1;
  }
  return logColumnWeight(rows, x, lf);
}

/** The row where one more unit gains most, (r_i − x_i)/(x_i + 1) largest; −1 when every row is full. */
function bestGain(rows: Int32Array, x: Int32Array): number {
  let best = -1;
  for (let i = 0; i < rows.length; i++) {
    if (x[i]! >= rows[i]!) continue;
    // (r_i − x_i)/(x_i + 1) > (r_b − x_b)/(x_b + 1), cross-multiplied (both denominators positive).
    if (best < 0 || (rows[i]! - x[i]!) * (x[best]! + 1) > (rows[best]! - x[best]!) * (x[i]! + 1)) best = i;
  }
  return best;
}

/** The row where one unit fewer loses least, (r_i − x_i + 1)/x_i smallest; −1 when every row is empty. */
function leastLoss(rows: Int32Array, x: Int32Array): number {
  let best = -1;
  for (let i = 0; i < rows.length; i++) {
    if (x[i]! <= 0) continue;
    if (best < 0 || (rows[i]! - x[i]! + 1) * x[best]! < (rows[best]! - x[best]! + 1) * x[i]!) best = i;
  }
  return best;
}

/**
 * min of the same concave objective: attained at a vertex of {0 ≤ x ≤ rows, Σx = c}, where every
 * coordinate but at most one sits at 0 or rows_i. Enumerates those vertices (R·2^(R−1) of them;
 * R, the smaller table dimension, is small whenever the network is feasible).
 */
export function minLogColumnWeight(rows: Int32Array, c: number, lf: Float64Array): number {
  const nR = rows.length;
  const x = new Int32Array(nR);
  let best = Number.POSITIVE_INFINITY;
  for (let free = 0; free < nR; free++) {
    for (let mask = 0; mask < 1 << (nR - 1); mask++) {
      let filled = 0;
      for (let i = 0, bit = 0; i < nR; i++) {
        if (i === free) continue;
        x[i] = (mask >> bit++) & 1 ? rows[i]! : 0;
        filled += x[i]!;
      }
      const rest = c - filled;
      if (rest < 0 || rest > rows[free]!) continue;
      x[free] = rest;
      best = Math.min(best, logColumnWeight(rows, x, lf));
    }
  }
  return best;
}

/** Σ log C(rows_i, x_i). */
export function logColumnWeight(rows: Int32Array, x: Int32Array, lf: Float64Array): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) s += lf[rows[i]!]! - lf[x[i]!]! - lf[rows[i]! - x[i]!]!;
  return s;
}

/**
 * Number of vectors x with Σx = c and 0 ≤ x_i ≤ rows_i (bounded compositions). By inclusion–
 * exclusion over the rows forced above their bound, Σ_S (−1)^|S| C(c − Σ_S(r_i + 1) + R − 1, R − 1),
 * when its 2^R terms are fewer than the prefix-sum DP's R·(c + 1) steps and every partial sum of
 * it stays below 2^53 (exact in doubles); otherwise by the DP, whose values are counts of a prefix
 * of the rows and never exceed the result's ∏(r_i + 1) bound (exact while the caller's key range is).
 */
export function countColumnChoices(rows: Int32Array, c: number): number {
  const nR = rows.length;
  if (nR <= 20 && 1 << nR <= nR * (c + 1) && (1 << nR) * (c + nR) ** (nR - 1) < 2 ** 53) {
    return countByInclusionExclusion(rows, c);
  }
  return countByPrefixSums(rows, c);
}

function countByInclusionExclusion(rows: Int32Array, c: number): number {
  const nR = rows.length;
  let count = 0;
  for (let mask = 0; mask < 1 << nR; mask++) {
    let left = c;
    let sign = 1;
    for (let i = 0; i < nR; i++) {
      if ((mask >> i) & 1) {
        left -= rows[i]! + 1;
        sign = -sign;
      }
    }
    if (left >= 0) count += sign * compositions(left, nR);
  }
  return count;
}

/** C(m + k − 1, k − 1), the number of ways to write m as k non-negative integers; each step exact below 2^53. */
function compositions(m: number, k: number): number {
  let v = 1;
  for (let i = 1; i < k; i++) v = (v * (m + i)) / i;
  return v;
}

function countByPrefixSums(rows: Int32Array, c: number): number {
  // ways[s]: fillings of the rows so far with total s. One row: ways'[s] = Σ_{t=s−r}^{s} ways[t],
  // from prefix sums taken in place and differenced in place from the top down.
  const ways = new Float64Array(c + 1);
  ways[0] = 1;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let s = 1; s <= c; s++) ways[s] = ways[s]! + ways[s - 1]!;
    for (let s = c; s > r; s--) ways[s] = ways[s]! - ways[s - r - 1]!;
  }
  return ways[c]!;
}

/** Per-stage scratch of {@link forEachColumnFilling}, so enumeration at one stage may recurse into the next. */
export interface ColumnScratch {
  /** The filling being visited. */
  readonly x: Int32Array;
  /** The child's remaining row sums, sorted. */
  readonly child: Int32Array;
  /** suffix[i] = Σ_{a ≥ i} rows[a]. */
  readonly suffix: Int32Array;
}

/**
 * Calls visit(w, mult) for every column vector x with Σx = c, 0 ≤ x_i ≤ rows_i, up to
 * permutations among rows with equal sums: those give the same child (rows are kept sorted) with
 * the same w, so one representative (x non-increasing within each run of equal rows) stands for
 * `mult` of them. w = `constant` + log ∏C(rows_i, x_i) (the network passes −log C(N_k, c_k)); x is
 * left in `scratch.x` and the sorted remaining row sums in `scratch.child` when visit runs.
 */
export function forEachColumnFilling(
  rows: Int32Array,
  c: number,
  constant: number,
  lf: Float64Array,
  scratch: ColumnScratch,
  visit: (w: number, mult: number) => void,
): void {
  const nR = rows.length;
  const { x, child, suffix: suf } = scratch;
  suf[nR] = 0;
  let anyTied = false;
  for (let i = nR - 1; i >= 0; i--) {
    suf[i] = suf[i + 1]! + rows[i]!;
    if (i > 0 && rows[i - 1] === rows[i]) anyTied = true;
  }
  const recurse = (i: number, left: number, partial: number): void => {
    const ri = rows[i]!;
    const tied = i > 0 && rows[i - 1] === ri;
    if (i === nR - 1) {
      if (tied && left > x[i - 1]!) return;
      x[i] = left;
      const w = partial + lf[ri]! - lf[left]! - lf[ri - left]!;
      for (let a = 0; a < nR; a++) child[a] = rows[a]! - x[a]!;
      sortSmall(child);
      // Without equal row sums every vector is its own class: no count to take per arc.
      visit(w, anyTied ? permutations(rows, x) : 1);
      return;
    }
    const lo = Math.max(0, left - suf[i + 1]!);
    const hi = Math.min(ri, left, tied ? x[i - 1]! : ri);
    const base = partial + lf[ri]!;
    for (let v = lo; v <= hi; v++) {
      x[i] = v;
      recurse(i + 1, left - v, base - lf[v]! - lf[ri - v]!);
    }
  };
  recurse(0, c, constant);
}
