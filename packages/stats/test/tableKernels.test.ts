import gammaln from '@stdlib/math-base-special-gammaln';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countColumnChoices,
  maxLogColumnWeight,
  minLogColumnWeight,
} from '../src/contingency/internal/fisherColumns.js';
import { midRanks } from '../src/ranktests/ranks.js';
import { wilcoxonCounts } from '../src/ranktests/wilcoxonDistribution.js';

const logChoose = (n: number, k: number) => gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);

describe('kernels of the Table 1 statistics (oracles: brute force and combinatorial identities)', () => {
  it('closed-form max and min of Σ log C(r_i, x_i) over Σx = c equal brute-force enumeration', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 0, max: 45 }),
        (rowList, cRaw) => {
          const rows = Int32Array.from(rowList);
          const total = rowList.reduce((a, b) => a + b, 0);
          const c = cRaw % (total + 1);
          const lf = Float64Array.from({ length: total + 1 }, (_, k) => gammaln(k + 1));
          let max = Number.NEGATIVE_INFINITY;
          let min = Number.POSITIVE_INFINITY;
          const x: number[] = [];
          const visit = (i: number, left: number): void => {
            if (i === rows.length) {
              if (left !== 0) return;
              const w = x.reduce((s, xi, k) => s + logChoose(rows[k]!, xi), 0);
              max = Math.max(max, w);
              min = Math.min(min, w);
              return;
            }
            for (let v = 0; v <= Math.min(rows[i]!, left); v++) {
              x[i] = v;
              visit(i + 1, left - v);
            }
          };
          visit(0, c);
          expect(Math.abs(maxLogColumnWeight(rows, c, lf) - max)).toBeLessThan(1e-9);
          expect(Math.abs(minLogColumnWeight(rows, c, lf) - min)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the count of column fillings equals brute-force enumeration (both the inclusion–exclusion and the DP branch)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 7 }),
        fc.integer({ min: 0, max: 63 }),
        (rowList, cRaw) => {
          const total = rowList.reduce((a, b) => a + b, 0);
          const c = cRaw % (total + 1);
          let count = 0;
          const visit = (i: number, left: number): void => {
            if (i === rowList.length) {
              if (left === 0) count++;
              return;
            }
            for (let v = 0; v <= Math.min(rowList[i]!, left); v++) visit(i + 1, left - v);
          };
          visit(0, c);
          expect(countColumnChoices(Int32Array.from(rowList), c)).toBe(count);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with large row sums (a Table 1 row of a big cohort) the closed forms equal enumeration over x_1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (r1, r2, share) => {
          const rows = Int32Array.of(r1, r2);
          const c = Math.round(share * (r1 + r2));
          const lf = Float64Array.from({ length: r1 + r2 + 1 }, (_, k) => gammaln(k + 1));
          let max = Number.NEGATIVE_INFINITY;
          let min = Number.POSITIVE_INFINITY;
          let count = 0;
          for (let x1 = Math.max(0, c - r2); x1 <= Math.min(r1, c); x1++) {
            const w = lf[r1]! - lf[x1]! - lf[r1 - x1]! + lf[r2]! - lf[c - x1]! - lf[r2 - c + x1]!;
            max = Math.max(max, w);
            min = Math.min(min, w);
            count++;
          }
          expect(countColumnChoices(rows, c)).toBe(count);
          expect(Math.abs(maxLogColumnWeight(rows, c, lf) - max)).toBeLessThan(
            1e-9 * Math.max(1, Math.abs(max)),
          );
          expect(Math.abs(minLogColumnWeight(rows, c, lf) - min)).toBeLessThan(
            1e-9 * Math.max(1, Math.abs(min)),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('the exact Wilcoxon null counts sum to C(m + n, m) and are symmetric about m·n/2', () => {
    for (const [m, n] of [
      [1, 1],
      [3, 7],
      [12, 5],
      [20, 20],
      [49, 30],
    ] as const) {
      const counts = wilcoxonCounts(m, n);
      expect(counts.length).toBe(m * n + 1);
      const total = counts.reduce((a, b) => a + b, 0);
      expect(Math.abs(Math.log(total) - logChoose(m + n, m))).toBeLessThan(1e-12);
      // Exact below 2^53; beyond, additions round, so compare relatively.
      for (let k = 0; k <= m * n; k++) {
        const a = counts[k]!;
        const b = counts[m * n - k]!;
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-14 * Math.max(a, b));
      }
    }
  });

  it('mid-ranks sum to n(n + 1)/2 and the tie sum counts Σ(t³ − t) over tied groups', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 40 }), (v) => {
        const { ranks, tieSum } = midRanks(Float64Array.from(v));
        const n = v.length;
        expect(ranks.reduce((a, b) => a + b, 0)).toBeCloseTo((n * (n + 1)) / 2, 9);
        const sizes = new Map<number, number>();
        for (const x of v) sizes.set(x, (sizes.get(x) ?? 0) + 1);
        expect(tieSum).toBe([...sizes.values()].reduce((s, t) => s + t ** 3 - t, 0));
      }),
      { numRuns: 100 },
    );
  });
});
