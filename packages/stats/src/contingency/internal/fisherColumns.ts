/**
 * One column of the Fisher network: the extremes and the number of its fillings given the row
 * sums still to fill, in closed form (used for the nodes with two columns left, where listing
 * every filling is what the network avoids).
 */

/**
 * max over x (Σx = c, 0 ≤ x_i ≤ rows_i, integers) of Σ log C(rows_i, x_i). Each term is concave in
 * x_i (log-factorials are convex), so adding units one at a time where the marginal gain
 * log((r_i − x_i)/(x_i + 1)) is largest reaches the maximum.
 */
export function maxLogColumnWeight(rows: Int32Array, c: number, lf: Float64Array): number {
  const x = new Int32Array(rows.length);
  for (let unit = 0; unit < c; unit++) {
    let best = -1;
    let bestGain = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < rows.length; i++) {
      if (x[i]! >= rows[i]!) continue;
      const gain = Math.log((rows[i]! - x[i]!) / (x[i]! + 1));
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    x[best]!++;
  }
  return logColumnWeight(rows, x, lf);
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

/** Number of vectors x with Σx = c and 0 ≤ x_i ≤ rows_i (bounded compositions), by a prefix-sum DP. */
export function countColumnChoices(rows: Int32Array, c: number): number {
  let ways = new Float64Array(c + 1);
  ways[0] = 1;
  for (const r of rows) {
    const next = new Float64Array(c + 1);
    let window = 0;
    for (let s = 0; s <= c; s++) {
      window += ways[s]!;
      if (s - r - 1 >= 0) window -= ways[s - r - 1]!;
      next[s] = window;
    }
    ways = next;
  }
  return ways[c]!;
}
