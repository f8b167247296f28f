import type { Cohort } from '@survkit/cohort';
import type { CovariateSpec } from './cox.js';
import { pick, pickCodes } from './data.js';

function indicator(codes: Int32Array, code: number): Float64Array {
  const x = new Float64Array(codes.length);
  for (let k = 0; k < codes.length; k++) x[k] = codes[k] === code ? 1 : 0;
  return x;
}

/**
 * Cox design columns of `specs` over `rows`, as R's model.matrix with treatment contrasts: a
 * continuous variable as it is, a categorical one as an indicator `variable=level` per level other
 * than the reference; `complete` marks the rows without a missing value (R's na.omit).
 */
export function designColumns(
  cohort: Cohort,
  specs: readonly CovariateSpec[],
  rows: Int32Array,
): { columns: Record<string, Float64Array>; complete: Uint8Array } {
  const columns: Record<string, Float64Array> = {};
  const complete = new Uint8Array(rows.length).fill(1);
  for (const s of specs) {
    const v = cohort.variable(s.variable);
    if (s.type === 'continuous' && v.type === 'continuous') {
      const col = pick(v.values, rows);
      for (let k = 0; k < col.length; k++) if (Number.isNaN(col[k]!)) complete[k] = 0;
      columns[s.variable] = col;
    } else if (v.type === 'categorical' && s.type === 'categorical') {
      const ref = v.levels.indexOf(s.reference);
      // Plain loops over the patients' codes: a mapping callback per patient and level cost
      // seconds at 10⁵–10⁶ patients.
      const codes = pickCodes(v.codes, rows);
      for (let k = 0; k < codes.length; k++) if (codes[k]! < 0) complete[k] = 0;
      v.levels.forEach((level, j) => {
        if (j !== ref) columns[`${s.variable}=${level}`] = indicator(codes, j);
      });
    }
  }
  return { columns, complete };
}
