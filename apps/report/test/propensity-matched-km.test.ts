import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCohortCsv, loadDictionaryFile } from '@survkit/cohort';
import { kaplanMeier, nearestNeighborMatch } from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitArms, kmSteps, matchedKm, type PropensityKmData } from '../src/analysis/propensityKm.js';
import { readPlanFile, validatePlan } from '../src/plan/loadPlan.js';
import { REPO_DIR } from './helpers.js';

// Invariants of the matched-sample Kaplan–Meier curves (analysis/propensityKm.ts) on random samples
// matched by nearestNeighborMatch (MatchIt's rule, validated against R in @survkit/validation).

const dir = join(REPO_DIR, 'examples', 'gbsg');
const imported = importCohortCsv(
  readFileSync(join(dir, 'gbsg.csv')),
  loadDictionaryFile(join(dir, 'gbsg-dictionary.json')),
);
if (!imported.ok) throw new Error('gbsg.csv does not import');
// The plan supplies the time unit, landmarks and confidence level; the data are the random ones below.
const plan = validatePlan(readPlanFile(join(dir, 'gbsg-plan.yaml')), imported.cohort);

/** A random two-arm sample with at least `perTreated` controls per treated patient, tied times included. */
const sample = (perTreated: number) =>
  fc.integer({ min: 2, max: 12 }).chain((nTreated) =>
    fc
      .array(
        fc.record({
          time: fc.integer({ min: 1, max: 60 }),
          event: fc.integer({ min: 0, max: 1 }),
          distance: fc.double({ min: -3, max: 3, noNaN: true }),
        }),
        { minLength: nTreated * (perTreated + 1), maxLength: nTreated * (perTreated + 1) + 20 },
      )
      .map((rows) => ({ rows, nTreated })),
  );

function dataOf(s: {
  rows: { time: number; event: number; distance: number }[];
  nTreated: number;
}): PropensityKmData {
  return {
    endpoint: plan.endpoints[0]!,
    label: 'Recurrence-free survival',
    time: Float64Array.from(s.rows, (r) => r.time),
    event: Float64Array.from(s.rows, (r) => r.event),
    z: Uint8Array.from(s.rows, (_, i) => (i < s.nTreated ? 1 : 0)),
    arms: { treated: 'Treated', control: 'Control' },
  };
}

describe('matched-sample Kaplan–Meier curves', () => {
  it('1:1 without replacement: every matching weight is 1, and the curves equal the unweighted KM of the matched rows (Greenwood)', () => {
    fc.assert(
      fc.property(sample(1), (s) => {
        const d = dataOf(s);
        const m = nearestNeighborMatch(
          d.z,
          s.rows.map((r) => r.distance),
          { ratio: 1, replace: false, caliper: null },
        );
        expect(m.weights.every((w) => w === 0 || w === 1)).toBe(true);
        const km = matchedKm(d, fitArms(d, m.weights, false, plan.confLevel), plan);
        // survfit(weights = weights) with every weight 1 is the unweighted survfit.
        const weighted = matchedKm(d, fitArms(d, m.weights, true, plan.confLevel), plan);
        expect(weighted.curves).toEqual(km.curves);
        [1, 0].forEach((arm, j) => {
          const rows = Array.from(d.z.keys()).filter((i) => d.z[i] === arm && m.weights[i]! > 0);
          const r = kaplanMeier(
            { time: rows.map((i) => d.time[i]!), event: rows.map((i) => d.event[i]!) },
            { confLevel: plan.confLevel },
          );
          const curve = km.curves[j]!;
          expect(curve.n).toBe(rows.length);
          expect(curve.time).toEqual(Array.from(r.time));
          expect(curve.survival).toEqual(Array.from(r.survival));
          expect(curve.lower).toEqual(Array.from(r.lower));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('1:2 with or without replacement: the numbers at risk at time 0 are the matched treated count and the matched control count (MatchIt rescales control weights to it)', () => {
    fc.assert(
      fc.property(sample(2), fc.boolean(), (s, replace) => {
        const d = dataOf(s);
        const m = nearestNeighborMatch(
          d.z,
          s.rows.map((r) => r.distance),
          { ratio: 2, replace, caliper: null },
        );
        const unit = m.weights.every((w) => w === 0 || w === 1);
        const fits = fitArms(d, m.weights, !unit, plan.confLevel);
        const km = matchedKm(d, fits, plan);
        expect(km.xTicks[0]).toBe(0);
        expect(km.curves[0]!.atRisk[0]).toBeCloseTo(m.nMatched.treated, 9);
        expect(km.curves[1]!.atRisk[0]).toBeCloseTo(m.nMatched.control, 9);
        // The CSV's step table is the drawn curve.
        const steps = kmSteps('ps_matched', fits);
        steps.forEach((st, j) => {
          expect(st.time).toEqual(km.curves[j]!.time);
          expect(st.survival).toEqual(km.curves[j]!.survival);
          expect(st.nRisk[0]).toBeCloseTo(j === 0 ? m.nMatched.treated : m.nMatched.control, 9);
        });
      }),
      { numRuns: 60 },
    );
  });
});
