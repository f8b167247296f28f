/**
 * R's time fix (`timefix = TRUE`, survival 3.5-3 `aeqSurv`), the one rule both `survival/` and the
 * Cox kernel apply before forming risk sets. `aeqSurv` takes the sorted distinct times y, their gaps
 * dy = diff(y), and ties a time to its predecessor when
 *
 *     dy <= tolerance | dy / mean(abs(y)) <= tolerance,   tolerance = sqrt(.Machine$double.eps)
 *
 * so that floating-point noise (1/3 computed two ways) does not create spurious distinct times; a
 * chain of tied times becomes its first (smallest) value.
 *
 * The mean is the one delicate part: Σ|y| overflows for times near `Number.MAX_VALUE` (three times
 * of 1e308 sum to Infinity, every gap / Infinity is 0 and all times merged into one — survkit issue
 * 14, defect 6). R sums in long double, where this does not overflow. Here the sum is also kept
 * scaled by 2⁻⁶⁴ (exact: a power of two), which cannot overflow for fewer than 2⁶⁴ values; when the
 * plain sum is finite it is used, so ordinary data give bit-for-bit the mean they always did.
 */

/** `aeqSurv`'s tolerance: `sqrt(.Machine$double.eps)`, as `all.equal`. */
export const TIMEFIX_TOLERANCE = Math.sqrt(Number.EPSILON);

const DOWN = 2 ** -64;
const UP = 2 ** 64;

/** R's `mean(abs(y))` over the distinct times, fed one value at a time, without overflow. */
export class DistinctTimes {
  private count = 0;
  private sum = 0;
  private scaledSum = 0;

  add(value: number): void {
    const a = Math.abs(value);
    this.count++;
    this.sum += a;
    this.scaledSum += a * DOWN;
  }

  /** Number of values added. */
  get size(): number {
    return this.count;
  }

  /** Mean absolute value; NaN when nothing was added. */
  meanAbs(): number {
    if (this.sum !== Number.POSITIVE_INFINITY) return this.sum / this.count;
    return (this.scaledSum / this.count) * UP;
  }
}

/**
 * `aeqSurv`'s test for one gap `gap` = y[k] − y[k−1] > 0 between neighbouring distinct times, given
 * `meanAbs` = mean(abs(y)): true when y[k] joins the chain of y[k−1]. Monotone in `gap`, so a whole
 * data set has no near-tie exactly when its smallest gap is not one.
 */
export function isNearTie(gap: number, meanAbs: number): boolean {
  return gap <= TIMEFIX_TOLERANCE || gap / meanAbs <= TIMEFIX_TOLERANCE;
}
