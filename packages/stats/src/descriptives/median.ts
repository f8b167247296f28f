import { sortedFinite } from './sortedSample.js';

/**
 * The sample median, matching R's `median(x)`: the middle value, or the mean of the two middle
 * values when n is even.
 *
 * @param values - finite numbers (remove missing values first), at least one.
 * @throws {StatsInputError} for an empty sample or a non-finite value.
 * @example
 * // R: median(c(5, 1, 3, 10))  # 4
 * median([5, 1, 3, 10]); // 4
 */
export function median(values: readonly number[]): number {
  return medianOfSorted(sortedFinite('median', values));
}

/** Median of ascending finite values. Precondition: length ≥ 1. */
export function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  const half = Math.floor((n + 1) / 2);
  if (n % 2 === 1) return sorted[half - 1]!;
  return (sorted[half - 1]! + sorted[half]!) / 2;
}
