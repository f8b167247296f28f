import { StatsInputError } from '../../errors.js';

/**
 * The treatment indicator as 0/1 codes (1 = treated), for every propensity function: each entry
 * must be 0, 1 or a boolean, and both groups must be present.
 * @param fn the public function, for the error message.
 */
export function treatmentCodes(fn: string, treated: ArrayLike<number | boolean>): Uint8Array {
  const z = new Uint8Array(treated.length);
  for (let i = 0; i < treated.length; i++) {
    const t = treated[i]!;
    if (t !== 0 && t !== 1 && t !== true && t !== false)
      throw new StatsInputError(fn, `is ${String(t)}; expected 0/1 or a boolean`, {
        field: 'treated',
        row: i,
      });
    z[i] = t === 1 || t === true ? 1 : 0;
  }
  if (!z.includes(1) || !z.includes(0))
    throw new StatsInputError(fn, 'needs both treated and control rows', { field: 'treated' });
  return z;
}
