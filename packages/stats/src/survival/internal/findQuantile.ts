import { firstBelowDescending } from '../../internal/search.js';

/** R's `quantile.survfit` tolerance, `sqrt(.Machine$double.eps)`. */
const QUANTILE_TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * The p-th quantile of a survival-type curve, a port of survival 3.5-3's `findq` as `doquant`
 * calls it: on the distribution 1 − curve, starting at (0, 0).
 *
 * The rule, R's to the letter: the quantile is the first time the curve drops to or below 1 − p;
 * where the curve sits exactly on 1 − p (within `sqrt(eps)`) over a flat stretch, it is the midpoint
 * of that stretch's start and the next drop, or of its start and the last time (`xmax`) when the
 * curve never drops again. Duplicate curve values (censorings) are removed first and NA values
 * (NaN here) are skipped, as R's `approx` does. Returns `null` where R gives NA.
 *
 * @param time - row times (ascending).
 * @param curve - S(t) or a confidence limit per row; NaN where R has NA.
 * @param p - probability in [0, 1].
 */
export function findQuantile(time: Float64Array, curve: Float64Array, p: number): number | null {
  const nRow = time.length;
  const tol = QUANTILE_TOLERANCE;
  // y = c(0, 1 - curve); x = c(0, time). Deduplicate y (first occurrence wins; NA equals NA).
  const x = new Float64Array(nRow + 1);
  const y = new Float64Array(nRow + 1);
  x[0] = 0;
  y[0] = 0;
  let maxY = 0;
  let m = 1;
  let sawNaN = false;
  let lastValue = 0;
  // While the kept values rise (the usual case: 1 − S only rises) a duplicate can only equal the
  // last one; after the first fall (a non-monotone limit curve) duplicates are looked up in a set.
  let seen: Set<number> | undefined;
  for (let k = 0; k < nRow; k++) {
    const v = 1 - curve[k]!;
    if (Number.isNaN(v)) {
      if (sawNaN) continue;
      sawNaN = true;
    } else {
      if (v > maxY) maxY = v;
      if (seen === undefined) {
        if (v === lastValue) continue;
        if (v < lastValue) {
          seen = new Set();
          for (let j = 0; j < m; j++) if (!Number.isNaN(y[j]!)) seen.add(y[j]!);
        }
      }
      if (seen !== undefined) {
        if (seen.has(v)) continue;
        seen.add(v);
      }
      lastValue = v;
    }
    x[m] = time[k]!;
    y[m] = v;
    m++;
  }
  if (maxY < p) return null;
  const xmax = nRow > 0 ? time[nRow - 1]! : 0;
  // approx(y ± tol, 1:m, p, method = "constant", f = 1) over the non-NA points, sorted by value.
  const order = nonMissingOrder(y, m, seen === undefined);
  const indx1 = approxRightConstant(y, order, tol, p);
  const indx2 = approxRightConstant(y, order, -tol, p);
  let quant = indx1 < 0 || indx2 < 0 ? Number.NaN : (x[indx1]! + x[indx2]!) / 2;
  if (p === 0) quant = x[0]!;
  const yLast = y[m - 1]!;
  if (!Number.isNaN(yLast) && Math.abs(p - yLast) < tol) {
    quant = indx1 < 0 ? Number.NaN : (x[indx1]! + xmax) / 2;
  }
  return Number.isNaN(quant) ? null : quant;
}

/** Indices of the non-NaN entries of y[0..m), in ascending order of value (R's approx sorts by x). */
function nonMissingOrder(y: Float64Array, m: number, increasing: boolean): Uint32Array {
  let count = 0;
  for (let k = 0; k < m; k++) if (!Number.isNaN(y[k]!)) count++;
  const order = new Uint32Array(count);
  let j = 0;
  for (let k = 0; k < m; k++) if (!Number.isNaN(y[k]!)) order[j++] = k;
  if (!increasing) order.sort((a, b) => y[a]! - y[b]!);
  return order;
}

/**
 * `approx(y + shift, 1:m, v, method = "constant", f = 1)$y - 1` as R's C `approx1` computes it:
 * bisection, exact hits return their own index, otherwise the right end of the interval; −1 (NA)
 * outside the range.
 */
function approxRightConstant(y: Float64Array, order: Uint32Array, shift: number, v: number): number {
  const count = order.length;
  if (count === 0) return -1;
  const at = (r: number) => y[order[r]!]! + shift;
  let i = 0;
  let j = count - 1;
  if (v < at(i) || v > at(j)) return -1;
  while (i < j - 1) {
    const ij = (i + j) >>> 1;
    if (v < at(ij)) j = ij;
    else i = ij;
  }
  if (v === at(j)) return order[j]!;
  if (v === at(i)) return order[i]!;
  return order[j]!;
}

/**
 * The median as `print(fit)` and `summary(fit)$table` report it — survival 3.5-3 `survmean`'s
 * `minmin` rule, which the published tables (and the study paper) use: the first time the curve is
 * below 0.5 (within `sqrt(eps)`, NA skipped); if the curve there is 0.5 within tolerance and drops
 * again later, the midpoint of that time and the next drop. Unlike {@link findQuantile} it never
 * reaches for the end of follow-up, and it reads limit curves in time order rather than sorting their
 * values, so the two can differ at a non-monotone confidence limit (R's `aml` data: upper limit 45 in
 * `print(fit)`, 48 in `quantile(fit, 0.5)`). Returns `null` where R gives NA.
 *
 * `nonIncreasing`: the curve never rises and has no NaN (S(t) itself), so the first time below is
 * found by bisection (`firstBelowDescending`; the linear scan read half of a 2·10⁶-row curve);
 * limit curves need not be monotone and are scanned.
 */
export function printedMedian(time: Float64Array, curve: Float64Array, nonIncreasing = false): number | null {
  const tol = QUANTILE_TOLERANCE;
  const n = time.length;
  const first = nonIncreasing ? firstBelowDescending(curve, 0.5 + tol) : firstBelow(curve, 0.5 + tol);
  if (first === n) return null;
  const y1 = curve[first]!;
  if (Math.abs(y1 - 0.5) < tol) {
    for (let k = first + 1; k < n; k++) {
      const y = curve[k]!;
      if (!Number.isNaN(y) && y < y1) return (time[first]! + time[k]!) / 2;
    }
  }
  return time[first]!;
}

/** The first k with curve[k] < bound (NaN never is), or the length when there is none. */
function firstBelow(curve: Float64Array, bound: number): number {
  let k = 0;
  while (k < curve.length && !(curve[k]! < bound)) k++;
  return k;
}
