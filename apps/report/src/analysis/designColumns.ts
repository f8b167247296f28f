import type { Cohort } from '@survkit/cohort';
import type { CovariateSpec } from './cox.js';
import { pick } from './data.js';

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
      col.forEach((x, k) => {
        if (Number.isNaN(x)) complete[k] = 0;
      });
      columns[s.variable] = col;
    } else if (v.type === 'categorical' && s.type === 'categorical') {
      const ref = v.levels.indexOf(s.reference);
      rows.forEach((r, k) => {
        if (v.codes[r]! < 0) complete[k] = 0;
      });
      v.levels.forEach((level, j) => {
        if (j === ref) return;
        columns[`${s.variable}=${level}`] = Float64Array.from(rows, (r) => (v.codes[r] === j ? 1 : 0));
      });
    }
  }
  return { columns, complete };
}
