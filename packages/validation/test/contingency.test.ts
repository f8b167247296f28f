import {
  chiSquareTest,
  compareCategorical,
  fisherExactTest,
  StatsInputError,
  StatsLimitError,
} from '@survkit/stats';
import { describe, expect, it } from 'vitest';
import {
  contingencyFixture,
  P_VALUE_TOLERANCE,
  runContingencySuite,
  STATISTIC_TOLERANCE,
} from '../src/suites/contingency.js';

const fx = contingencyFixture();

describe('contingency tables against R 4.2.2 (fixtures/contingency.json from r/contingency.R; statistics rel 1e-9, p rel 1e-6)', () => {
  it('covers a few hundred tables from 2×2 to 5×5, with zeros and empty margins', () => {
    expect(fx.tables.length).toBeGreaterThanOrEqual(300);
    const shapes = new Set(fx.tables.map((c) => `${c.table.length}x${c.table[0]!.length}`));
    expect(shapes.size).toBe(16);
    expect(fx.tables.some((c) => c.table.some((r) => r.every((v) => v === 0)))).toBe(true);
    expect(STATISTIC_TOLERANCE).toBe(1e-9);
    expect(P_VALUE_TOLERANCE).toBe(1e-6);
  });

  it("method strings are R's", () => {
    const yates = fx.tables.find((c) => c.chisqCorrected?.method.includes('Yates'))!;
    expect(chiSquareTest(yates.table).method).toBe(yates.chisqCorrected!.method);
    const plain = fx.tables.find((c) => c.table.length === 3 && c.chisq !== undefined)!;
    expect(chiSquareTest(plain.table).method).toBe(plain.chisq!.method);
    expect(
      fisherExactTest([
        [1, 2],
        [3, 4],
      ]).method,
    ).toBe("Fisher's Exact Test for Count Data");
  });

  it('chisq.test (with and without correction) and fisher.test agree with R on every fixture table', () => {
    const s = runContingencySuite();
    expect(s.failures).toEqual([]);
    expect(s.cases).toBe(fx.tables.length);
    expect(s.checks).toBeGreaterThan(2000);
  });
});

describe('chiSquareTest defaults and warnings follow chisq.test', () => {
  it('applies Yates correction by default to 2×2 tables, as R does (correct = TRUE)', () => {
    const c = fx.tables.find((t) => t.chisqCorrected?.method.includes('Yates'))!;
    expect(chiSquareTest(c.table).statistic).toBe(chiSquareTest(c.table, { correct: true }).statistic);
    // Oracle: the fixture's corrected statistic (R) differs from the uncorrected one (R).
    expect(c.chisqCorrected!.statistic).not.toBe(c.chisq!.statistic);
  });

  it("warns in R's words when an expected count is below 5", () => {
    expect(
      chiSquareTest([
        [1, 9],
        [8, 2],
      ]).warnings,
    ).toEqual(['Chi-squared approximation may be incorrect']);
    expect(
      chiSquareTest([
        [20, 30],
        [30, 20],
      ]).warnings,
    ).toEqual([]);
  });
});

describe('fisherExactTest speed and limits', () => {
  it('answers a 2×5 table with n = 300 and a 4×4 table with n = 100 in well under a second each', () => {
    // Oracle: R 4.2.2 fisher.test(x, workspace = 2e8) on the same tables, in the fixture.
    const wide = fx.tables.find(
      (c) => c.table.length === 2 && c.table[0]!.length === 5 && sum(c.table) === 300,
    )!;
    const square = fx.tables.find(
      (c) => c.table.length === 4 && c.table[0]!.length === 4 && sum(c.table) === 100,
    )!;
    for (const c of [wide, square]) {
      const t0 = performance.now();
      const p = fisherExactTest(c.table).pValue;
      const ms = performance.now() - t0;
      expect(Math.abs(p - c.fisherP) / c.fisherP).toBeLessThan(P_VALUE_TOLERANCE);
      expect(ms).toBeLessThan(1000);
    }
  });

  it('throws StatsLimitError naming the limit for a table beyond the exact network, instead of hanging', () => {
    // 5×5 with n = 1000: the first column alone has ~7·10⁷ possible fillings.
    const big = Array.from({ length: 5 }, () => [40, 40, 40, 40, 40]);
    const t0 = performance.now();
    let error: unknown;
    try {
      fisherExactTest(big);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StatsLimitError);
    expect((error as Error).message).toMatch(/^fisherExactTest: .*\(limit: max(Work|Nodes) = \d+\)$/);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});

describe('bad input throws StatsInputError naming the function, the problem and the cell', () => {
  const fns = {
    chiSquareTest: (t: number[][]) => chiSquareTest(t),
    fisherExactTest: (t: number[][]) => fisherExactTest(t),
    compareCategorical: (t: number[][]) => compareCategorical(t),
  };
  for (const [name, fn] of Object.entries(fns)) {
    it(`${name}: negative, non-integer, NaN, ragged, too few non-empty rows/columns`, () => {
      const cases: [number[][], RegExp][] = [
        [
          [
            [1, -2],
            [3, 4],
          ],
          new RegExp(`^${name}: table\\[0\\]\\[1\\]: count is -2`),
        ],
        [
          [
            [1, 2],
            [3, 4.5],
          ],
          new RegExp(`^${name}: table\\[1\\]\\[1\\]: count is 4.5; expected a non-negative integer`),
        ],
        [
          [
            [1, 2],
            [Number.NaN, 4],
          ],
          new RegExp(`^${name}: table\\[1\\]\\[0\\]: count is NaN`),
        ],
        [
          [
            [1, 2],
            [3, 4, 5],
          ],
          new RegExp(`^${name}: table: ragged rows: row 1 has 3 cells`),
        ],
        [[[1, 2]], new RegExp(`^${name}: table: needs at least 2 rows`)],
        [
          [
            [0, 0],
            [0, 0],
          ],
          new RegExp(`^${name}: table: all counts are zero`),
        ],
      ];
      for (const [table, message] of cases) {
        expect(() => fn(table)).toThrow(StatsInputError);
        expect(() => fn(table)).toThrow(message);
      }
    });
  }

  it('Fisher and compareCategorical need 2 non-empty rows and columns; chiSquareTest rejects any empty margin', () => {
    expect(() =>
      fisherExactTest([
        [3, 4],
        [0, 0],
      ]),
    ).toThrow(/fisherExactTest: table: needs at least 2 non-empty rows/);
    expect(() =>
      compareCategorical([
        [3, 0],
        [4, 0],
        [5, 0],
      ]),
    ).toThrow(/2 non-empty rows and 2 non-empty columns, got 3 × 1/);
    expect(() =>
      chiSquareTest([
        [3, 4],
        [0, 0],
        [1, 2],
      ]),
    ).toThrow(/chiSquareTest: table: row 1 is all zero/);
    expect(() =>
      compareCategorical(
        [
          [1, 2],
          [3, 4],
        ],
        { test: 'exact' as never },
      ),
    ).toThrow(StatsInputError);
  });
});

describe('compareCategorical follows the gtsummary rule', () => {
  it('drops all-zero rows, then uses chisq without correction when every expected count ≥ 5, else Fisher', () => {
    // Oracle: fixture tables; each result must equal R's chisq.test(correct = FALSE) or fisher.test.
    let chisq = 0;
    let fisher = 0;
    for (const c of fx.tables) {
      if (c.chisq === undefined) continue;
      const r = compareCategorical(c.table);
      const minE = Math.min(...c.chisq.expected!.flat());
      if (minE >= 5) {
        chisq++;
        expect(r.test).toBe('chisq');
        expect(Math.abs(r.pValue - c.chisq.pValue) / c.chisq.pValue).toBeLessThan(P_VALUE_TOLERANCE);
      } else {
        fisher++;
        expect(r.test).toBe('fisher');
        expect(Math.abs(r.pValue - c.fisherP) / c.fisherP).toBeLessThan(P_VALUE_TOLERANCE);
      }
      expect(Math.abs(r.minExpected - minE) / minE).toBeLessThan(STATISTIC_TOLERANCE);
    }
    expect(chisq).toBeGreaterThan(20);
    expect(fisher).toBeGreaterThan(20);
  });

  it('tests a table with an all-zero row exactly as R tests the table without it', () => {
    const c = fx.tables.find((t) => t.chisq === undefined && t.table.some((r) => r.every((v) => v === 0)))!;
    const r = compareCategorical(c.table, { test: 'fisher' });
    expect(Math.abs(r.pValue - c.fisherP) / c.fisherP).toBeLessThan(P_VALUE_TOLERANCE);
    const droppedSomething =
      r.testedTable.length < c.table.length || r.testedTable[0]!.length < c.table[0]!.length;
    expect(droppedSomething).toBe(true);
    expect(r.testedTable.some((row) => row.every((v) => v === 0))).toBe(false);
  });
});

function sum(t: number[][]): number {
  return t.flat().reduce((a, b) => a + b, 0);
}
