import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coxPassScaled, coxWorkspace, prepareCoxData } from '../src/regression/internal/coxKernel.js';
import { choosePass } from '../src/regression/internal/coxPassPatterns.js';

/**
 * The pass by covariate patterns (coxPassPatterns.ts) sums the information's second-moment term
 * per distinct covariate row instead of per row and event time. Oracle: the row pass (coxPass.ts,
 * coxfit6.c / agfit4.c transcribed, itself checked against R's fixtures in packages/validation) on
 * the same prepared model at the same β. The two add the same terms in another order, so they
 * agree to rounding: 1e-10 relative to the largest entry of each result, or absolute when that is
 * below 1 (weights and centred covariates are of order 1 here, so an entry that is 0 in exact
 * arithmetic — a score at its root, a column with no variation — is left as rounding noise of
 * order 1e-16 by both passes, in different places). Not 1e-12: the row pass takes leaving rows
 * out of running sums by subtraction (coxfit6.c's order), so a large risk score that leaves before
 * a small risk set's death rounds that death's terms at eps × its size — generated cases reach
 * 1.8e-12 (exp(1.4 · 7) ≈ 1.8e4 subtracted from sums that end at 0.5; about 1 run in 10 of 300
 * cases at the old bound).
 */

interface Case {
  readonly rows: {
    time: number;
    event: number;
    entry: number;
    weight: number;
    stratum: number;
    x: number[];
  }[];
  readonly beta: number[];
  readonly efron: boolean;
  readonly counting: boolean;
  readonly weighted: boolean;
  readonly stratified: boolean;
  readonly indicators: boolean;
}

const P = 3;
// few distinct values per column (the indicator designs the pass is for), ties in time
const row = fc.record({
  time: fc.integer({ min: 2, max: 12 }),
  event: fc.integer({ min: 0, max: 1 }),
  entry: fc.integer({ min: 0, max: 11 }),
  weight: fc.constantFrom(0.5, 1, 1, 2.25),
  stratum: fc.integer({ min: 0, max: 2 }),
  x: fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 1, 1, -1), fc.constantFrom(0, 2.5, 7)),
});
const cases: fc.Arbitrary<Case> = fc.record({
  rows: fc.array(row, { minLength: 6, maxLength: 80 }),
  beta: fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: P, maxLength: P }),
  efron: fc.boolean(),
  counting: fc.boolean(),
  weighted: fc.boolean(),
  stratified: fc.boolean(),
  // every column an indicator: patterns told apart by their base-3 code, not by their bits
  indicators: fc.boolean(),
});

function prepared(c: Case) {
  const rows = c.rows.map((r, i) => ({ ...r, event: i === 0 ? 1 : r.event }));
  return prepareCoxData('coxPH', {
    time: rows.map((r) => r.time),
    event: rows.map((r) => r.event),
    covariates: Object.fromEntries(
      Array.from({ length: P }, (_, j) => [
        `x${j}`,
        rows.map((r) => (c.indicators ? Math.min(r.x[j]!, 1) : r.x[j]!)),
      ]),
    ),
    ...(c.counting ? { entry: rows.map((r) => Math.min(r.entry, r.time - 1)) } : {}),
    ...(c.weighted ? { weights: rows.map((r) => r.weight) } : {}),
    ...(c.stratified ? { strata: rows.map((r) => r.stratum) } : {}),
  });
}

function pass(c: Case, how: 'rows' | 'patterns' | 'cells') {
  const prep = prepared(c);
  choosePass(prep, how);
  const u = new Float64Array(P);
  const imat = new Float64Array(P * P);
  const ws = coxWorkspace(prep);
  const loglik = coxPassScaled(prep, Float64Array.from(c.beta), c.efron, u, imat, ws);
  const joined = joiningRows(prep);
  return {
    loglik,
    u,
    imat,
    eta: ws.eta.filter((_, k) => joined[k]),
    risk: ws.risk.filter((_, k) => joined[k]),
  };
}

/**
 * The sorted rows that join a risk set: an event time of their stratum at or before their stop
 * time and after their entry. A pass writes eta and risk for these rows only (CoxWorkspace); what
 * it leaves in the others is unspecified (the row pass fills whole blocks of rows).
 */
function joiningRows(prep: ReturnType<typeof prepareCoxData>): boolean[] {
  const { n, time, status, entry, strataStart } = prep;
  const joined = new Array<boolean>(n).fill(false);
  for (let s = 0; s + 1 < strataStart.length; s++)
    for (let k = strataStart[s]!; k < strataStart[s + 1]!; k++)
      for (let j = strataStart[s]!; j < strataStart[s + 1]!; j++)
        if (status[j] === 1 && time[j]! <= time[k]! && (entry === null || entry[k]! < time[j]!))
          joined[k] = true;
  return joined;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-10): void {
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(tol * scale);
}

describe('coxPassPatterns: summing the information by covariate pattern changes nothing but rounding', () => {
  it('log-likelihood, score and information equal the row pass (Breslow/Efron, strata, weights, (entry, time], ties)', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const rows = pass(c, 'rows');
        // by patterns walking rows, and (right-censored data) walking cells of a time and pattern
        for (const byPatterns of [pass(c, 'patterns'), pass(c, 'cells')]) {
          expectClose([byPatterns.loglik], [rows.loglik]);
          expectClose(byPatterns.u, rows.u);
          expectClose(byPatterns.imat, rows.imat);
          // the linear predictor and risk of every row in a risk set are the very doubles of the row pass
          expect(byPatterns.eta).toEqual(rows.eta);
          expect(byPatterns.risk).toEqual(rows.risk);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a design with a distinct row per patient keeps the row pass (no patterns to sum)', async () => {
    const { patternPass } = await import('../src/regression/internal/coxPassPatterns.js');
    const n = 200;
    const prep = prepareCoxData('coxPH', {
      time: Array.from({ length: n }, (_, i) => 1 + (i % 17)),
      event: Array.from({ length: n }, (_, i) => i % 3 === 0),
      covariates: {
        a: Array.from({ length: n }, (_, i) => i / 7),
        b: Array.from({ length: n }, (_, i) => i % 2),
      },
    });
    const u = new Float64Array(2);
    const imat = new Float64Array(4);
    expect(patternPass(prep, new Float64Array(2), true, u, imat, coxWorkspace(prep))).toBeNull();
  });
});
