import { describe, expect, it } from 'vitest';
import { coxPH } from '../src/regression/coxPH.js';
import { lehmer } from './seededRandom.js';

/**
 * Without case weights the pass gathers its log terms as one running product (coxPassSteps.ts,
 * `subtractLog`); with weights, even all equal to 1, it takes one Math.log per term as coxfit6.c
 * does. The oracle is that general path on the same data: the log-likelihoods agree to 1e-12
 * (relative; the product rescales exactly by powers of two, and both sums round differently in
 * the last bits), and everything the log-likelihood does not feed (coefficients, standard errors,
 * score and Wald tests, concordance) is the same double. Cases: tied and distinct times, Efron and
 * Breslow, strata, (entry, time] data, and risk sets whose sums leave [2⁻²⁵⁶, 2²⁵⁶] (logged
 * directly).
 */
function data(n: number, seed: number, roundTo: number, effect: number) {
  const rand = lehmer(seed);
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  const entry = new Float64Array(n);
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  const strata: string[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = rand() * 4 - 2;
    g[i] = rand() < 0.4 ? 1 : 0;
    const t = -Math.log(rand()) / Math.exp(effect * x[i]! - 0.4 * g[i]!);
    time[i] = roundTo > 0 ? Math.max(roundTo, Math.round(t / roundTo) * roundTo) : t;
    entry[i] = rand() < 0.5 ? 0 : time[i]! * rand() * 0.9;
    event[i] = rand() < 0.7 ? 1 : 0;
    strata.push(i % 3 === 0 ? 'a' : 'b');
  }
  return { time, event, covariates: { x, g }, strata, entry };
}

const ones = (n: number) => new Float64Array(n).fill(1);

describe('coxPH log-likelihood: the running product of unweighted fits agrees with one log per term', () => {
  // the last case evaluates the likelihood at β = (100, 0) (init, no iteration): x·β spans ±200,
  // so risk-set sums run from below 2⁻²⁵⁶ to above 2²⁵⁶
  const cases = [
    ['tied times', 0.05, {}],
    ['distinct times', 0, {}],
    ['risk scores from e^-200 to e^200 (sums outside [2^-256, 2^256])', 0, { init: [100, 0], maxIter: 0 }],
  ] as const;
  for (const [label, roundTo, options] of cases)
    for (const form of ['plain', 'strata', 'entry'] as const) {
      it(`${label}, ${form}, Efron and Breslow`, () => {
        const n = 6000;
        const { strata, entry, ...plain } = data(n, 4242, roundTo, 0.5);
        const base =
          form === 'strata' ? { ...plain, strata } : form === 'entry' ? { ...plain, entry } : plain;
        for (const ties of ['efron', 'breslow'] as const) {
          const product = coxPH(base, { ...options, ties });
          const logs = coxPH({ ...base, weights: ones(n) }, { ...options, ties, robust: false });
          for (const k of ['null', 'model'] as const)
            expect(Math.abs(product.logLik[k] - logs.logLik[k])).toBeLessThanOrEqual(
              1e-12 * Math.abs(logs.logLik[k]),
            );
          expect(product.iterations).toBe(logs.iterations);
          expect(product.terms.map((t) => [t.coef, t.stdErr])).toEqual(
            logs.terms.map((t) => [t.coef, t.stdErr]),
          );
          expect(product.scoreTest.statistic).toBe(logs.scoreTest.statistic);
          expect(product.waldTest.statistic).toBe(logs.waldTest.statistic);
          expect(product.concordance).toEqual(logs.concordance);
        }
      });
    }
});
