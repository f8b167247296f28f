import {
  chiSquareTest,
  compareCategorical,
  fisherExactTest,
  kruskalWallisTest,
  median,
  quantile,
  wilcoxonRankSumTest,
} from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * r×c tables (2..maxDim each way) of counts 0..maxCount with total ≤ maxTotal and at least 2
 * non-empty rows and columns. Totals stay small so the exact test runs in milliseconds.
 */
const countTable = (maxCount: number, maxDim = 4, maxTotal = 60) =>
  fc
    .tuple(fc.integer({ min: 2, max: maxDim }), fc.integer({ min: 2, max: maxDim }))
    .chain(([r, c]) =>
      fc.array(fc.array(fc.integer({ min: 0, max: maxCount }), { minLength: c, maxLength: c }), {
        minLength: r,
        maxLength: r,
      }),
    )
    .filter(
      (t) => sum(t.flat()) <= maxTotal && nonEmpty(t.map(sum)) >= 2 && nonEmpty(transpose(t).map(sum)) >= 2,
    );

/** Tables with no all-zero row or column, which chi-square accepts. */
const fullMarginTable = (maxCount: number, maxTotal = 60) =>
  countTable(maxCount, 4, maxTotal).filter(
    (t) => t.every((r) => sum(r) > 0) && transpose(t).every((c) => sum(c) > 0),
  );

const RUNS = { numRuns: 120 };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('contingency tests: invariants (fast-check)', () => {
  it('p-values of chi-square (with and without correction), Fisher and compareCategorical lie in [0, 1]', () => {
    fc.assert(
      fc.property(fullMarginTable(15), (t) => {
        for (const p of [
          chiSquareTest(t).pValue,
          chiSquareTest(t, { correct: false }).pValue,
          fisherExactTest(t).pValue,
          compareCategorical(t).pValue,
        ]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it('chi-square statistic and p and Fisher p are unchanged by permuting rows, permuting columns, or transposing', () => {
    fc.assert(
      fc.property(
        fullMarginTable(15).chain((t) =>
          fc.tuple(
            fc.constant(t),
            fc.shuffledSubarray(range(t.length), { minLength: t.length, maxLength: t.length }),
            fc.shuffledSubarray(range(t[0]!.length), { minLength: t[0]!.length, maxLength: t[0]!.length }),
          ),
        ),
        ([t, rowOrder, colOrder]) => {
          const base = chiSquareTest(t);
          const fisher = fisherExactTest(t).pValue;
          const variants = [
            rowOrder.map((i) => t[i]!),
            t.map((r) => colOrder.map((j) => r[j]!)),
            transpose(t),
          ];
          for (const v of variants) {
            const c = chiSquareTest(v);
            // Only the order of floating-point summation changes.
            expect(rel(c.statistic, base.statistic)).toBeLessThan(1e-12);
            expect(rel(c.pValue, base.pValue)).toBeLessThan(1e-10);
            expect(c.df).toBe(base.df);
            expect(rel(fisherExactTest(v).pValue, fisher)).toBeLessThan(1e-9);
          }
        },
      ),
      RUNS,
    );
  });

  it("Fisher's p is at least the point probability of the observed table", () => {
    fc.assert(
      fc.property(countTable(20), (t) => {
        expect(fisherExactTest(t).pValue).toBeGreaterThanOrEqual(
          Math.exp(logPointProbability(t)) * (1 - 1e-9),
        );
      }),
      RUNS,
    );
  });

  it("Fisher's p equals brute-force enumeration of all tables with the same margins (P ≤ P_obs·(1+1e-7))", () => {
    // Oracle: exhaustive enumeration written independently here, for tables small enough to list.
    fc.assert(
      fc.property(countTable(4, 3, 18), (t) => {
        const expected = bruteForceFisher(t);
        expect(rel(fisherExactTest(t).pValue, expected)).toBeLessThan(1e-9);
      }),
      { numRuns: 80 },
    );
  });

  it('chi-square statistic is 0 (and p = 1) for a table equal to its expected counts, scaled by any factor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        (a, b, k, correct) => {
          const t = a.map((ai) => b.map((bj) => ai * bj * k));
          const r = chiSquareTest(t, { correct });
          expect(r.statistic).toBe(0);
          expect(r.pValue).toBe(1);
        },
      ),
      RUNS,
    );
  });

  it('doubling all counts doubles the uncorrected chi-square statistic and never increases its p-value for a non-independent table', () => {
    fc.assert(
      fc.property(fullMarginTable(30, 400), (t) => {
        const once = chiSquareTest(t, { correct: false });
        fc.pre(once.statistic > 0);
        const twice = chiSquareTest(
          t.map((r) => r.map((v) => 2 * v)),
          { correct: false },
        );
        expect(rel(twice.statistic, 2 * once.statistic)).toBeLessThan(1e-12);
        expect(twice.pValue).toBeLessThanOrEqual(once.pValue);
      }),
      RUNS,
    );
  });
});

/** Samples with ties likely (small integers) or not (doubles). */
const sample = (minLength: number, maxLength: number) =>
  fc.oneof(
    fc.array(fc.integer({ min: 0, max: 8 }), { minLength, maxLength }),
    fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength, maxLength }),
  );

describe('rank tests and quantiles: invariants (fast-check)', () => {
  it('swapping the samples turns W into n_x·n_y − W and leaves the Wilcoxon p-value unchanged', () => {
    fc.assert(
      fc.property(sample(1, 60), sample(1, 60), fc.boolean(), (x, y, correct) => {
        // Every value tied (e.g. x = [0], y = [0]): the normal approximation's variance is 0 and
        // R's wilcox.test gives p = NaN, which we report as null; the invariant is about real p-values.
        fc.pre(new Set([...x, ...y]).size > 1);
        const a = wilcoxonRankSumTest(x, y, { correct });
        const b = wilcoxonRankSumTest(y, x, { correct });
        expect(b.statistic).toBe(x.length * y.length - a.statistic);
        expect(rel(b.pValue, a.pValue)).toBeLessThan(1e-12);
        expect(a.pValue).toBeGreaterThanOrEqual(0);
        expect(a.pValue).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('Wilcoxon W and p are unchanged by a strictly increasing transformation of the data', () => {
    fc.assert(
      fc.property(sample(1, 40), sample(1, 40), (x, y) => {
        const f = (v: number) => Math.exp(v / 10) * 3 - 1;
        // f must keep distinct values distinct in floating point, or the ranks legitimately change.
        fc.pre(new Set([...x, ...y]).size === new Set([...x, ...y].map(f)).size);
        const a = wilcoxonRankSumTest(x, y);
        const b = wilcoxonRankSumTest(x.map(f), y.map(f));
        expect(b.statistic).toBe(a.statistic);
        expect(b.pValue).toBe(a.pValue);
      }),
      RUNS,
    );
  });

  it('Kruskal–Wallis H for two groups equals the squared Wilcoxon z without continuity correction (tie-corrected both)', () => {
    fc.assert(
      fc.property(sample(1, 60), sample(1, 60), (x, y) => {
        fc.pre(new Set([...x, ...y]).size > 1);
        const w = wilcoxonRankSumTest(x, y, { exact: false, correct: false });
        const h = kruskalWallisTest([x, y]);
        // Two-sided normal p = chi-square(1) upper tail of z²: the two p-values coincide.
        expect(rel(h.pValue, w.pValue)).toBeLessThan(1e-7);
        expect(h.df).toBe(1);
      }),
      RUNS,
    );
  });

  it('Kruskal–Wallis H and p are unchanged by reordering the groups or the values within a group', () => {
    fc.assert(
      fc.property(fc.array(sample(1, 15), { minLength: 2, maxLength: 5 }), (groups) => {
        fc.pre(new Set(groups.flat()).size > 1);
        const a = kruskalWallisTest(groups);
        const b = kruskalWallisTest([...groups].reverse().map((g) => [...g].reverse()));
        // H = 12/(N(N+1))·Σ R_i²/n_i − 3(N+1), divided by the tie correction: reordering changes the
        // summation order, so H agrees to rounding on the scale of the terms that cancel (3(N+1)),
        // not relative to a small H (a seeded run found 3e-12 relative at H = 0.0025, 7e-15 absolute).
        const N = groups.reduce((s, g) => s + g.length, 0);
        expect(Math.abs(b.statistic - a.statistic)).toBeLessThan(
          1e-12 * Math.max(Math.abs(a.statistic), 3 * (N + 1)),
        );
        expect(b.pValue).toBeGreaterThanOrEqual(0);
        expect(b.pValue).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('type-7 quantiles are non-decreasing in p, run from min to max, and agree with the median at p = 0.5', () => {
    fc.assert(
      fc.property(
        sample(1, 50),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (v, ps) => {
          const probs = [...ps].sort((a, b) => a - b);
          const q = quantile(v, probs);
          for (let i = 1; i < q.length; i++) expect(q[i]!).toBeGreaterThanOrEqual(q[i - 1]!);
          const [lo, hi, mid] = quantile(v, [0, 1, 0.5]);
          expect(lo).toBe(Math.min(...v));
          expect(hi).toBe(Math.max(...v));
          expect(Math.abs(mid! - median(v))).toBeLessThanOrEqual(
            1e-12 * Math.max(Math.abs(lo!), Math.abs(hi!), 1),
          );
        },
      ),
      RUNS,
    );
  });
});

function sum(a: readonly number[]): number {
  return a.reduce((s, v) => s + v, 0);
}

function nonEmpty(margins: readonly number[]): number {
  return margins.filter((m) => m > 0).length;
}

function transpose(t: readonly (readonly number[])[]): number[][] {
  return t[0]!.map((_, j) => t.map((r) => r[j]!));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/** log of ∏R_i! ∏C_j! / (n! ∏x_ij!), the hypergeometric probability of the table. */
function logPointProbability(t: readonly (readonly number[])[]): number {
  let s = -logFactorial(sum(t.flat()));
  for (const r of t) s += logFactorial(sum(r));
  for (const c of transpose(t)) s += logFactorial(sum(c));
  for (const v of t.flat()) s -= logFactorial(v);
  return s;
}

/** Enumerates every table with the margins of `t`, summing P over those with P ≤ P_obs·(1 + 1e-7). */
function bruteForceFisher(t: readonly (readonly number[])[]): number {
  const rows = t.map(sum);
  const cols = transpose(t).map(sum);
  const nr = rows.length;
  const nc = cols.length;
  const pObs = Math.exp(logPointProbability(t));
  const cells: number[][] = rows.map(() => cols.map(() => 0));
  let total = 0;
  const rowLeft = [...rows];
  const colLeft = [...cols];
  const visit = (k: number): void => {
    if (k === nr * nc) {
      if (rowLeft.every((v) => v === 0) && colLeft.every((v) => v === 0)) {
        const p = Math.exp(logPointProbability(cells));
        if (p <= pObs * (1 + 1e-7)) total += p;
      }
      return;
    }
    const i = Math.floor(k / nc);
    const j = k % nc;
    // The last row and the last column are forced by the margins.
    const forced = i === nr - 1 ? colLeft[j]! : j === nc - 1 ? rowLeft[i]! : -1;
    const lo = Math.max(forced, 0);
    const hi = forced >= 0 ? forced : Math.min(rowLeft[i]!, colLeft[j]!);
    if (hi > rowLeft[i]! || hi > colLeft[j]!) return;
    for (let v = lo; v <= hi; v++) {
      cells[i]![j] = v;
      rowLeft[i]! -= v;
      colLeft[j]! -= v;
      visit(k + 1);
      rowLeft[i]! += v;
      colLeft[j]! += v;
    }
  };
  visit(0);
  return total;
}
