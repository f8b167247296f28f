import {
  fisherExactTest,
  fisherMonteCarloTest,
  rUniformStream,
  StatsInputError,
  StatsLimitError,
} from '@survkit/stats';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../src/fixtures.js';

interface FisherSimFixture {
  readonly r: string;
  readonly rngKind: readonly string[];
  readonly runif: readonly { readonly seed: number; readonly scaled: readonly number[] }[];
  readonly tables: readonly {
    readonly table: number[][];
    readonly B: number;
    readonly seed: number;
    readonly pValue: number;
    /** R's sum(STAT <= STATISTIC / almost.1): p = (1 + nAsExtreme) / (B + 1). */
    readonly nAsExtreme: number;
    /** fisher.test's method; null for tables given as 2×2 (R's Fisher_sim called directly). */
    readonly method: string | null;
  }[];
  /** Tables R's fisher.test(x, workspace = 2e8) refuses at once (FEXACT error 5/501), with R's message. */
  readonly refused: readonly { readonly table: number[][]; readonly error: string }[];
}

const fx = readFixture<FisherSimFixture>('fisher-sim.json');

describe('rUniformStream against R 4.2.2 set.seed(seed); runif(1300) (fixtures/fisher-sim.json from r/fisher-sim.R; exact)', () => {
  it("R's default generator is the one the fixture was made with", () => {
    expect(fx.rngKind[0]).toBe('Mersenne-Twister');
    expect(fx.runif.length).toBeGreaterThanOrEqual(5);
  });

  it.each(fx.runif.map((c) => [c.seed, c.scaled] as const))(
    'seed %i: every draw equals R bit for bit (runif · 2^32 is an integer)',
    (seed, scaled) => {
      const u = rUniformStream(seed);
      const ours = Array.from(scaled, () => u() * 2 ** 32);
      expect(ours).toEqual(scaled);
    },
  );

  it('rejects a seed R would not take as an integer, naming the field', () => {
    expect(() => rUniformStream(1.5)).toThrow(StatsInputError);
    expect(() => rUniformStream(2 ** 31)).toThrow(/seed/);
  });
});

describe('fisherMonteCarloTest against R 4.2.2 set.seed(seed); fisher.test(x, simulate.p.value = TRUE, B = B) (fixtures/fisher-sim.json; exact)', () => {
  it('covers ≥ 20 tables from 2×2 to 5×8, totals up to 10⁵, B = 2000 and 10000', () => {
    expect(fx.tables.length).toBeGreaterThanOrEqual(20);
    const shapes = new Set(fx.tables.map((c) => `${c.table.length}x${c.table[0]!.length}`));
    expect(shapes.has('2x2') && shapes.has('5x8')).toBe(true);
    expect(new Set(fx.tables.map((c) => c.B))).toEqual(new Set([2000, 10000]));
  });

  it.each(fx.tables.map((c, i) => [i, c] as const))(
    'table %i: the same count of simulated tables as extreme, hence the same p-value',
    (_, c) => {
      const r = fisherMonteCarloTest(c.table, { B: c.B, seed: c.seed });
      expect(Math.round(r.pValue * (c.B + 1)) - 1).toBe(c.nAsExtreme);
      expect(Math.abs(r.pValue - c.pValue)).toBeLessThanOrEqual(1e-12 * c.pValue);
      expect(r.stdErr).toBeCloseTo(Math.sqrt((c.pValue * (1 - c.pValue)) / c.B), 15);
      expect([r.B, r.seed]).toEqual([c.B, c.seed]);
      if (c.method !== null) expect(r.method).toBe(c.method);
    },
  );

  it('rejects B that is not a positive integer, naming options.B', () => {
    const t = [
      [1, 2, 3],
      [3, 2, 1],
    ];
    expect(() => fisherMonteCarloTest(t, { B: 0, seed: 1 })).toThrow(/options\.B/);
    expect(() => fisherMonteCarloTest(t, { B: 10.5, seed: 1 })).toThrow(StatsInputError);
  });
});

describe("fisherExactTest refuses at once where R's FEXACT does (fixtures/fisher-sim.json: fisher.test(x, workspace = 2e8) errors)", () => {
  it.each(fx.refused.map((c, i) => [i, c.table] as const))(
    'table %i: StatsLimitError naming maxKey at once (not after the ~9 s work budget), so a Monte Carlo p-value can follow',
    (_, table) => {
      const t0 = performance.now();
      expect(() => fisherExactTest(table)).toThrow(StatsLimitError);
      expect(() => fisherExactTest(table)).toThrow(/limit: maxKey = 2147483647/);
      // The old path spent its whole work budget (about 9 s) first; the bound leaves room for a loaded machine.
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(fx.tables.some((c) => JSON.stringify(c.table) === JSON.stringify(table))).toBe(true);
    },
  );
});
