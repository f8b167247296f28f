import {
  coxPH,
  eValue,
  kaplanMeier,
  landmarkData,
  restrictedMeanSurvival,
  StatsInputError,
  splitAtTreatment,
} from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckList } from '../src/compare.js';
import { readFixture } from '../src/fixtures.js';
import {
  eValueChecks,
  landmarkChecks,
  rmstChecks,
  runTimedepSuite,
  TIMEDEP_EXACT_TOL,
  TIMEDEP_TOL,
  type TimedepFixture,
  tmergeChecks,
} from '../src/suites/timedep.js';

const fx = readFixture<TimedepFixture>('timedep.json');

function failuresOf(run: (list: CheckList) => number, expectedCases: number, minChecks: number) {
  const list = new CheckList();
  expect(run(list)).toBe(expectedCases);
  expect(list.checks.length).toBeGreaterThanOrEqual(minChecks);
  return list.checks.filter((c) => !c.pass);
}

describe('time-dependent treatment, landmark, RMST and E-values against R (timedep.R, R 4.2.2, survival 3.5-3)', () => {
  it('splitAtTreatment equals tmerge(tdc(txtime)) row for row, and coxPH on its rows equals coxph(Surv(tstart, tstop, death) ~ trt + ...) (Efron, Breslow, cluster(id); relative 1e-7)', () => {
    // jasa raw and as the survival vignette prepares it (169 and 170 rows), and seeded data with
    // treatment at 0, at / after the end of follow-up, before the start and never (R's tmerge gives
    // 209 rows: its 160 patients, 49 of whom are treated inside follow-up and so split in two).
    expect(failuresOf(tmergeChecks, 3, 3000)).toEqual([]);
    expect(fx.tmerge.map((c) => c.rows.time.length)).toEqual([169, 170, 209]);
  });

  it('landmarkData equals subset(time > L) with treated = tx <= L, and survfit / survdiff / coxph on it agree (relative 1e-7)', () => {
    expect(failuresOf(landmarkChecks, 4, 1000)).toEqual([]);
  });

  it("restrictedMeanSurvival: each arm equals summary(survfit, rmean = tau)$table, contrasts equal survRM2's rmst2 formulas (relative 1e-7)", () => {
    expect(failuresOf(rmstChecks, 6, 6 * 24)).toEqual([]);
  });

  it("eValue equals EValue's evalues.HR formulas for common and rare outcomes, CIs on either side of 1 and across it (relative 1e-12)", () => {
    expect(failuresOf(eValueChecks, 15, 75)).toEqual([]);
    expect(TIMEDEP_EXACT_TOL).toBe(1e-12);
    expect(TIMEDEP_TOL).toBe(1e-7);
  });

  it('the suite summary reports every case and no failure', () => {
    const s = runTimedepSuite();
    expect(s.cases).toBe(3 + 4 + 6 + 15);
    expect(s.failures).toEqual([]);
  });
});

describe('VanderWeele & Ding 2017 worked example (a risk ratio of 3.9, 95% CI 1.8 to 8.7)', () => {
  it('gives E = 3.9 + sqrt(3.9 · 2.9) and, for the lower limit, 1.8 + sqrt(1.8 · 0.8) = 3', () => {
    const r = eValue({ hazardRatio: 3.9, lower: 1.8, upper: 8.7 }, { rare: true });
    expect(r.point).toBeCloseTo(7.26, 2);
    expect(r.ci).toBeCloseTo(3, 12);
    expect(r.ciLimit).toBe('lower');
  });
});

describe('invariants (fast-check)', () => {
  const seeded = fx.tmerge[2]!.input;
  const n = seeded.time.length;

  it('splitting preserves each patient’s follow-up and event: rows tile (0, time] and carry the event once', () => {
    const s = splitAtTreatment(seeded);
    const covered = new Float64Array(n);
    const events = new Float64Array(n);
    for (let k = 0; k < s.time.length; k++) {
      covered[s.subject[k]!]! += s.time[k]! - s.entry[k]!;
      events[s.subject[k]!]! += s.event[k]!;
    }
    expect(Array.from(covered)).toEqual(seeded.time);
    expect(Array.from(events)).toEqual(seeded.event);
  });

  it('with no treatment during follow-up, the split Cox fit equals the ordinary one', () => {
    const none = seeded.time.map(() => null);
    const s = splitAtTreatment({ ...seeded, treatmentTime: none });
    expect(s.nSplit).toBe(0);
    const a = coxPH({ entry: s.entry, time: s.time, event: s.event, covariates: s.covariates });
    const b = coxPH({ time: seeded.time, event: seeded.event, covariates: seeded.covariates });
    a.terms.forEach((t, i) => {
      expect(t.coef).toBeCloseTo(b.terms[i]!.coef ?? Number.NaN, 10);
    });
  });

  it('a landmark analysis at time 0 with treatment at time 0 equals the ordinary analysis', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: n, maxLength: n }), (treatedAt0) => {
        const treatmentTime = treatedAt0.map((t) => (t ? 0 : null));
        const lm = landmarkData({ ...seeded, treatmentTime }, { landmark: 0 });
        expect(lm.rows.length).toBe(n); // every seeded time is > 0
        expect(Array.from(lm.time)).toEqual(seeded.time);
        expect(Array.from(lm.treated)).toEqual(treatedAt0.map(Number));
        const km = kaplanMeier({ time: lm.time, event: lm.event });
        expect(km.rmst(20).estimate).toBe(kaplanMeier(seeded).rmst(20).estimate);
      }),
      { numRuns: 5 },
    );
  });

  it('swapping the arms negates the RMST difference, inverts the ratios and keeps every p-value', () => {
    const c = fx.rmst[0]!.input;
    const a = restrictedMeanSurvival(c, { tau: 500 });
    const b = restrictedMeanSurvival({ ...c, arm: c.arm.map((x) => 1 - x) }, { tau: 500 });
    expect(b.difference.estimate).toBeCloseTo(-a.difference.estimate, 10);
    expect(b.ratio.estimate).toBeCloseTo(1 / a.ratio.estimate, 12);
    expect(b.lostTimeRatio.estimate).toBeCloseTo(1 / a.lostTimeRatio.estimate, 12);
    expect(b.difference.pValue).toBeCloseTo(a.difference.pValue, 12);
    expect(b.ratio.pValue).toBeCloseTo(a.ratio.pValue, 12);
  });

  it('the E-value of a hazard ratio equals that of its reciprocal (limits swapped), rare or common', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.boolean(),
        (hr, width, rare) => {
          const a = eValue({ hazardRatio: hr, lower: hr / width, upper: hr * width }, { rare });
          const b = eValue({ hazardRatio: 1 / hr, lower: 1 / (hr * width), upper: width / hr }, { rare });
          expect(b.point).toBeCloseTo(a.point, 8);
          expect(b.ci).toBeCloseTo(a.ci, 8);
          expect(a.point).toBeGreaterThanOrEqual(a.ci);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('input contract', () => {
  it('splitAtTreatment names the field and row of a bad time, treatment time or covariate', () => {
    const base = { time: [5, 3], event: [1, 0], treatmentTime: [1, null] };
    expect(() => splitAtTreatment({ ...base, time: [5, 0] })).toThrow(/time, row 1: time is 0; expected > 0/);
    expect(() => splitAtTreatment({ ...base, treatmentTime: [1, Number.POSITIVE_INFINITY] })).toThrow(
      /treatmentTime, row 1/,
    );
    expect(() => splitAtTreatment({ ...base, covariates: { age: [1] } })).toThrow(
      /covariates.age: has length 1; expected 2/,
    );
    expect(() => splitAtTreatment({ ...base, treatmentTime: [1] })).toThrow(StatsInputError);
  });

  it('landmarkData rejects a bad landmark and one after every follow-up time', () => {
    const base = { time: [5, 3], event: [1, 0], treatmentTime: [1, null] };
    expect(() => landmarkData(base, { landmark: -1 })).toThrow(/landmark is -1/);
    expect(() => landmarkData(base, { landmark: 5 })).toThrow(/no patient is at risk/);
  });

  it('restrictedMeanSurvival rejects a bad arm, an empty arm and a bad tau; warns when tau extends a curve', () => {
    const base = { time: [5, 3, 4, 8], event: [1, 0, 1, 1], arm: [0, 1, 0, 1] };
    expect(() => restrictedMeanSurvival({ ...base, arm: [0, 2, 0, 1] })).toThrow(/arm, row 1: arm is 2/);
    expect(() => restrictedMeanSurvival({ ...base, arm: [0, 0, 0, 0] })).toThrow(/arm 1 has no patients/);
    expect(() => restrictedMeanSurvival(base, { tau: 0 })).toThrow(/tau is 0/);
    // The default tau is the shorter of the arms' longest follow-up: arm 0 ends at 5, arm 1 at 8.
    expect(restrictedMeanSurvival(base).tau).toBe(5);
    expect(restrictedMeanSurvival(base, { tau: 7 }).warnings).toEqual([
      'tau = 7 is beyond the largest follow-up time of arm 0 (5); its curve is extended flat to tau',
    ]);
  });

  it('eValue requires ordered positive limits and an explicit rare-outcome choice', () => {
    expect(() => eValue({ hazardRatio: 2, lower: 2.5, upper: 3 }, { rare: false })).toThrow(
      /lower ≤ hazardRatio/,
    );
    expect(() => eValue({ hazardRatio: 2, lower: 0, upper: 3 }, { rare: false })).toThrow(/lower is 0/);
    expect(() => eValue({ hazardRatio: 2, lower: 1, upper: 3 }, {} as { rare: boolean })).toThrow(
      /rare is undefined/,
    );
  });
});
