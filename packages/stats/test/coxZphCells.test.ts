import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zphScore } from '../src/regression/coxZph.js';
import { zphScoreByCells } from '../src/regression/coxZphCells.js';
import { prepareCoxData } from '../src/regression/internal/coxKernel.js';
import { patternCells } from '../src/regression/internal/coxPassCells.js';
import { covariatePatterns } from '../src/regression/internal/coxPatterns.js';

/**
 * cox.zph's score and information by (event time × pattern) cells (coxZphCells.ts) regroup the sums
 * of zph1.c's walk over rows. Oracle: that walk (coxZph.ts's zphScore, checked against R's
 * cox.zph fixtures in packages/validation) on the same prepared model, β and g(t). The terms are
 * added in another order, so they agree to rounding: 1e-9 relative to the largest entry (or
 * absolute below 1; covariates and weights are of order 1 here). The bound allows for the row
 * walk's running sums, which drop leaving rows by subtraction (zph1.c's order): the same walk's
 * Schoenfeld residuals differ from their sum by pattern by up to 2.1e-11 in generated cases
 * (coxZphResidualsPatterns.test.ts).
 */

const P = 3;
const row = fc.record({
  time: fc.integer({ min: 1, max: 10 }),
  event: fc.integer({ min: 0, max: 1 }),
  weight: fc.constantFrom(0.5, 1, 1, 2.25),
  stratum: fc.integer({ min: 0, max: 2 }),
  x: fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 1, 1, -1), fc.constantFrom(0, 2.5, 7)),
});
const cases = fc.record({
  rows: fc.array(row, { minLength: 6, maxLength: 80 }),
  beta: fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: P, maxLength: P }),
  gt: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 10, maxLength: 10 }),
  efron: fc.boolean(),
  weighted: fc.boolean(),
  stratified: fc.boolean(),
});

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-9): void {
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(tol * scale);
}

describe('coxZphCells: cox.zph score and information by (event time × pattern) cell change nothing but rounding', () => {
  it('equal zph1.c walk over rows (Breslow/Efron, strata, weights, tied times)', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const rows = c.rows.map((r, i) => ({ ...r, event: i === 0 ? 1 : r.event }));
        const prep = prepareCoxData('coxZph', {
          time: rows.map((r) => r.time),
          event: rows.map((r) => r.event),
          covariates: Object.fromEntries(
            Array.from({ length: P }, (_, j) => [`x${j}`, rows.map((r) => r.x[j]!)]),
          ),
          ...(c.weighted ? { weights: rows.map((r) => r.weight) } : {}),
          ...(c.stratified ? { strata: rows.map((r) => r.stratum) } : {}),
        });
        // g(t) a function of the time only, as cox.zph's transforms are
        const gt = Float64Array.from(prep.time, (t) => c.gt[t - 1]!);
        const beta = Float64Array.from(c.beta);
        const patterns = covariatePatterns(prep, prep.n)!;
        const cells = patternCells(prep, patterns, Number.POSITIVE_INFINITY)!;
        const want = zphScore(prep, beta, c.efron, gt);
        const got = zphScoreByCells(prep, patterns, cells, beta, c.efron, gt);
        expectClose(got.u.subarray(P), want.u.subarray(P));
        expectClose(got.imat, want.imat);
      }),
      { numRuns: 300 },
    );
  });
});

describe('coxZphCells: the R fixture of all-categorical models with tied times (cox-zph-patterns.R) is summed by cells', () => {
  it('every case of cox-zph-patterns.json has patterns and cells (so its R comparison in packages/validation covers this path)', async () => {
    const { readFileSync } = await import('node:fs');
    const file = new URL('../../validation/fixtures/cox-zph-patterns.json', import.meta.url);
    const fx = JSON.parse(readFileSync(file, 'utf8')) as {
      cases: { name: string; data: Parameters<typeof prepareCoxData>[1] }[];
    };
    expect(fx.cases.length).toBe(6);
    for (const c of fx.cases) {
      const prep = prepareCoxData('coxZph', c.data);
      const patterns = covariatePatterns(prep, Math.floor(prep.n * 0.25));
      expect(patterns, c.name).not.toBeNull();
      expect(patternCells(prep, patterns!), c.name).not.toBeNull();
    }
  });
});
