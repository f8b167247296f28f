import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky, choleskyInverse, choleskyLogDet } from '../src/internal/linalg.js';
import { evaluateCoxScaled, prepareCoxData } from '../src/regression/internal/coxKernel.js';
import { firthPass } from '../src/regression/internal/firthPass.js';
import { lehmer } from './seededRandom.js';

/**
 * The analytic pass behind coxFirth (third cumulants of the risk sets), against the validated
 * likelihood kernel (`evaluateCoxScaled`, which matches R's coxph to 1e-9 in the cox suite):
 * l, U and I must be the kernel's, and the penalty gradient ½·tr(I⁻¹ ∂I/∂β_r) must be the
 * derivative of ½·log det I computed from the kernel's I by 4th-order central differences
 * (step 1e-3 on the scaled coordinates: truncation ~1e-12, rounding ~1e-13/1e-3 relative).
 */
const caseArb = fc
  .record({
    n: fc.integer({ min: 8, max: 30 }),
    seed: fc.integer({ min: 1, max: 1e9 }),
    ties: fc.constantFrom('efron' as const, 'breslow' as const),
    strata: fc.boolean(),
    entry: fc.boolean(),
    weights: fc.boolean(),
  })
  .map((c) => {
    const rand = lehmer(c.seed);
    const time = Array.from({ length: c.n }, () => 1 + Math.floor(rand() * 8)); // ties
    const event = time.map((_, i) => (i < 2 || rand() < 0.7 ? 1 : 0));
    const covariates = {
      x: time.map(() => Math.round((rand() * 4 - 2) * 100) / 100),
      b: time.map(() => (rand() < 0.4 ? 1 : 0)),
      k: time.map(() => Math.floor(rand() * 3) * 10),
    };
    const beta = [rand() - 0.5, rand() - 0.5, rand() - 0.5].map((v) => v * 0.8);
    return {
      ties: c.ties,
      beta,
      data: {
        time,
        event,
        covariates,
        ...(c.strata ? { strata: time.map((_, i) => i % 2) } : {}),
        ...(c.entry ? { entry: time.map((t) => (rand() < 0.3 ? t - 0.5 - rand() * 0.4 : 0)) } : {}),
        ...(c.weights ? { weights: time.map(() => 0.5 + rand()) } : {}),
      },
    };
  });

function halfLogDet(info: Float64Array, p: number): number {
  const l = cholesky(info, p);
  return l === null ? Number.NaN : 0.5 * choleskyLogDet(l, p);
}

describe('firthPass (oracle: the validated Cox kernel)', () => {
  it('l, U and I equal evaluateCoxScaled, and the penalty gradient equals the derivative of ½ log det I', () => {
    fc.assert(
      fc.property(caseArb, ({ data, ties, beta }) => {
        const prep = prepareCoxData('test', data);
        const p = prep.p;
        const b = Float64Array.from(beta);
        const ref = evaluateCoxScaled(prep, b, ties);
        const l = cholesky(ref.information, p);
        fc.pre(l !== null);
        const first = firthPass(prep, b, ties === 'efron', null);
        expect(Math.abs(first.loglik - ref.loglik)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(ref.loglik)));
        const scale = Math.max(...Array.from(ref.information, Math.abs));
        for (let i = 0; i < p; i++)
          expect(Math.abs(first.score[i]! - ref.score[i]!)).toBeLessThanOrEqual(1e-11 * (1 + scale));
        for (let i = 0; i < p * p; i++)
          expect(Math.abs(first.information[i]! - ref.information[i]!)).toBeLessThanOrEqual(1e-12 * scale);

        const g = firthPass(prep, b, ties === 'efron', choleskyInverse(l!, p)).penaltyGradient!;
        const h = 1e-3;
        for (let r = 0; r < p; r++) {
          const at = (d: number) => {
            const bb = Float64Array.from(b);
            bb[r]! += d;
            return halfLogDet(evaluateCoxScaled(prep, bb, ties).information, p);
          };
          const fd = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
          expect(Math.abs(g[r]! - fd)).toBeLessThanOrEqual(1e-7 * (1 + Math.abs(fd)));
        }
      }),
      { numRuns: 60 },
    );
  });
});
