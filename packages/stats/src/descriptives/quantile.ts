import { StatsInputError } from '../errors.js';
import { sortedFinite } from './sortedSample.js';

/**
 * Sample quantiles by R's default definition (type 7, Hyndman & Fan 1996): for probability p and
 * sorted values x₁..xₙ, h = 1 + (n − 1)p and Q(p) = (1 − (h − ⌊h⌋))·x_⌊h⌋ + (h − ⌊h⌋)·x_⌈h⌉,
 * matching R 4.2.2 `quantile(x, probs, type = 7)` including its arithmetic order, and returning
 * x_⌊h⌋ unchanged when the two neighbours are equal.
 *
 * @param values - finite numbers (remove missing values first), at least one.
 * @param probs - probabilities in [0, 1].
 * @throws {StatsInputError} for an empty sample, a non-finite value, or a probability outside [0, 1].
 * @example
 * // R: quantile(c(1, 3, 4, 10), c(0.25, 0.5, 0.75))  # 2.50 3.50 5.50
 * quantile([1, 3, 4, 10], [0.25, 0.5, 0.75]); // [2.5, 3.5, 5.5]
 */
export function quantile(values: readonly number[], probs: readonly number[]): number[] {
  const sorted = sortedFinite('quantile', values);
  if (probs === null || typeof probs !== 'object' || typeof probs.map !== 'function')
    throw new StatsInputError('quantile', 'expected an array of probabilities in [0, 1]', { field: 'probs' });
  return probs.map((p, k) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new StatsInputError('quantile', `probability is ${String(p)}; expected a number in [0, 1]`, {
        field: 'probs',
        row: k,
      });
    }
    return quantileOfSorted(sorted, p);
  });
}

/** Type-7 quantile of ascending finite values. Preconditions: length ≥ 1, 0 ≤ p ≤ 1. */
export function quantileOfSorted(sorted: Float64Array, p: number): number {
  const index = 1 + Math.max(sorted.length - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qLo = sorted[lo - 1]!;
  const qHi = sorted[hi - 1]!;
  if (!(index > lo && qHi !== qLo)) return qLo;
  const h = index - lo;
  return (1 - h) * qLo + h * qHi;
}
