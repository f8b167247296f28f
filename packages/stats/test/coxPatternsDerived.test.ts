import { describe, expect, it } from 'vitest';
import { markOwned } from '../src/regression/internal/coxOwnedColumns.js';
import { covariatePatterns } from '../src/regression/internal/coxPatterns.js';
import { prepareCoxData } from '../src/regression/internal/coxPrepare.js';
import { lehmer } from './seededRandom.js';

/**
 * The covariate patterns of a model on owned columns are derived from those of an earlier model on
 * more of the same columns and the same sort (coxPatterns.ts). The invariant: the derived patterns
 * are those found from the model's own rows — the same ids in the same order, the same pattern
 * covariates, and no patterns (null) exactly when there are more than the limit. Oracle: the same
 * call without the owned columns' identity (`owned: null`), which finds them row by row.
 */
const N = 6000; // above the sort memo's threshold

function design(seed: number) {
  const rand = lehmer(seed);
  const time = new Float64Array(N);
  const event = new Float64Array(N);
  const names = ['ecog1', 'ecog2', 'male', 'stage2', 'stage3', 'sign'];
  const cols = Object.fromEntries(names.map((k) => [k, new Float64Array(N)]));
  for (let i = 0; i < N; i++) {
    time[i] = Math.round(-Math.log(rand()) * 200) + 1;
    event[i] = rand() < 0.6 ? 1 : 0;
    const e = rand();
    cols.ecog1![i] = e < 0.3 ? 1 : 0;
    cols.ecog2![i] = e > 0.85 ? 1 : 0;
    cols.male![i] = rand() < 0.5 ? 1 : 0;
    const t = rand();
    cols.stage2![i] = t < 0.4 ? 1 : 0;
    cols.stage3![i] = t > 0.7 ? 1 : 0;
    cols.sign![i] = rand() < 0.5 ? 1 : -1;
  }
  for (const col of Object.values(cols)) markOwned(col);
  return { time, event, cols, names };
}

describe('covariate patterns derived from a larger model on the same owned columns', () => {
  it('equal the patterns found row by row, for every drop-one subset and a reordering', () => {
    const { time, event, cols, names } = design(17);
    const model = (subset: string[]) =>
      prepareCoxData('coxPH', {
        time,
        event,
        covariates: Object.fromEntries(subset.map((k) => [k, cols[k]!])),
      });
    const full = model(names);
    expect(full.owned).not.toBeNull();
    expect(covariatePatterns(full, N)).not.toBeNull(); // kept for the subsets below
    const subsets = [...names.map((d) => names.filter((k) => k !== d)), ['sign', 'male', 'ecog1']];
    for (const subset of subsets) {
      const prep = model(subset);
      const derived = covariatePatterns(prep, N)!;
      const found = covariatePatterns({ ...prep, owned: null }, N)!;
      expect(derived.count).toBe(found.count);
      expect(derived.id).toEqual(found.id);
      expect(derived.x).toEqual(found.x);
      // beyond the limit there are no patterns either way
      const limit = found.count - 1;
      expect(covariatePatterns(prep, limit)).toBeNull();
      expect(covariatePatterns({ ...prep, owned: null }, limit)).toBeNull();
    }
  });
});
