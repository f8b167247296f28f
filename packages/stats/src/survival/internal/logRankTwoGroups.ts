import { isNearTie } from '../../internal/timefix.js';
import type { LogRankSums } from './logRankKernel.js';
import { isCensored, type SortedSegments, type TimeScan } from './segments.js';

/**
 * `logRankKernel` for the common case of two groups and no strata, with R's time fix done in the
 * same walk: the general path (`collapseNearTies`, then the kernel) makes three two-way merge walks
 * over the rows (the fix's scan, its rewrite, the kernel); this one makes two (`scanTimes`, then this
 * walk), keeps the heads, risk sets and sums in local variables instead of per-group arrays, and
 * writes nothing per row. On 2·10⁶ mostly-distinct rows the walks are a quarter of the test's time.
 *
 * Bit for bit the general path's numbers: a chain of near-tied times (each within the `aeqSurv`
 * tolerance of the distinct time before it) is one time, as the rewrite makes it; per time the
 * same expressions in the same order as `logRankKernel` with G = 2 (`test/logRankTwoGroups.test.ts`
 * checks both on random data with near-ties, for rho = 0 and rho ≠ 0).
 *
 * Preconditions: two segments (group 0, group 1; one stratum) sorted by |time| with censorings
 * negative (`segments.ts`), near-ties NOT collapsed; `scan` from `scanTimes` over them.
 */
export function logRankTwoGroups(seg: SortedSegments, scan: TimeScan, rho: number): LogRankSums {
  const { times, starts } = seg;
  const { nearTies, meanAbs } = scan;
  let i = starts[0]!;
  const iEnd = starts[1]!;
  let j = iEnd;
  const jEnd = starts[2]!;
  let risk0 = iEnd - i;
  let risk1 = jEnd - j;
  let o0 = 0;
  let o1 = 0;
  let e0 = 0;
  let e1 = 0;
  let v00 = 0;
  let v01 = 0;
  let v10 = 0;
  let v11 = 0;
  let km = 1;
  while (i < iEnd || j < jEnd) {
    let died0 = 0;
    let died1 = 0;
    let left0 = 0;
    let left1 = 0;
    let first = true;
    let previous = 0;
    // One time of the fixed data: its first distinct time and, with near-ties, every later distinct
    // time within the tolerance of the one before it.
    for (;;) {
      const a = i < iEnd ? Math.abs(times[i]!) : Number.POSITIVE_INFINITY;
      const b = j < jEnd ? Math.abs(times[j]!) : Number.POSITIVE_INFINITY;
      const t = Math.min(a, b);
      if (t === Number.POSITIVE_INFINITY) break;
      if (!first && !(nearTies && isNearTie(t - previous, meanAbs))) break;
      for (; i < iEnd && Math.abs(times[i]!) === t; i++, left0++) if (!isCensored(times[i]!)) died0++;
      for (; j < jEnd && Math.abs(times[j]!) === t; j++, left1++) if (!isCensored(times[j]!)) died1++;
      previous = t;
      first = false;
    }
    const deaths = died0 + died1;
    const nRisk = risk0 + risk1;
    const wt = rho === 0 ? 1 : km ** rho;
    if (deaths > 0) {
      o0 += wt * died0;
      e0 += (wt * deaths * risk0) / nRisk;
      o1 += wt * died1;
      e1 += (wt * deaths * risk1) / nRisk;
      if (nRisk > 1) {
        const wt2 = wt * wt;
        const tmp0 = (wt2 * deaths * risk0 * (nRisk - deaths)) / (nRisk * (nRisk - 1));
        v00 += tmp0;
        v00 -= (tmp0 * risk0) / nRisk;
        v01 -= (tmp0 * risk1) / nRisk;
        const tmp1 = (wt2 * deaths * risk1 * (nRisk - deaths)) / (nRisk * (nRisk - 1));
        v11 += tmp1;
        v10 -= (tmp1 * risk0) / nRisk;
        v11 -= (tmp1 * risk1) / nRisk;
      }
    }
    if (rho !== 0) km = (km * (nRisk - deaths)) / nRisk;
    risk0 -= left0;
    risk1 -= left1;
  }
  return {
    observed: Float64Array.of(o0, o1),
    expected: Float64Array.of(e0, e1),
    variance: Float64Array.of(v00, v01, v10, v11),
  };
}
