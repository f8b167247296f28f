import { describe, expect, it } from 'vitest';
import { linearPredictor } from '../src/regression/internal/coxOrdinary.js';
import { prepareCoxData } from '../src/regression/internal/coxPrepare.js';
import { lehmer } from './seededRandom.js';

/**
 * The linear predictor R's coxph reports, `c(x %*% coef) − sum(coef * means)`, is formed in one
 * sweep through the remembered sort's inverse permutation for up to four columns (scatterShifted4)
 * and through a sum in input order and a gather otherwise. The invariant: both give the very same
 * doubles (the same additions in the same order), including the sign of zeros. Oracle: the gather
 * form, which the R-oracle suites check at sizes below the sort memo's threshold.
 */
const N = 6000; // above the sort memo's threshold: the prepared model carries the inverse permutation

function columns(seed: number) {
  const rand = lehmer(seed);
  const time = new Float64Array(N);
  const event = new Float64Array(N);
  const cols: Record<string, Float64Array> = {
    age: new Float64Array(N),
    ecog1: new Float64Array(N),
    male: new Float64Array(N),
    dose: new Float64Array(N),
  };
  for (let i = 0; i < N; i++) {
    time[i] = Math.round(-Math.log(rand()) * 200) + 1;
    event[i] = rand() < 0.6 ? 1 : 0;
    cols.age![i] = 40 + Math.round(rand() * 40);
    cols.ecog1![i] = rand() < 0.3 ? 1 : 0;
    cols.male![i] = rand() < 0.5 ? 1 : -0;
    cols.dose![i] = rand() * 3 - 1.5;
  }
  return { time, event, cols };
}

describe('linearPredictor: the one-sweep form equals the gather form to the last bit', () => {
  it.each([1, 2, 3, 4])('with %i column(s)', (p) => {
    const { time, event, cols } = columns(7 + p);
    const names = Object.keys(cols).slice(0, p);
    const covariates = Object.fromEntries(names.map((k) => [k, cols[k]!]));
    const prep = prepareCoxData('coxPH', { time, event, covariates });
    expect(prep.position).not.toBeNull();
    const beta = Float64Array.from(names, (_, j) => [0.031, -0.42, 0.17, 1.3][j]!);
    const one = linearPredictor(
      prep,
      Object.values(covariates),
      beta,
      new Float64Array(N),
      new Float64Array(N),
    );
    const gathered = linearPredictor(
      { ...prep, position: null },
      Object.values(covariates),
      beta,
      new Float64Array(N),
      new Float64Array(N),
    );
    for (let k = 0; k < N; k++) expect(Object.is(one[k], gathered[k])).toBe(true);
  });
});
