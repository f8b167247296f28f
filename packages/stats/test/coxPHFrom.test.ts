import { describe, expect, it } from 'vitest';
import { coxPH } from '../src/regression/coxPH.js';
import { coxPHFrom } from '../src/regression/coxPHFrom.js';
import { warmStart as startFrom } from '../src/regression/internal/warmStart.js';
import type { CoxResult } from '../src/regression/types.js';

// A seeded cohort: two binary covariates and one continuous, exponential times with 30 % censoring.
function cohort(n: number) {
  let s = 20261201;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const age = new Float64Array(n);
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rnd() < 0.4 ? 1 : 0;
    b[i] = rnd() < 0.3 ? 1 : 0;
    age[i] = 40 + 40 * rnd();
    const risk = Math.exp(0.5 * a[i]! - 0.4 * b[i]! + 0.03 * (age[i]! - 60));
    time[i] = Math.ceil((-Math.log(rnd()) / risk) * 365);
    event[i] = rnd() < 0.7 ? 1 : 0;
  }
  return { time, event, a, b, age };
}

describe('coxPHFrom: warm starts from a fitted model (R: coxph(init =))', () => {
  const d = cohort(2000);
  const options = { ties: 'efron' as const, concordance: false };
  const full = coxPH({ time: d.time, event: d.event, covariates: { a: d.a, b: d.b, age: d.age } }, options);

  it('a model started from a larger model’s estimates reaches the maximum a zero start reaches', () => {
    const data = { time: d.time, event: d.event, covariates: { a: d.a, age: d.age } };
    const cold = coxPH(data, options);
    const warm = coxPHFrom(data, options, full);
    expect(startFrom(full, ['a', 'age']).init).toEqual([full.terms[0]!.coef, full.terms[2]!.coef]);
    // both stop at R's rule |1 − l_old/l_new| ≤ 1e-9, at the same maximum
    expect(Math.abs(warm.logLik.model - cold.logLik.model)).toBeLessThan(1e-9 * Math.abs(cold.logLik.model));
    warm.terms.forEach((t, j) => {
      expect(t.coef!).toBeCloseTo(cold.terms[j]!.coef!, 7);
      expect(t.stdErr!).toBeCloseTo(cold.terms[j]!.stdErr!, 7);
    });
    expect(warm.iterations).toBeLessThan(cold.iterations);
  });

  it('a term the start does not know starts at 0 (an interaction product)', () => {
    const ab = Float64Array.from(d.a, (x, i) => x * d.b[i]!);
    expect(startFrom(full, ['a', 'b', 'a:b']).init).toEqual([full.terms[0]!.coef, full.terms[1]!.coef, 0]);
    const data = { time: d.time, event: d.event, covariates: { a: d.a, b: d.b, 'a:b': ab } };
    const cold = coxPH(data, options);
    const warm = coxPHFrom(data, options, full);
    expect(Math.abs(warm.logLik.model - cold.logLik.model)).toBeLessThan(1e-9 * Math.abs(cold.logLik.model));
  });

  it('a start whose risk scores overflow (coxph.R refuses it) falls back to the zero start', () => {
    const data = { time: d.time, event: d.event, covariates: { age: d.age } };
    const huge = { ...full, terms: [{ ...full.terms[2]!, coef: 1e4 }] } as CoxResult;
    expect(() => coxPH(data, { ...options, ...startFrom(huge, ['age']) })).toThrow(/overflow/);
    expect(coxPHFrom(data, options, huge)).toEqual(coxPH(data, options));
  });

  it('a fit that did not converge, or has an infinite coefficient, gives no start', () => {
    expect(startFrom({ ...full, converged: false }, ['a'])).toEqual({});
    const infinite = { ...full, terms: full.terms.map((t, j) => ({ ...t, infinite: j === 1 })) };
    expect(startFrom(infinite, ['a'])).toEqual({});
    expect(startFrom(null, ['a'])).toEqual({});
  });
});
