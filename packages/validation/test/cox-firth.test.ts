import { type CoxData, coxFirth, coxPH, fitCoxModel, StatsInputError } from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../src/fixtures.js';
import {
  type CoxFirthFixture,
  type CoxModelFixture,
  coxFirthChecks,
  FIRTH_TOL,
  frameFromJson,
} from '../src/suites/coxExtras.js';

const fx = readFixture<CoxFirthFixture>('cox-firth.json');

/** log det of a symmetric positive-definite matrix by Cholesky (test-side, independent of the engine's helper). */
function logDet(m: readonly (readonly number[])[]): number {
  const p = m.length;
  const l = m.map((r) => r.map(() => 0));
  let s = 0;
  for (let j = 0; j < p; j++) {
    let d = m[j]![j]!;
    for (let k = 0; k < j; k++) d -= l[j]![k]! ** 2;
    l[j]![j] = Math.sqrt(d);
    s += Math.log(l[j]![j]!);
    for (let i = j + 1; i < p; i++) {
      let t = m[i]![j]!;
      for (let k = 0; k < j; k++) t -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = t / l[j]![j]!;
    }
  }
  return 2 * s;
}

/**
 * The penalized log-likelihood through the public coxPH only, as the R oracle computes it:
 * coxPH(init = b, maxIter = 0) gives l(b) and variance = I(b)⁻¹, so pl(b) = l(b) − ½ log det V.
 */
function penalizedLogLik(data: CoxData, ties: 'efron' | 'breslow', b: number[]): number {
  const f = coxPH(data, { ties, init: b, maxIter: 0 });
  return f.logLik.model - 0.5 * logDet(f.variance);
}

describe('coxFirth against an independent R maximization (cox-firth.R, relative tolerance 1e-5)', () => {
  it('estimates, SEs, profile CIs, penalized LR tests and penalized log-likelihoods agree with R', () => {
    const { list, cases } = coxFirthChecks();
    expect(cases).toBe(12);
    expect(list.checks.filter((c) => !c.pass)).toEqual([]);
    expect(FIRTH_TOL).toBe(1e-5);
  });

  it('finite estimates exactly where the ordinary fit runs off to infinity (R: NA or "coefficient may be infinite")', () => {
    let monotone = 0;
    for (const c of fx.cases) {
      const { data } = c;
      const ord = coxPH(data, { ties: c.ties });
      const rRunaway = c.ordinary.coef.map(
        (b, j) =>
          b === null ||
          c.ordinary.warnings.some((w) => new RegExp(`variable\\s+([\\d,]*,)?${j + 1}\\b`).test(w)),
      );
      // ours from the typed flags (R's side is R's own printed warning, parsed here in the test)
      const ours = ord.terms.map((t) => t.aliased || t.infinite);
      expect(ours).toEqual(rRunaway);
      expect(ord.terms.map((t) => t.coef === null)).toEqual(ord.terms.map((t) => t.aliased));
      const firth = coxFirth(data, { ties: c.ties });
      for (const t of firth.terms) {
        expect(
          Number.isFinite(t.coef) && Number.isFinite(t.stdErr) && Number.isFinite(t.upper) && t.lower > 0,
        ).toBe(true);
      }
      if (rRunaway.some(Boolean)) monotone++;
    }
    expect(monotone).toBe(4);
  });
});

describe('coxPH({ firth: true }) reports the Firth fit in the CoxResult shape (oracle: cox-firth.R, 1e-5)', () => {
  it.each(fx.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { data } = c;
    const fit = coxPH(data, { ties: c.ties, confLevel: c.confLevel, firth: true });
    fit.terms.forEach((t, j) => {
      const e = c.terms[j]!;
      expect(t.name).toBe(e.name);
      expect(Math.abs(t.coef! - e.coef)).toBeLessThanOrEqual(FIRTH_TOL * Math.max(Math.abs(e.coef), e.se));
      for (const [a, b] of [
        [t.stdErr, e.se],
        [t.lower, e.lower],
        [t.upper, e.upper],
        [t.pValue, e.pValue],
      ] as const) {
        expect(Math.abs(a! - b)).toBeLessThanOrEqual(FIRTH_TOL * Math.abs(b));
      }
    });
    expect(fit.logLik.model).toBeCloseTo(c.penalizedLogLik.model, 6);
    expect(fit.likelihoodRatioTest.statistic).toBeCloseTo(c.likelihoodRatioTest.statistic, 5);
    // the score test at β = 0 does not depend on the estimator
    expect(fit.scoreTest.statistic).toBeCloseTo(coxPH(data, { ties: c.ties }).scoreTest.statistic, 10);
    expect(fit.robust).toBe(false);
  });
});

describe('coxFirth: the penalized score is zero at the estimate', () => {
  // Oracle: pl(b) from the public coxPH (R's recipe), differentiated by 4th-order central differences
  // with h = 1e-3·se: truncation O(h⁴) ≈ 1e-12 in SE units, rounding ε·|pl|/h ≲ 2e-10 in SE units.
  // The estimator stops when its Newton step is < 1e-8·(1 + |β|), i.e. ≲ 1e-7 SE units on these data.
  // So |∂pl/∂β_j|·se_j — the pl change per SE of movement — must be below 1e-6.
  it.each(fx.cases.map((c) => [c.name, c] as const))('%s: |∂pl/∂β_j|·se_j < 1e-6', (_, c) => {
    const { data } = c;
    const fit = coxFirth(data, { ties: c.ties });
    const b = fit.terms.map((t) => t.coef);
    fit.terms.forEach((t, j) => {
      const h = 1e-3 * t.stdErr;
      const at = (d: number) =>
        penalizedLogLik(
          data,
          c.ties,
          b.map((x, k) => (k === j ? x + d : x)),
        );
      const g = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
      expect(Math.abs(g * t.stdErr)).toBeLessThan(1e-6);
    });
    expect(penalizedLogLik(data, c.ties, b)).toBeCloseTo(fit.penalizedLogLik.model, 9);
  });
});

describe('coxFirth: invariants and input contract', () => {
  const base = fx.cases.find((c) => c.name.startsWith('monotone') && c.ties === 'efron')!.data;
  it('negating a covariate negates its Firth coefficient and swaps its profile limits (fast-check over row subsets)', () => {
    const n = base.time.length;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 15 }), (drop) => {
        const keep = Array.from({ length: n }, (_, i) => i).filter((i) => !drop.includes(i));
        const pick = (a: ArrayLike<number>) => keep.map((i) => a[i]!);
        const c = pick(base.covariates['c']!);
        const ev = pick(base.event as ArrayLike<number>);
        fc.pre(c.some((v, i) => v === 1 && ev[i] === 0) && ev.some((e) => e === 1));
        const d1: CoxData = {
          time: pick(base.time),
          event: ev,
          covariates: { c, x: pick(base.covariates['x']!) },
        };
        const d2: CoxData = { ...d1, covariates: { c: c.map((v) => -v), x: d1.covariates['x']! } };
        const f1 = coxFirth(d1).terms[0]!;
        const f2 = coxFirth(d2).terms[0]!;
        expect(f2.coef).toBeCloseTo(-f1.coef, 7);
        expect(f2.lower).toBeCloseTo(1 / f1.upper, 6);
        expect(f2.pValue).toBeCloseTo(f1.pValue, 7);
      }),
      { numRuns: 8 },
    );
  });

  it('collinear columns and a bad confLevel throw StatsInputError naming coxFirth', () => {
    const x = base.covariates['x']!;
    expect(() => coxFirth({ ...base, covariates: { x, x2: Array.from(x, (v) => 2 * v) } })).toThrow(
      StatsInputError,
    );
    expect(() => coxFirth(base, { confLevel: 95 })).toThrow(/coxFirth: options.confLevel/);
  });

  it("fitCoxModel's firthWhenInfinite attaches the Firth fit for R's runaway coefficient", () => {
    const m = readFixture<CoxModelFixture>('cox-model.json').cases.find((c) =>
      c.name.includes('all censored'),
    )!;
    const r = fitCoxModel(frameFromJson(m.frame, { grp: 'a' }), ['grp', 'x'], { firthWhenInfinite: true });
    expect(r.variables[0]!.levels[2]!.infinite).toBe(true);
    const t = r.firth!.terms.find((x) => x.name === 'grp=c')!;
    expect(Number.isFinite(t.coef)).toBe(true);
    expect(
      fitCoxModel(frameFromJson(m.frame, { grp: 'a' }), ['x'], { firthWhenInfinite: true }).firth,
    ).toBeUndefined();
  });
});
