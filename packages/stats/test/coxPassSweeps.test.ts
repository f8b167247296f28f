import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coxWorkspace, prepareCoxData } from '../src/regression/internal/coxKernel.js';
import { coxPassRows } from '../src/regression/internal/coxPass.js';
import { sweepsPay } from '../src/regression/internal/coxPassSweeps.js';

/**
 * The two sweeps of coxPassSweeps.ts sum the information's second-moment term per row (with each
 * row's sum of d/S0 over the event times it is at risk for) and its S1·S1ᵀ term per event time.
 * Oracle: the row pass in coxfit6.c's event-time order (coxPass.ts's stratumPass, checked against
 * R's fixtures in packages/validation) on the same prepared model at the same β. The two add the
 * same terms in another order, so they agree to rounding: 1e-10 relative to the largest entry of
 * each result, or absolute when that is below 1 (as in coxPassPatterns.test.ts, there at 1e-12).
 * The looser bound: the sweeps sum the information's two parts apart and subtract them, and a late
 * event time with a small risk set adds about d·x·xᵀ (of order 10 here) to each, where the
 * event-time order adds their nearly zero difference; over ~100 event times the subtraction's
 * rounding is of order 1e-12 absolute (observed up to 1.5e-12 on an entry of 0.0125).
 */

interface Case {
  readonly rows: { time: number; event: number; weight: number; stratum: number; x: number[] }[];
  readonly beta: number[];
  readonly efron: boolean;
  readonly weighted: boolean;
  readonly stratified: boolean;
}

const P = 3;
const row = (times: fc.Arbitrary<number>) =>
  fc.record({
    time: times,
    event: fc.integer({ min: 0, max: 1 }),
    weight: fc.constantFrom(0.5, 1, 1, 2.25),
    stratum: fc.integer({ min: 0, max: 2 }),
    // rounded: a subnormal column's scale (n / Σ|x − mean|) overflows, in both passes alike
    x: fc.tuple(
      fc.double({ min: -3, max: 3, noNaN: true }).map((v) => Math.round(v * 1e6) / 1e6),
      fc.constantFrom(0, 1),
      fc.double({ min: 0, max: 50, noNaN: true }).map((v) => Math.round(v * 1e6) / 1e6),
    ),
  });
const caseOf = (times: fc.Arbitrary<number>, betaMax: number): fc.Arbitrary<Case> =>
  fc.record({
    rows: fc.array(row(times), { minLength: 4, maxLength: 120 }),
    beta: fc.array(fc.double({ min: -betaMax, max: betaMax, noNaN: true }), { minLength: P, maxLength: P }),
    efron: fc.boolean(),
    weighted: fc.boolean(),
    stratified: fc.boolean(),
  });
// continuous times (nearly every death its own time) and small integers (tied deaths, Efron's steps)
const times = fc.oneof(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.integer({ min: 1, max: 8 }));

function prepared(c: Case) {
  const rows = c.rows.map((r, i) => ({ ...r, event: i === 0 ? 1 : r.event }));
  return prepareCoxData('coxPH', {
    time: rows.map((r) => r.time),
    event: rows.map((r) => r.event),
    covariates: Object.fromEntries(Array.from({ length: P }, (_, j) => [`x${j}`, rows.map((r) => r.x[j]!)])),
    ...(c.weighted ? { weights: rows.map((r) => r.weight) } : {}),
    ...(c.stratified ? { strata: rows.map((r) => r.stratum) } : {}),
  });
}

function pass(c: Case, sweeps: boolean) {
  const prep = prepared(c);
  const u = new Float64Array(P);
  const imat = new Float64Array(P * P);
  const ws = coxWorkspace(prep);
  const loglik = coxPassRows(prep, Float64Array.from(c.beta), c.efron, u, imat, ws, sweeps);
  return { loglik, u, imat };
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-10): void {
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(tol * scale);
}

describe('coxPassSweeps: summing the information by rows and event times changes nothing but rounding', () => {
  it('log-likelihood, score and information equal the event-time order (Breslow/Efron, strata, weights, ties)', () => {
    fc.assert(
      fc.property(caseOf(times, 1.5), (c) => {
        const events = pass(c, false);
        const sweeps = pass(c, true);
        expectClose([sweeps.loglik], [events.loglik]);
        expectClose(sweeps.u, events.u);
        expectClose(sweeps.imat, events.imat);
      }),
      { numRuns: 300 },
    );
  });

  it('risk scores spanning hundreds of orders of magnitude (a diverging fit) change nothing but rounding either', () => {
    // |β·x| up to 500: the per-time weights d/S0 range over e^±500, where a running sum's difference
    // (C_end − C_join) would lose every digit of the later rows' coefficients
    fc.assert(
      fc.property(caseOf(fc.double({ min: 0.01, max: 100, noNaN: true }), 10), (c) => {
        const events = pass(c, false);
        const sweeps = pass(c, true);
        if (!Number.isFinite(events.loglik)) return;
        expectClose([sweeps.loglik], [events.loglik]);
        expectClose(sweeps.u, events.u);
        expectClose(sweeps.imat, events.imat);
      }),
      { numRuns: 200 },
    );
  });

  it('is chosen for larger right-censored data with four or more covariates whose deaths mostly have times of their own, not for tied, small, narrow or (entry, time] data', () => {
    const n = 3000;
    const data = (time: (i: number) => number, entry = false) =>
      prepareCoxData('coxPH', {
        time: Array.from({ length: n }, (_, i) => time(i)),
        event: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1)),
        covariates: Object.fromEntries(
          ['a', 'b', 'c', 'd'].map((name, j) => [name, Array.from({ length: n }, (_, i) => Math.sin(i + j))]),
        ),
        ...(entry ? { entry: Array.from({ length: n }, () => 0) } : {}),
      });
    expect(sweepsPay(data((i) => 1 + i / 7))).toBe(true);
    expect(sweepsPay(data((i) => 1 + (i % 20)))).toBe(false);
    expect(sweepsPay(data((i) => 1 + i / 7, true))).toBe(false);
    const small = prepareCoxData('coxPH', {
      time: Array.from({ length: 100 }, (_, i) => 1 + i / 7),
      event: Array.from({ length: 100 }, () => 1),
      covariates: { a: Array.from({ length: 100 }, (_, i) => Math.sin(i)) },
    });
    expect(sweepsPay(small)).toBe(false);
    const twoColumns = prepareCoxData('coxPH', {
      time: Array.from({ length: n }, (_, i) => 1 + i / 7),
      event: Array.from({ length: n }, () => 1),
      covariates: {
        a: Array.from({ length: n }, (_, i) => Math.sin(i)),
        b: Array.from({ length: n }, (_, i) => i % 5),
      },
    });
    expect(sweepsPay(twoColumns)).toBe(false);
  });
});
