import { describe, expect, it } from 'vitest';
import { coxPH } from '../src/regression/coxPH.js';
import { lehmer } from './seededRandom.js';

/**
 * Unweighted right-censored data take the bucketed concordance (concordanceBuckets.ts); the same
 * data with every weight given as 1 take the tree over all ranks (concordance.ts). With unit
 * weights every sum in both is an integer, so the concordance and its standard error must be the
 * same doubles. The data span several buckets of 2¹¹ ranks, with tied times (several deaths at
 * one time), tied linear predictors (an indicator covariate) and rows censored after the last
 * death; the R-oracle suites in packages/validation check the values themselves against R.
 */
function data(n: number, seed: number, roundTo: number) {
  const rand = lehmer(seed);
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  const strata: string[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = rand() * 4 - 2;
    g[i] = rand() < 0.4 ? 1 : 0;
    const t = -Math.log(rand()) / Math.exp(0.5 * x[i]! - 0.4 * g[i]!);
    time[i] = roundTo > 0 ? Math.max(roundTo, Math.round(t / roundTo) * roundTo) : t;
    event[i] = rand() < 0.7 ? 1 : 0;
    strata.push(i % 3 === 0 ? 'a' : 'b');
  }
  return { time, event, covariates: { x, g }, strata };
}

const ones = (n: number) => new Float64Array(n).fill(1);

describe('coxPH concordance: rank buckets give the same doubles as the tree over all ranks', () => {
  for (const [label, roundTo] of [
    ['tied times', 0.05],
    ['distinct times', 0],
  ] as const)
    it(`${label}, one stratum and two, Efron and Breslow`, () => {
      const d = data(9000, 12345, roundTo);
      const { strata, ...plain } = d;
      for (const withStrata of [false, true])
        for (const ties of ['efron', 'breslow'] as const) {
          const base = withStrata ? { ...plain, strata } : plain;
          const bucketed = coxPH(base, { ties });
          const tree = coxPH({ ...base, weights: ones(9000) }, { ties, robust: false });
          expect(bucketed.concordance.estimate).not.toBeNull();
          expect(bucketed.concordance.estimate).toBe(tree.concordance.estimate);
          expect(bucketed.concordance.stdErr).toBe(tree.concordance.stdErr);
        }
    });

  it('a lone row in a bucket and every row censored after the last death', () => {
    const d = data(5000, 777, 0.05);
    // the latest times censored: rows that never meet a death in the risk set
    for (let i = 0; i < 5000; i++) if (d.time[i]! > 2) d.event[i] = 0;
    const { strata: _s, ...plain } = d;
    const bucketed = coxPH(plain, { ties: 'efron' });
    const tree = coxPH({ ...plain, weights: ones(5000) }, { ties: 'efron', robust: false });
    expect(bucketed.concordance.estimate).toBe(tree.concordance.estimate);
    expect(bucketed.concordance.stdErr).toBe(tree.concordance.stdErr);
  });

  it('a bucket of 2¹⁵ rows or more (a linear predictor of three values) takes the wide replay', () => {
    // the packed replay holds both counts of a bucket in one 32-bit integer below 2¹⁵ rows; an
    // indicator pair gives three linear-predictor values, so one bucket holds all 40 000 rows
    const d = data(40000, 4242, 0.05);
    const g2 = d.covariates.x.map((v) => (v > 0.5 ? 1 : 0));
    for (const ties of ['efron', 'breslow'] as const) {
      const base = { time: d.time, event: d.event, covariates: { g: d.covariates.g, g2 } };
      const bucketed = coxPH(base, { ties });
      const tree = coxPH({ ...base, weights: ones(40000) }, { ties, robust: false });
      expect(bucketed.concordance.estimate).not.toBeNull();
      expect(bucketed.concordance.estimate).toBe(tree.concordance.estimate);
      expect(bucketed.concordance.stdErr).toBe(tree.concordance.stdErr);
    }
  });
});
