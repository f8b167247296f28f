import { type CoxData, coxFirth, coxPH, StatsInputError } from '@survkit/stats';
import { describe, expect, it } from 'vitest';
import { CheckList } from '../src/compare.js';
import {
  COX_TOLERANCE,
  checkCoxCase,
  checkCoxEvaluation,
  coxFixture,
  runCoxSuite,
} from '../src/suites/cox.js';

const fx = coxFixture();
const byName = (name: string) => {
  const c = fx.cases.find((k) => k.name === name);
  if (c === undefined) throw new Error(`fixture case ${name} missing`);
  return c;
};

describe('coxPH against R 4.2.2 / survival 3.5-3 (fixtures/cox.json from r/cox.R; relative 1e-7)', () => {
  it('covers lung, veteran, ovarian, colon, pbc, heart and seeded random data with ties, strata, weights, entry and clusters', () => {
    expect(fx.survival).toBe('3.5.3');
    for (const d of [
      'lung',
      'veteran',
      'ovarian',
      'colon',
      'pbc',
      'heart',
      'random counting process',
      'random ties',
    ])
      expect(fx.cases.some((c) => c.name.startsWith(d))).toBe(true);
    expect(fx.cases.some((c) => c.data.entry !== undefined && c.data.cluster !== undefined)).toBe(true);
    expect(fx.cases.some((c) => c.data.strata !== undefined && c.data.weights !== undefined)).toBe(true);
    expect(fx.cases.some((c) => c.options.ties === 'breslow')).toBe(true);
    expect(fx.cases.length).toBeGreaterThanOrEqual(25);
    expect(fx.evaluations.length).toBeGreaterThanOrEqual(8);
    expect(COX_TOLERANCE).toBeLessThanOrEqual(1e-6);
  });

  for (const c of fx.cases) {
    it(`${c.name}: coefficients, SEs (model and robust), log-likelihoods, the three tests, concordance and its SE match R`, () => {
      const checks = new CheckList();
      checkCoxCase(checks, c);
      expect(checks.checks.filter((k) => !k.pass)).toEqual([]);
      expect(checks.checks.length).toBeGreaterThan(30);
    });
  }

  for (const c of fx.evaluations) {
    it(`${c.name}: l(b), I(b)⁻¹ and the score test at a non-optimal b match coxph(init = b, iter.max = 0)`, () => {
      const checks = new CheckList();
      checkCoxEvaluation(checks, c);
      expect(checks.checks.filter((k) => !k.pass)).toEqual([]);
    });
  }

  it('the suite used by the report appendix passes every check', () => {
    const s = runCoxSuite();
    expect(s.failures).toEqual([]);
    expect(s.checks).toBeGreaterThan(1500);
  });
});

describe("coxPH reproduces R's handling of numerical trouble (oracle: the same fixtures)", () => {
  it('monotone likelihood: R\'s "Loglik converged before variable  1 ; coefficient may be infinite. "', () => {
    const c = byName('monotone likelihood');
    const fit = coxPH(c.data, c.options);
    expect(fit.warnings).toContain('Loglik converged before variable  1 ; coefficient may be infinite. ');
    expect(fit.converged).toBe(true);
    expect(fit.terms[0]!.coef).toBeGreaterThan(15);
    // R's upper limit is Inf; ours too (a number, not NaN)
    expect(fit.terms[0]!.upper).toBe(c.expected.upper[0]);
    const cp = coxPH(byName('monotone likelihood, counting process').data);
    expect(cp.warnings).toContain('Loglik converged before variable  1 ; beta may be infinite. ');
  });

  it('aliased and constant columns give null (R: NA) in every field, a warning, and never NaN', () => {
    const c = byName('lung aliased + constant');
    const fit = coxPH(c.data, c.options);
    expect(c.expected.coef[2]).toBeNull();
    expect(c.expected.coef[3]).toBeNull();
    for (const j of [2, 3]) {
      const t = fit.terms[j]!;
      expect([t.coef, t.stdErr, t.hazardRatio, t.lower, t.upper, t.z, t.pValue]).toEqual([
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
    }
    expect(fit.warnings).toContain('X matrix deemed to be singular; variable 3 4');
    expect(fit.likelihoodRatioTest.df).toBe(3);
    expect(JSON.stringify(fit)).not.toContain('NaN');
  });

  it("running out of iterations: converged false, R's warning and R's iteration count", () => {
    const c = byName('lung iter.max = 2');
    const fit = coxPH(c.data, c.options);
    expect(fit.converged).toBe(false);
    expect(fit.warnings).toContain('Ran out of iterations and did not converge');
    expect(fit.iterations).toBe(c.expected.iter);
  });

  it('firth: true delegates to coxFirth: finite estimates exactly where the ordinary fit diverges', () => {
    const c = byName('monotone likelihood');
    const fit = coxPH(c.data, { firth: true });
    const direct = coxFirth(c.data);
    expect(fit.terms.map((t) => t.coef)).toEqual(direct.terms.map((t) => t.coef));
    expect(fit.terms.every((t) => Number.isFinite(t.coef ?? Number.NaN))).toBe(true);
    expect(fit.warnings.some((w) => w.includes('may be infinite'))).toBe(false);
  });

  it("concordance: false leaves out only the concordance; every other field is the default fit's", () => {
    for (const name of ['lung efron', 'colon cluster(id) strata(etype)']) {
      const c = byName(name);
      const full = coxPH(c.data, c.options);
      const lean = coxPH(c.data, { ...c.options, concordance: false });
      expect(lean.concordance).toEqual({ estimate: null, stdErr: null });
      expect(full.concordance.estimate).not.toBeNull();
      expect({ ...lean, concordance: full.concordance }).toEqual(full);
    }
  });

  it('robust variance is used by default with a cluster (as R) and reported next to the model-based SE', () => {
    const c = byName('colon cluster(id) strata(etype)');
    const fit = coxPH(c.data);
    expect(fit.robust).toBe(true);
    expect(fit.naiveVariance).toBeDefined();
    expect(fit.terms.every((t) => typeof t.robustStdErr === 'number' && typeof t.stdErr === 'number')).toBe(
      true,
    );
    const plain = coxPH(byName('lung efron').data);
    expect(plain.robust).toBe(false);
    expect(plain.terms.every((t) => t.robustStdErr === undefined)).toBe(true);
  });
});

describe('coxPH rejects bad input with a StatsInputError naming function, field and row', () => {
  const base: CoxData = {
    time: [5, 8, 12, 3, 9, 15],
    event: [1, 0, 1, 1, 1, 0],
    covariates: { age: [61, 70, 55, 72, 66, 50] },
  };
  const expectError = (data: CoxData, pattern: RegExp, row?: number) => {
    let caught: unknown;
    try {
      coxPH(data);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StatsInputError);
    const err = caught as StatsInputError;
    expect(err.fn).toBe('coxPH');
    expect(err.message).toMatch(/^coxPH: /);
    expect(err.message).toMatch(pattern);
    if (row !== undefined) expect(err.row).toBe(row);
  };

  it('NaN covariate', () =>
    expectError(
      { ...base, covariates: { age: [61, 70, Number.NaN, 72, 66, 50] } },
      /covariates\.age, row 2: is NaN; expected a finite number/,
      2,
    ));
  it('entry ≥ time', () =>
    expectError(
      { ...base, entry: [0, 0, 0, 3, 0, 0] },
      /entry, row 3: entry time is 3; expected less than time 3/,
      3,
    ));
  it('negative weight', () =>
    expectError({ ...base, weights: [1, 1, 1, 1, -2, 1] }, /weights, row 4: weight is -2; expected > 0/, 4));
  it('no events', () => expectError({ ...base, event: [0, 0, 0, 0, 0, 0] }, /no events/));
  it('length mismatch', () => expectError({ ...base, event: [1, 0, 1] }, /event: has length 3; expected 6/));
  it('event not 0/1', () =>
    expectError({ ...base, event: [1, 0, 2, 1, 1, 0] }, /event, row 2: is 2; expected 0\/1/, 2));
  it('non-finite time', () =>
    expectError({ ...base, time: [5, 8, 12, Number.POSITIVE_INFINITY, 9, 15] }, /time, row 3/, 3));
  it('robust variance for (entry, time] rows without a cluster (R: "one of cluster or id is needed")', () =>
    expect(() => coxPH({ ...base, entry: [0, 0, 1, 0, 2, 0] }, { robust: true })).toThrow(/needs a cluster/));
  it('bad options', () => {
    expect(() => coxPH(base, { ties: 'exact' as 'efron' })).toThrow(StatsInputError);
    expect(() => coxPH(base, { confLevel: 95 })).toThrow(/confLevel/);
    expect(() => coxPH(base, { init: [0, 1] })).toThrow(/init: has length 2/);
    expect(() => coxPH(base, { concordance: 'no' as unknown as boolean })).toThrow(/options.concordance/);
  });
});
