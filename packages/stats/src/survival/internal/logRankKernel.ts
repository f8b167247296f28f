import { cholesky2, chsolve2 } from '../../internal/linalg.js';
import { isCensored, type SortedSegments } from './segments.js';
import type { GroupTimeCounts } from './tieCounts.js';

/** Pivots below this fraction of the largest variance are taken as linear dependence among groups. */
const SINGULAR_TOLERANCE = 1e-9;

/** Observed and expected (weighted) events per group and their covariance, summed over strata. */
export interface LogRankSums {
  readonly observed: Float64Array;
  readonly expected: Float64Array;
  /** G × G, row-major (R's `var`). */
  readonly variance: Float64Array;
}

/**
 * The G^rho family kernel, a port of survival 3.5-3's `survdiff2.c` (Harrington & Fleming 1982):
 * within each stratum, at every distinct time with d deaths among n at risk (n_k in group k),
 *
 *   O_k += w·d_k,   E_k += w·d·n_k/n,   V_jk += w²·d·n_j(n − d)/(n(n − 1))·(δ_jk − n_k/n)  (n > 1),
 *
 * with w = S(t−)^rho from the pooled, unweighted, left-continuous Kaplan–Meier curve of the stratum
 * (w = 1 for rho = 0, the log-rank test). Sums run forward in time; R runs backward, which only
 * changes the rounding. Operation order inside each term is R's.
 *
 * Preconditions: segment `s·G + g` holds the times of group g in stratum s, sorted by |time| with
 * censorings negative (`segments.ts`), near-ties already collapsed; no weights.
 */
export function logRankKernel(
  seg: SortedSegments,
  nStrata: number,
  nGroup: number,
  rho: number,
): LogRankSums {
  const { times, starts } = seg;
  const sums = emptySums(nGroup);
  const head = new Uint32Array(nGroup);
  const end = new Uint32Array(nGroup);
  const risk = new Float64Array(nGroup);
  const deathsBy = new Float64Array(nGroup);
  const exitsBy = new Float64Array(nGroup);
  for (let s = 0; s < nStrata; s++) {
    let nTotal = 0;
    for (let g = 0; g < nGroup; g++) {
      head[g] = starts[s * nGroup + g]!;
      end[g] = starts[s * nGroup + g + 1]!;
      risk[g] = end[g]! - head[g]!;
      nTotal += risk[g]!;
    }
    let km = 1;
    while (nTotal > 0) {
      let t = Number.POSITIVE_INFINITY;
      for (let g = 0; g < nGroup; g++)
        if (head[g]! < end[g]! && Math.abs(times[head[g]!]!) < t) t = Math.abs(times[head[g]!]!);
      let deaths = 0;
      let exits = 0;
      for (let g = 0; g < nGroup; g++) {
        let h = head[g]!;
        const gEnd = end[g]!;
        const h0 = h;
        let died = 0;
        for (; h < gEnd && Math.abs(times[h]!) === t; h++) if (!isCensored(times[h]!)) died++;
        head[g] = h;
        deathsBy[g] = died;
        exitsBy[g] = h - h0;
        deaths += died;
        exits += h - h0;
      }
      km = addTime(sums, risk, deathsBy, deaths, nTotal, km, rho);
      for (let g = 0; g < nGroup; g++) risk[g]! -= exitsBy[g]!;
      nTotal -= exits;
    }
  }
  return sums;
}

/**
 * One distinct time's terms of the G^rho sums (`survdiff2.c`'s inner loop, R's operation order),
 * added into `sums`: `deaths` of `nRisk` at risk, `deathsBy[g]` and `risk[g]` per group, `km` the
 * stratum's left-continuous Kaplan–Meier estimate before this time. Returns it after this time
 * (R updates it at every distinct time, deaths or not: km · (n − d) / n).
 */
function addTime(
  sums: LogRankSums,
  risk: Float64Array,
  deathsBy: Float64Array,
  deaths: number,
  nRisk: number,
  km: number,
  rho: number,
): number {
  const { observed, expected, variance } = sums;
  const nGroup = risk.length;
  const wt = rho === 0 ? 1 : km ** rho;
  if (deaths > 0) {
    for (let k = 0; k < nGroup; k++) {
      observed[k]! += wt * deathsBy[k]!;
      expected[k]! += (wt * deaths * risk[k]!) / nRisk;
    }
    if (nRisk > 1) {
      const wt2 = wt * wt;
      for (let j = 0; j < nGroup; j++) {
        const tmp = (wt2 * deaths * risk[j]! * (nRisk - deaths)) / (nRisk * (nRisk - 1));
        variance[j * nGroup + j]! += tmp;
        for (let k = 0; k < nGroup; k++) variance[j * nGroup + k]! -= (tmp * risk[k]!) / nRisk;
      }
    }
  }
  return rho === 0 ? km : (km * (nRisk - deaths)) / nRisk;
}

/**
 * {@link logRankKernel} for one stratum from per-time counts (`countTiedTimesByGroup`: the
 * tie-heavy path, no sort of the rows): the same terms per distinct time, in the same order, so the
 * same sums bit for bit.
 */
export function logRankFromCounts(tied: GroupTimeCounts, nGroup: number, rho: number): LogRankSums {
  const { time, counts } = tied;
  const width = 2 * nGroup;
  const sums = emptySums(nGroup);
  const risk = new Float64Array(nGroup);
  const deathsBy = new Float64Array(nGroup);
  let nTotal = 0;
  for (let r = 0; r < time.length; r++)
    for (let g = 0; g < nGroup; g++) risk[g]! += counts[width * r + 2 * g]!;
  for (let g = 0; g < nGroup; g++) nTotal += risk[g]!;
  let km = 1;
  for (let r = 0; r < time.length; r++) {
    let deaths = 0;
    let exits = 0;
    for (let g = 0; g < nGroup; g++) {
      deathsBy[g] = counts[width * r + 2 * g + 1]!;
      deaths += deathsBy[g]!;
      exits += counts[width * r + 2 * g]!;
    }
    km = addTime(sums, risk, deathsBy, deaths, nTotal, km, rho);
    for (let g = 0; g < nGroup; g++) risk[g]! -= counts[width * r + 2 * g]!;
    nTotal -= exits;
  }
  return sums;
}

function emptySums(nGroup: number): LogRankSums {
  return {
    observed: new Float64Array(nGroup),
    expected: new Float64Array(nGroup),
    variance: new Float64Array(nGroup * nGroup),
  };
}

/**
 * b'·V⁻·b with V⁻ a generalized inverse of the symmetric non-negative definite V (m × m, row-major),
 * by survival's `cholesky2` (shared with the Cox fit) with pivots below 1e-9 of the largest
 * diagonal dropped. Equals R's `solve(V, b) · b` whenever V is non-singular; where R's `solve`
 * would stop on a singular V it still returns the statistic of the estimable contrasts.
 */
export function quadraticFormGeneralizedInverse(
  v: Float64Array,
  b: Float64Array,
  m: number,
): { value: number; singular: boolean } {
  const factor = Float64Array.from(v);
  const rank = cholesky2(factor, m, SINGULAR_TOLERANCE);
  const x = Float64Array.from(b);
  chsolve2(factor, m, x);
  let value = 0;
  for (let i = 0; i < m; i++) value += b[i]! * x[i]!;
  return { value, singular: Math.abs(rank) < m };
}
