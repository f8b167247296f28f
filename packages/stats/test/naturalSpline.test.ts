import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coxZphSmooth } from '../src/regression/coxZphSmooth.js';
import { naturalSplineBasis } from '../src/regression/internal/naturalSpline.js';

/**
 * Invariants of the spline smooth's shortcuts (the values themselves are checked against R's
 * plot.cox.zph in packages/validation's cox-zph-plot suite): the basis is computed once per distinct
 * x and from a merged rather than sorted copy when x is two ascending runs, and coxZphSmooth reuses
 * the basis of an x array it has seen. Neither may change a single double.
 */

// tied values, as event times in whole days give
const values = fc.array(
  fc.integer({ min: 0, max: 30 }).map((v) => v / 7),
  { minLength: 8, maxLength: 60 },
);

function rowsOf(basis: Float64Array, m: number, df: number): number[][] {
  return Array.from({ length: m }, (_, i) => Array.from({ length: df }, (_, c) => basis[c * m + i]!));
}

describe('naturalSplineBasis: the row of an x depends on x and the set of all x, not on their order', () => {
  it('two ascending runs (merged), any order (sorted) and ascending (copied) give the same rows', () => {
    fc.assert(
      fc.property(values, values, fc.integer({ min: 2, max: 5 }), (a, b, df) => {
        fc.pre(new Set([...a, ...b]).size >= df + 2);
        const runs = Float64Array.from([...[...a].sort((u, v) => u - v), ...[...b].sort((u, v) => u - v)]);
        const ascending = Float64Array.from(runs).sort();
        const shuffled = Float64Array.from([...a, ...b]);
        const m = runs.length;
        const want = new Map<number, number[]>();
        for (const [i, row] of rowsOf(naturalSplineBasis(ascending, df), m, df).entries())
          want.set(ascending[i]!, row);
        for (const x of [runs, shuffled])
          for (const [i, row] of rowsOf(naturalSplineBasis(x, df), m, df).entries())
            expect(row).toEqual(want.get(x[i]!));
      }),
      { numRuns: 200 },
    );
  });
});

describe('coxZphSmooth: reusing the spline fit of an x array changes nothing', () => {
  it('the same array, a copy of it, and the array after its values changed give fresh fits', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 1, max: 1000 }), (v, seed) => {
        const x = Float64Array.from(v).sort();
        fc.pre(new Set(x).size >= 6);
        const y = Float64Array.from(x, (t, i) => Math.sin(t * seed + i));
        const y2 = Float64Array.from(y, (t) => t * t);
        const fresh = (xs: Float64Array, ys: Float64Array) => coxZphSmooth(Float64Array.from(xs), ys, 0.5);
        expect(coxZphSmooth(x, y, 0.5)).toEqual(fresh(x, y));
        expect(coxZphSmooth(x, y2, 0.5)).toEqual(fresh(x, y2));
        x[x.length - 1] = x[x.length - 1]! + 1;
        expect(coxZphSmooth(x, y, 0.5)).toEqual(fresh(x, y));
      }),
      { numRuns: 100 },
    );
  });
});
