import {
  balanceTable,
  logisticModel,
  logisticRegression,
  propensityWeights,
  StatsInputError,
} from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitGlmCase, GLM_TOL, propensityChecks, propensityFixture } from '../src/suites/propensity.js';

const fx = propensityFixture();

describe('logisticRegression, propensityWeights and balanceTable against R (propensity.R, R 4.2.2)', () => {
  it('every glm, IPTW and balance number agrees (glm at relative 1e-8, closed forms at 1e-12)', () => {
    const { list, cases } = propensityChecks();
    expect(cases).toBe(fx.glm.length + 1 + fx.weights.length + fx.balance.length);
    expect(fx.glm.length).toBe(18);
    expect(list.checks.filter((c) => !c.pass)).toEqual([]);
    expect(GLM_TOL).toBe(1e-8);
  });

  it("separation gives R's two warnings word for word and a typed flag", () => {
    const c = fx.glm.find((x) => x.name === 'separated')!;
    const r = fitGlmCase(c);
    expect(r.separation).toBe(true);
    expect(r.converged).toBe(false);
    expect(r.warnings).toEqual([
      'glm.fit: algorithm did not converge',
      'glm.fit: fitted probabilities numerically 0 or 1 occurred',
    ]);
  });

  it('the "cells:" cases repeat rows: at most n/4 distinct (covariates, y, weight), so the engine fits them by cells', () => {
    const cases = fx.glm.filter((c) => c.name.startsWith('cells:'));
    expect(cases.length).toBe(4);
    for (const c of cases) {
      const n = c.data.y.length;
      const cols = Object.values(c.data.covariates);
      const distinct = new Set<string>();
      for (let i = 0; i < n; i++)
        distinct.add([c.data.y[i], c.data.weights?.[i] ?? 1, ...cols.map((col) => col[i])].join(','));
      expect(distinct.size).toBeLessThanOrEqual(Math.floor(n / 4));
    }
  });

  it('an aliased column has null (NA) fields, as R', () => {
    const c = fx.glm.find((x) => x.name === 'infert aliased column')!;
    const t = fitGlmCase(c).terms.find((x) => x.name === 'age2')!;
    expect(t.coef).toBeNull();
    expect(t.stdErr).toBeNull();
  });
});

describe('logisticModel: complete cases', () => {
  it('a row missing a model variable is dropped, counted, and absent from rows', () => {
    const { treat, variables, psModelVariables } = fx.colon;
    const age = variables.age as { type: 'numeric'; values: number[] };
    const values = age.values.slice();
    values[5] = Number.NaN;
    const r = logisticModel(treat, { ...variables, age: { type: 'numeric', values } }, psModelVariables);
    expect(r.nDropped).toBe(1);
    expect(r.rows.length).toBe(treat.length - 1);
    expect(Array.from(r.rows)).not.toContain(5);
    expect(r.fit.fitted.length).toBe(r.rows.length);
  });
});

describe('propensity: bad input is a typed error naming the field and row', () => {
  it('outcome outside [0, 1]', () => {
    expect(() => logisticRegression({ y: [0, 1, 2], covariates: { x: [1, 2, 3] } })).toThrow(
      /logisticRegression: y, row 2: outcome is 2/,
    );
  });
  it('a non-finite covariate', () => {
    expect(() => logisticRegression({ y: [0, 1, 1], covariates: { x: [1, Number.NaN, 3] } })).toThrow(
      StatsInputError,
    );
  });
  it('a propensity score of 1', () => {
    expect(() => propensityWeights([0.5, 1], [1, 0])).toThrow(/propensityWeights: ps, row 1/);
  });
  it('balance with a negative weight', () => {
    expect(() =>
      balanceTable(
        [1, 0, 1, 0],
        { x: { type: 'numeric', values: [1, 2, 3, 4] } },
        { weights: [1, 1, -1, 1] },
      ),
    ).toThrow(/balanceTable: weights, row 2/);
  });
});

describe('propensity: invariants (fast-check)', () => {
  const { ps, treat } = fx.colon;
  it("stabilising multiplies each group's weight sum by its proportion and leaves its ESS unchanged", () => {
    const raw = propensityWeights(ps, treat, { estimand: 'ATE' });
    const stab = propensityWeights(ps, treat, { estimand: 'ATE', stabilize: true });
    const n = ps.length;
    expect(stab.treated.sumWeights).toBeCloseTo((raw.treated.sumWeights * stab.treated.n) / n, 9);
    expect(stab.control.sumWeights).toBeCloseTo((raw.control.sumWeights * stab.control.n) / n, 9);
    // ESS is invariant to a constant multiple of a group's weights.
    expect(stab.treated.ess).toBeCloseTo(raw.treated.ess, 9);
  });

  it('the SMD of a variable is 0 after weighting that balances it exactly (weights making both groups identical copies)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 30 }), (xs) => {
        // Every value appears once in each group: exact matching on x.
        const values = [...xs, ...xs];
        const z = [...xs.map(() => 1), ...xs.map(() => 0)];
        const r = balanceTable(z, { x: { type: 'numeric', values } }, { weights: values.map(() => 1) });
        return r.rows[0]!.adjusted!.smd === 0;
      }),
    );
  });

  it('row order changes no logistic coefficient or SE', () => {
    const c = fx.glm.find((x) => x.name === 'infert education factor')!;
    const ref = fitGlmCase(c);
    const n = c.data.y.length;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
        (keys) => {
          const perm = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
          const pick = (a: number[]) => perm.map((i) => a[i]!);
          const covariates = Object.fromEntries(
            Object.entries(c.data.covariates).map(([k, v]) => [k, pick(v)]),
          );
          const r = logisticRegression({ y: pick(c.data.y), covariates }, { terms: [] });
          return r.terms.every(
            (t, k) =>
              Math.abs(t.coef! - ref.terms[k]!.coef!) <= 1e-9 * Math.abs(ref.terms[k]!.coef!) &&
              Math.abs(t.stdErr! - ref.terms[k]!.stdErr!) <= 1e-9 * ref.terms[k]!.stdErr!,
          );
        },
      ),
      { numRuns: 20 },
    );
  });

  it('logistic coefficients flip sign when the outcome is flipped', () => {
    const c = fx.glm.find((x) => x.name === 'infert')!;
    const a = fitGlmCase(c);
    const b = logisticRegression({ y: c.data.y.map((v) => 1 - v), covariates: c.data.covariates });
    a.terms.forEach((t, k) => {
      expect(b.terms[k]!.coef).toBeCloseTo(-t.coef!, 9);
    });
  });
});
