import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schoenfeldPass } from '../src/regression/coxZphResiduals.js';
import { schoenfeldByPatterns } from '../src/regression/coxZphResidualsPatterns.js';
import { covariatePatterns } from '../src/regression/internal/coxPatterns.js';

/**
 * The Schoenfeld residuals and information of cox.zph(terms = FALSE) summed by covariate pattern
 * (coxZphResidualsPatterns.ts) regroup the sums of zph1.c's walk over rows. Oracle: that walk
 * (coxZphResiduals.ts's schoenfeldPass, checked against R's cox-zph-plot.json in
 * packages/validation) on the same sorted rows. Same terms in another order: 1e-9 relative to the
 * largest entry (absolute below 1; covariates and risks are of order 1); the deaths' order exactly.
 * Not tighter: the row walk drops leaving rows from running sums by subtraction, so a large risk
 * score (exp(0.98 · 7) ≈ 960) leaving before a small risk set's death rounds that death's terms at
 * eps × its size — a generated case differs by 2.1e-11, which failed a 1e-11 bound about 1 run in 15.
 */

const P = 3;
const row = fc.record({
  time: fc.integer({ min: 1, max: 9 }),
  event: fc.integer({ min: 0, max: 1 }),
  x: fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 1, 1, -1), fc.constantFrom(0, 2.5, 7)),
});
const cases = fc.record({
  rows: fc.array(row, { minLength: 4, maxLength: 80 }),
  beta: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: P, maxLength: P }),
  efron: fc.boolean(),
});

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-9): void {
  expect(got.length).toBe(want.length);
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(tol * scale);
}

describe('coxZphResidualsPatterns: Schoenfeld residuals and information by pattern change nothing but rounding', () => {
  it('equal the walk over rows (Breslow/Efron, tied times, deaths in the same order)', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const data = c.rows.map((r, i) => ({ ...r, event: i === 0 ? 1 : r.event }));
        // ascending time, ties in data order, as coxZphResiduals sorts
        const order = Int32Array.from(
          data.map((_, i) => i).sort((a, b) => data[a]!.time - data[b]!.time || a - b),
        );
        const n = data.length;
        const x = new Float64Array(n * P);
        const risk = new Float64Array(n);
        order.forEach((i, k) => {
          let z = 0;
          for (let a = 0; a < P; a++) {
            x[k * P + a] = data[i]!.x[a]!;
            z += c.beta[a]! * data[i]!.x[a]!;
          }
          risk[k] = Math.exp(z);
        });
        const rows = {
          x,
          risk,
          time: Float64Array.from(order, (i) => data[i]!.time),
          event: Uint8Array.from(order, (i) => data[i]!.event),
        };
        const want = schoenfeldPass(rows, P, order, c.efron);
        const got = schoenfeldByPatterns(rows, covariatePatterns({ n, p: P, x }, n)!, P, order, c.efron);
        expect(got.deaths).toEqual(want.deaths);
        expectClose(got.resid, want.resid);
        expectClose(got.imat, want.imat);
      }),
      { numRuns: 300 },
    );
  });
});
