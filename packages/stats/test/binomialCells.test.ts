import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialCells, expandCells, fitRows } from '../src/regression/internal/binomialCells.js';
import { binomialIrls } from '../src/regression/internal/binomialIrls.js';

// Oracle: the row-by-row IRLS (binomialIrls on the data's rows, R's glm.fit transcribed and checked
// against glm in packages/validation, propensity.R). A fit on the cells of identical rows is the
// same weighted least squares at every step, so it must agree up to rounding — and the R cases
// "cells: …" of propensity.R check the cell path against glm itself.

interface Design {
  readonly n: number;
  readonly p: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly w: Float64Array;
}

/** Factors coded as indicators (plus intercept), y from a logistic model, optional weights 0–3. */
function design(
  seed: number,
  n: number,
  levels: readonly number[],
  weighted: boolean,
  alias: boolean,
): Design {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const codes = levels.map(() => new Int32Array(n));
  const cols: Float64Array[] = [new Float64Array(n).fill(1)];
  levels.forEach((k, f) => {
    for (let i = 0; i < n; i++) codes[f]![i] = Math.floor(rand() * k);
    for (let l = 1; l < k; l++) cols.push(Float64Array.from(codes[f]!, (c) => (c === l ? 1 : 0)));
  });
  if (alias) cols.push(Float64Array.from(cols[1]!)); // a second copy of an indicator: aliased
  const y = new Float64Array(n);
  const w = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    let eta = -0.3;
    levels.forEach((_, f) => {
      eta += 0.45 * codes[f]![i]! * (f % 2 === 0 ? 1 : -1);
    });
    y[i] = rand() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    if (weighted) w[i] = [0, 1, 1, 2, 3][Math.floor(rand() * 5)]!;
    if (w[i] === 0) y[i] = 0; // binomial()$initialize
  }
  const p = cols.length;
  const x = new Float64Array(n * p);
  cols.forEach((c, j) => {
    x.set(c, j * n);
  });
  return { n, p, x, y, w };
}

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
const maxRel = (a: Float64Array, b: Float64Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++)
    if (!(Number.isNaN(a[i]!) && Number.isNaN(b[i]!))) m = Math.max(m, rel(a[i]!, b[i]!));
  return m;
};

describe('binomialCells groups identical rows (invariants)', () => {
  it('every row equals its cell, the sizes add up to n, and there is one cell per distinct row', () => {
    const d = design(7, 600, [3, 2, 4], true, false);
    const c = binomialCells(d.x, d.n, d.p, d.y, d.w, d.n)!;
    const distinct = new Set<string>();
    for (let i = 0; i < d.n; i++) {
      const row = [d.y[i], d.w[i]];
      for (let j = 0; j < d.p; j++) row.push(d.x[j * d.n + i]!);
      distinct.add(row.join(','));
      const k = c.cellOf[i]!;
      expect([c.y[k], c.w[k]]).toEqual([d.y[i], d.w[i]]);
      for (let j = 0; j < d.p; j++) expect(c.x[j * c.count + k]).toBe(d.x[j * d.n + i]);
    }
    expect(c.count).toBe(distinct.size);
    expect(c.size.reduce((a, b) => a + b, 0)).toBe(d.n);
    expect(binomialCells(d.x, d.n, d.p, d.y, d.w, distinct.size - 1)).toBeNull();
  });
});

describe('the IRLS on cells is the IRLS on rows (oracle: binomialIrls row by row)', () => {
  const arb = fc.record({
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    n: fc.integer({ min: 1200, max: 3000 }),
    levels: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 1, maxLength: 3 }),
    weighted: fc.boolean(),
    alias: fc.boolean(),
  });

  it('same rank, aliasing, iterations and convergence; coefficients, covariance and μ to 1e-10, deviance to 1e-13', () => {
    fc.assert(
      fc.property(arb, ({ seed, n, levels, weighted, alias }) => {
        const d = design(seed, n, levels, weighted, alias);
        const byRow = binomialIrls(d.x, d.n, d.p, d.y, d.w, 25, 1e-8);
        const rows = fitRows(d.x, d.n, d.p, d.y, d.w);
        expect(rows.cells).not.toBeNull();
        const byCell = binomialIrls(rows.x, rows.m, d.p, rows.y, rows.w, 25, 1e-8, rows.from);
        expect(byCell.rank).toBe(byRow.rank);
        expect(Array.from(byCell.aliased)).toEqual(Array.from(byRow.aliased));
        expect(byCell.iter).toBe(byRow.iter);
        expect(byCell.converged).toBe(byRow.converged);
        expect(maxRel(byCell.coef, byRow.coef)).toBeLessThan(1e-10);
        expect(maxRel(byCell.covUnscaled, byRow.covUnscaled)).toBeLessThan(1e-10);
        expect(maxRel(expandCells(rows.cells!, byCell.mu), byRow.mu)).toBeLessThan(1e-10);
        expect(rel(byCell.deviance, byRow.deviance)).toBeLessThan(1e-13);
      }),
      { numRuns: 40 },
    );
  });
});
