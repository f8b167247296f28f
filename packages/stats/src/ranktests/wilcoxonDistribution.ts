/** Numbers held at once by {@link wilcoxonCounts}(m, n): about max(m, n)·min(m, n)²/2. */
export function wilcoxonCountsWork(m: number, n: number): number {
  const small = Math.min(m, n);
  return (Math.max(m, n) * small * small) / 2;
}

/**
 * Exact null distribution of the Wilcoxon rank-sum statistic W (the Mann–Whitney U of the first
 * sample) for sample sizes m and n without ties: counts[k] = number of rank arrangements with
 * W = k, k = 0..m·n, total C(m + n, m). Same recurrence as R's `cwilcox()`:
 * c(k; m, n) = c(k − n; m − 1, n) + c(k; m, n − 1), evaluated bottom-up with only additions of
 * non-negative numbers, so relative accuracy is kept even where counts exceed 2^53.
 * Preconditions: m, n ≥ 1 integers.
 */
export function wilcoxonCounts(mIn: number, nIn: number): Float64Array {
  // The counts are symmetric in (m, n) (a Gaussian binomial coefficient); the working set is
  // about m·n²/2 numbers, so let n be the smaller size.
  const m = Math.max(mIn, nIn);
  const n = Math.min(mIn, nIn);
  // prev[j] holds c(·; i − 1, j) for j = 0..n; row i = 0 is the point mass at 0.
  let prev: Float64Array[] = Array.from({ length: n + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= n; j++) {
      const out = new Float64Array(i * j + 1);
      const left = cur[j - 1]!; // c(·; i, j − 1), support 0..i(j − 1)
      const down = prev[j]!; // c(·; i − 1, j), support 0..(i − 1)j, shifted by j
      for (let k = 0; k < left.length; k++) out[k] = left[k]!;
      for (let k = 0; k < down.length; k++) out[k + j]! += down[k]!;
      cur.push(out);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** P(W ≤ q) from counts, as R's `pwilcox(q, m, n)`; `upper` gives P(W > q). */
export function wilcoxonTail(counts: Float64Array, q: number, upper: boolean): number {
  let total = 0;
  let tail = 0;
  for (let k = 0; k < counts.length; k++) {
    total += counts[k]!;
    if (upper ? k > q : k <= q) tail += counts[k]!;
  }
  return tail / total;
}
