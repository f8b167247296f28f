import { StatsInputError } from '../errors.js';

/** Copies, checks and sorts a sample; names the function and index of a bad value. */
export function sortedFinite(fn: string, values: readonly number[]): Float64Array {
  if (!Array.isArray(values) || values.length === 0) {
    throw new StatsInputError(fn, 'needs at least one value', { field: 'values' });
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StatsInputError(
        fn,
        `value is ${String(v)}; expected a finite number (remove missing values first)`,
        {
          field: 'values',
          row: i,
        },
      );
    }
    out[i] = v;
  }
  return out.sort();
}
