// R's time fix on a Cox model's sorted columns (coxPrepare.ts applies it after the sort).
import { StatsInputError } from '../../errors.js';
import { lowerBound } from '../../internal/search.js';
import { DistinctTimes, isNearTie, TIMEFIX_TOLERANCE } from '../../internal/timefix.js';

/**
 * R's `aeqSurv` (the rule and its overflow-free mean live in `src/internal/timefix.ts`, shared
 * with `survival/`), in place on the sorted columns: time values (stop and entry together) within
 * the tolerance of the previous distinct value, absolutely or relative to the mean absolute
 * distinct value, become equal to the first value of their chain. When there is one stratum and
 * no entry, `time` is already sorted (descending): the distinct values are walked in place, with
 * no copy and no search.
 */
export function aeqSurv(
  fn: string,
  time: Float64Array,
  entry: Float64Array | null,
  order: Int32Array,
  sortedDescending: boolean,
): void {
  if (sortedDescending && entry === null) {
    aeqSurvSorted(time);
    return;
  }
  const n = time.length;
  const all = new Float64Array(entry === null ? n : 2 * n);
  all.set(time);
  if (entry !== null) all.set(entry, n);
  all.sort();
  let m = 0;
  for (let k = 0; k < all.length; k++) if (m === 0 || all[k] !== all[m - 1]) all[m++] = all[k]!;
  const u = all.subarray(0, m);
  const distinct = new DistinctTimes();
  for (let k = 0; k < m; k++) distinct.add(u[k]!);
  const meanAbs = distinct.meanAbs();
  const mapped = new Float64Array(m);
  let anyTied = false;
  mapped[0] = u[0]!;
  for (let k = 1; k < m; k++) {
    const tied = isNearTie(u[k]! - u[k - 1]!, meanAbs);
    if (tied) anyTied = true;
    mapped[k] = tied ? mapped[k - 1]! : u[k]!;
  }
  if (!anyTied) return;
  // every v is one of u's values, so the search over [0, m − 1) lands on it
  const lookup = (v: number): number => mapped[lowerBound(u, v, 0, m - 1)]!;
  for (let k = 0; k < n; k++) time[k] = lookup(time[k]!);
  if (entry === null) return;
  for (let k = 0; k < n; k++) {
    entry[k] = lookup(entry[k]!);
    if (entry[k] === time[k])
      throw new StatsInputError(
        fn,
        'entry and time are equal after the time fix (R: aeqSurv exception, an interval has effective length 0)',
        { field: 'entry', row: order[k]! },
      );
  }
}

/** `aeqSurv` on one column sorted descending: two walks from its end (ascending values), in place. */
function aeqSurvSorted(time: Float64Array): void {
  const n = time.length;
  const distinct = new DistinctTimes();
  let minGap = Number.POSITIVE_INFINITY;
  let previous = Number.NaN;
  for (let k = n - 1; k >= 0; k--) {
    const v = time[k]!;
    if (v === previous) continue;
    distinct.add(v);
    if (v - previous < minGap) minGap = v - previous;
    previous = v;
  }
  const meanAbs = distinct.meanAbs();
  // the rule is monotone in the gap: no near-tie anywhere unless the smallest gap is one
  if (!isNearTie(minGap, meanAbs)) return;
  // a gap above `far` is no near-tie (far > max(tolerance, tolerance·meanAbs) with room for the
  // roundings of this product and of the rule's division), so most gaps skip the division
  const far = 2 * TIMEFIX_TOLERANCE * Math.max(1, meanAbs);
  previous = Number.NaN;
  let cut = Number.NaN;
  for (let k = n - 1; k >= 0; k--) {
    const v = time[k]!;
    if (v !== previous) {
      const gap = v - previous;
      if (Number.isNaN(cut) || gap > far || !isNearTie(gap, meanAbs)) cut = v;
      previous = v;
    }
    // only the values that move are written (few: a fresh write of every row was 8 MB of
    // dirtied memory at 10⁶ rows)
    if (cut !== v) time[k] = cut;
  }
}
