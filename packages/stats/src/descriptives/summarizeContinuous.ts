import { StatsInputError } from '../errors.js';
import { medianOfSorted } from './median.js';
import { quantileOfSorted } from './quantile.js';

/** Table 1 summary of a continuous variable; names mirror R's `summary()`/`quantile()`. */
export interface ContinuousSummary {
  /** Number of non-missing values. */
  readonly n: number;
  /** Number of missing values (`null`, `undefined` or `NaN`). */
  readonly nMissing: number;
  /** R's `median(x)`. */
  readonly median: number;
  /** First quartile, `quantile(x, 0.25, type = 7)`. */
  readonly q1: number;
  /** Third quartile, `quantile(x, 0.75, type = 7)`. */
  readonly q3: number;
  /** `min(x)`: with `max` the range the paper prints ("median (range)"). */
  readonly min: number;
  readonly max: number;
}

const FN = 'summarizeContinuous';

/**
 * Median, quartiles (R's type 7) and range of a continuous variable, counting missing values
 * separately, as a Table 1 row needs: R's `median(x, na.rm = TRUE)`,
 * `quantile(x, c(0.25, 0.75), na.rm = TRUE)`, `range(x, na.rm = TRUE)` and `sum(is.na(x))`.
 *
 * Missing values are `null`, `undefined` and `NaN`; ±Infinity is rejected rather than treated
 * as missing, since it is almost always a data error.
 *
 * @throws {StatsInputError} when `values` is not an array, a value is ±Infinity or not a number,
 *   or no value is non-missing (there is nothing to summarise).
 * @example
 * // R: x <- c(34, 51, NA, 47, 62); median(x, na.rm = TRUE); quantile(x, c(.25, .75), na.rm = TRUE); range(x, na.rm = TRUE)
 * summarizeContinuous([34, 51, null, 47, 62]);
 * // { n: 4, nMissing: 1, median: 49, q1: 43.75, q3: 53.75, min: 34, max: 62 }
 */
export function summarizeContinuous(values: readonly (number | null | undefined)[]): ContinuousSummary {
  if (!Array.isArray(values)) throw new StatsInputError(FN, 'expected an array', { field: 'values' });
  const present: number[] = [];
  let nMissing = 0;
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      nMissing++;
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StatsInputError(FN, `value is ${String(v)}; expected a finite number or a missing value`, {
        field: 'values',
        row: i,
      });
    } else {
      present.push(v);
    }
  }
  if (present.length === 0) {
    throw new StatsInputError(FN, `no non-missing values to summarise (${nMissing} missing)`, {
      field: 'values',
    });
  }
  const sorted = Float64Array.from(present).sort();
  return {
    n: sorted.length,
    nMissing,
    median: medianOfSorted(sorted),
    q1: quantileOfSorted(sorted, 0.25),
    q3: quantileOfSorted(sorted, 0.75),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}
