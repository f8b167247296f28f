import { coxPH, coxZph, StatsInputError } from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../src/fixtures.js';
import { type CoxZphFixture, coxZphChecks, ZPH_TOL } from '../src/suites/coxExtras.js';

const fx = readFixture<CoxZphFixture>('cox-zph.json');

describe("coxZph against R's cox.zph (cox-zph.R, survival 3.5-3, relative tolerance 1e-6)", () => {
  it('per-term and global chisq, df and p agree for km/rank/identity on lung, strata, a factor term, (start, stop] and weights', () => {
    const { list, cases } = coxZphChecks();
    expect(cases).toBe(18);
    expect(list.checks.filter((c) => !c.pass)).toEqual([]);
    expect(ZPH_TOL).toBe(1e-6);
  });

  it('takes the coxPH fit explicitly and refuses coxPH options in its place', () => {
    const c = fx.cases.find((x) => x.name.includes('strata'))!;
    const { data } = c;
    const viaFit = coxZph(data, coxPH(data, { ties: c.ties }));
    expect(() => coxZph(data, { ties: c.ties } as never)).toThrow(StatsInputError);
    expect(viaFit.global.statistic).toBeCloseTo(c.tables[0]!.global.chisq, 8);
  });
});

describe('coxZph: invariants (fast-check)', () => {
  const c = fx.cases.find((x) => x.name.startsWith('lung: age + sex + ph.ecog, Efron'))!;
  const { data } = c;
  const ref = coxZph(data, coxPH(data, { ties: 'efron' }));
  const n = data.time.length;

  it('row order changes no statistic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
        (keys) => {
          const perm = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
          const pick = (a: ArrayLike<number>) => perm.map((i) => a[i]!);
          const covariates = Object.fromEntries(
            Object.entries(data.covariates).map(([k, v]) => [k, pick(v)]),
          );
          const permuted = {
            time: pick(data.time),
            event: pick(data.event as ArrayLike<number>),
            covariates,
          };
          const r = coxZph(permuted, coxPH(permuted));
          r.terms.forEach((t, i) => {
            expect(t.statistic).toBeCloseTo(ref.terms[i]!.statistic, 8);
          });
        },
      ),
      { numRuns: 5 },
    );
  });

  it("an increasing transform of time leaves the 'km' and 'rank' tests unchanged", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (power, shift) => {
          const t2 = { ...data, time: Array.from(data.time, (t) => shift + t ** power) };
          for (const transform of ['km', 'rank'] as const) {
            const a = coxZph(data, coxPH(data), { transform });
            const b = coxZph(t2, coxPH(t2), { transform });
            expect(b.global.statistic).toBeCloseTo(a.global.statistic, 7);
          }
        },
      ),
      { numRuns: 5 },
    );
  });
});

describe('coxZph: input contract', () => {
  const c = fx.cases[0]!;
  const { data } = c;
  const fit = coxPH(data);
  it('rejects an unknown transform, terms that miss or repeat a column, and a fit of other covariates', () => {
    expect(() => coxZph(data, fit, { transform: 'log' as 'km' })).toThrow(StatsInputError);
    expect(() => coxZph(data, fit, { terms: { a: ['age'] } })).toThrow(/not in any term/);
    expect(() => coxZph(data, fit, { terms: { a: ['age', 'sex'], b: ['sex', 'ph.ecog'] } })).toThrow(
      /coxZph: options.terms/,
    );
    const other = coxPH({ ...data, covariates: { age: data.covariates['age']! } });
    expect(() => coxZph(data, other)).toThrow(/do not match/);
  });
});
