import { describe, expect, it } from 'vitest';
import { coxZphChecks, ZPH_TOL } from '../src/suites/coxExtras.js';

// All-categorical models on times grouped into quarters of a year: coxZph sums these by
// (event time × covariate pattern) cells (packages/stats/src/regression/coxZphCells.ts; its own
// test checks that every case here takes that path), not by rows as for cox-zph.json's cases.
describe("coxZph on categorical covariates and tied times against R's cox.zph (cox-zph-patterns.R, survival 3.5-3, relative tolerance 1e-6)", () => {
  it('per-term and global chisq, df and p agree for km/rank/identity: factors, one column, strata, weights, Efron and Breslow', () => {
    const { list, cases } = coxZphChecks(undefined, 'cox-zph-patterns.json');
    expect(cases).toBe(18);
    expect(list.checks.filter((c) => !c.pass)).toEqual([]);
    expect(ZPH_TOL).toBe(1e-6);
  });
});
