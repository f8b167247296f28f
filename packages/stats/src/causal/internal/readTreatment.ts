import { StatsInputError } from '../../errors.js';
import { checkLength } from '../../internal/prepare.js';

/**
 * Reads a treatment-time column for splitAtTreatment / landmarkData. A missing value
 * (`null`, `undefined`, NaN) means "never treated during follow-up" — tmerge's `tdc(NA)` adds no
 * change, as R drops NA times (`na.rm = TRUE`). Finite values may be negative (treated before the
 * start of follow-up: tmerge then marks the whole follow-up treated). Missing becomes NaN here.
 */
export function readTreatmentTimes(
  fn: string,
  values: ArrayLike<number | null | undefined> | undefined,
  n: number,
): Float64Array {
  checkLength(fn, 'treatmentTime', values, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v: unknown = values![i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      out[i] = Number.NaN;
    } else if (typeof v === 'number' && Number.isFinite(v)) {
      out[i] = v;
    } else {
      throw new StatsInputError(
        fn,
        `treatment time is ${String(v)}; expected a finite number or null (never treated)`,
        {
          field: 'treatmentTime',
          row: i,
        },
      );
    }
  }
  return out;
}
