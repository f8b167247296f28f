import { balanceTable, nearestNeighborMatch, StatsInputError } from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISTANCE_TOL, matchCase, matchingChecks, matchingFixture } from '../src/suites/matching.js';

const fx = matchingFixture();

describe('nearestNeighborMatch against MatchIt (matching.R; the 4.5.3+ nearest-neighbour rule)', () => {
  it('every matched set, subclass, weight, balance row and weighted KM/Cox number agrees', () => {
    const { list, cases } = matchingChecks();
    // 3 data sets × 40 matchit calls + 3 distance checks + 4 weighted-survival cases.
    expect(cases).toBe(127);
    expect(list.checks.filter((c) => !c.pass)).toEqual([]);
    expect(DISTANCE_TOL).toBe(1e-9);
  });

  it('the tied-distance data set has tied distances, and the k = 3 cases run out of controls', () => {
    const ds = fx.matching.find((d) => d.name === 'tied distances')!;
    expect(new Set(ds.logit).size).toBeLessThan(10);
    const c = ds.cases.find(
      (x) => x.options.ratio === 3 && !x.options.replace && x.options.caliper === null,
    )!;
    expect(c.matchMatrix).toContain(-1);
  });

  it('refuses the ATE, a random order and a ratio of 0 with typed errors naming the option', () => {
    const ds = fx.matching[0]!;
    const call = (o: object) => () => nearestNeighborMatch(ds.treat, ds.logit, o as never);
    expect(call({ estimand: 'ATE' })).toThrow(StatsInputError);
    expect(call({ estimand: 'ATE' })).toThrow(/estimand.*ATT/);
    expect(call({ order: 'random' })).toThrow(/order/);
    expect(call({ ratio: 0 })).toThrow(/ratio/);
    expect(() => nearestNeighborMatch([1, 0, 1], [0.1, Number.NaN, 0.3])).toThrow(/distance, row 1/);
  });

  it('with replacement, m.order does not change the matches (MatchIt uses "data")', () => {
    const ds = fx.matching[1]!;
    const c = ds.cases.find((x) => x.options.replace && x.options.ratio === 2)!;
    const a = matchCase(ds, c);
    const b = matchCase(ds, { ...c, options: { ...c.options, order: 'smallest' } });
    expect(Array.from(b.matchMatrix)).toEqual(Array.from(a.matchMatrix));
  });
});

describe('nearestNeighborMatch invariants (fast-check)', () => {
  const sample = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -20, max: 20 })), {
      minLength: 4,
      maxLength: 40,
    })
    .filter((rows) => rows.some((r) => r[0] === 1) && rows.some((r) => r[0] === 0));

  it('without replacement no control is used twice, and each treated unit has distinct controls', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 3 }), (rows, ratio) => {
        const m = nearestNeighborMatch(
          rows.map((r) => r[0]),
          rows.map((r) => r[1] / 4),
          { ratio, caliper: null },
        );
        const used = Array.from(m.matchMatrix).filter((j) => j >= 0);
        expect(new Set(used).size).toBe(used.length);
        for (const j of used) expect(rows[j]![0]).toBe(0);
      }),
    );
  });

  it('matching weights of the controls sum to the number of matched controls', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 3 }), fc.boolean(), (rows, ratio, replace) => {
        const m = nearestNeighborMatch(
          rows.map((r) => r[0]),
          rows.map((r) => r[1] / 4),
          { ratio, replace, caliper: null },
        );
        let sum = 0;
        rows.forEach((r, i) => {
          if (r[0] === 0) sum += m.weights[i]!;
        });
        expect(sum).toBeCloseTo(m.nMatched.control, 10);
      }),
    );
  });

  it('the SMD of a variable is 0 after 1:1 matching with replacement on that variable when every treated value has a control twin', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 20 }), (xs) => {
        // Each treated value also appears among the controls, so exact twins exist.
        const x = [...xs, ...xs, 100];
        const treat = [...xs.map(() => 1), ...xs.map(() => 0), 0];
        const m = nearestNeighborMatch(treat, x, { replace: true, caliper: null });
        const b = balanceTable(
          treat,
          { x: { type: 'numeric', values: x } },
          { estimand: 'ATT', weights: m.weights },
        );
        // Equal weighted means up to rounding of the weighted sums.
        expect(Math.abs(b.rows[0]!.adjusted!.smd!)).toBeLessThan(1e-12);
      }),
    );
  });
});
