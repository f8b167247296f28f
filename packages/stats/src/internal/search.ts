/**
 * Binary searches over sorted typed arrays, written once (d3-array's `bisectLeft`/`bisectRight`
 * convention). `lo`/`hi` bound the searched slice [lo, hi); every search is O(log(hi − lo)).
 */

/** First index i in [lo, hi) of ascending `a` with a[i] ≥ v (hi when none): the count of entries < v. */
export function lowerBound(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i in [lo, hi) of ascending `a` with a[i] > v (hi when none): the count of entries ≤ v. */
export function upperBound(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i in [lo, hi) of descending `a` with a[i] ≤ v (hi when none). */
export function firstAtMostDescending(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index i in [lo, hi) of descending `a` with a[i] < v (hi when none). */
export function firstBelowDescending(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
