import { coxPH, kaplanMeier, kaplanMeierByGroup, logRankTest } from '@survkit/stats';
import { describe, expect, it } from 'vitest';
import { CheckList } from '../src/compare.js';
import { readFixture } from '../src/fixtures.js';

/**
 * Survival times at the ends of the double range against R (fixtures/extreme-times.json, written
 * by r/extreme-times.R; R 4.2.2, survival 3.5-3). Regression test for issue 14, defect 6: with
 * times near 1e308 the time fix's Σ|t| overflowed, every gap / Infinity looked like a near-tie and
 * all times merged into one (KM one row, log-rank χ² 0, Cox coefficient 0).
 */

interface Curve {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  stdErr: number[];
  lower: number[];
  upper: number[];
}
interface ExtremeCase {
  name: string;
  data: { time: number[]; event: number[]; group: number[]; x: number[] };
  km: Curve;
  kmByGroup: Curve[];
  logRank: { statistic: number; observed: number[]; expected: number[] };
  cox: { ties: 'efron' | 'breslow'; coef: number; se: number; loglik: number[]; iterations: number }[];
}

interface StratifiedCase {
  name: string;
  data: { time: number[]; event: number[]; group: number[]; strata: number[] };
  statistic: number;
  observed: number[];
  expected: number[];
}

const fixture = readFixture<{ survival: string; cases: ExtremeCase[]; stratifiedLogRank: StratifiedCase }>(
  'extreme-times.json',
);
/** The KM and log-rank suites' tolerance (relative). */
const SURVIVAL_TOL = 1e-9;
/** The Cox suite's tolerance (relative). */
const COX_TOL = 1e-7;

function checkCurve(
  checks: CheckList,
  name: string,
  fit: Record<keyof Curve, ArrayLike<number>>,
  ref: Curve,
): void {
  for (const key of ['time', 'nRisk', 'nEvent', 'nCensor', 'survival', 'stdErr', 'lower', 'upper'] as const)
    checks.addArray(name, key, Array.from(fit[key]), ref[key], SURVIVAL_TOL);
}

describe('times near 1e308 and 1e-300 against R survival 3.5-3 (fixtures/extreme-times.json, r/extreme-times.R)', () => {
  it('covers the issue example, an overflowing sum, a relative near-tie at 1e308 and tiny times', () => {
    expect(fixture.survival).toBe('3.5.3');
    expect(fixture.cases.length).toBe(5);
    // R keeps the three times of the issue apart, and merges the relative near-tie at 1.2e308
    expect(fixture.cases[0]!.km.time.length).toBe(3);
    expect(fixture.cases[2]!.km.time.length).toBe(12);
    expect(fixture.cases[3]!.km.time.length).toBe(1);
  });

  for (const c of fixture.cases) {
    it(`${c.name}: Kaplan–Meier (one curve and by group), log-rank and Cox agree with R`, () => {
      const { time, event, group, x } = c.data;
      const checks = new CheckList();
      checkCurve(checks, c.name, kaplanMeier({ time, event }), c.km);
      const byGroup = kaplanMeierByGroup({ time, event, group }).curves;
      expect(byGroup.length).toBe(c.kmByGroup.length);
      for (const [g, fit] of byGroup.entries())
        checkCurve(checks, `${c.name} group ${g}`, fit, c.kmByGroup[g]!);
      const lr = logRankTest({ time, event, group });
      checks.add(c.name, 'logRank.statistic', lr.statistic, c.logRank.statistic, SURVIVAL_TOL, 1e-12);
      checks.addArray(
        c.name,
        'logRank.observed',
        lr.groups.map((g) => g.observed),
        c.logRank.observed,
        SURVIVAL_TOL,
      );
      checks.addArray(
        c.name,
        'logRank.expected',
        lr.groups.map((g) => g.expected),
        c.logRank.expected,
        SURVIVAL_TOL,
      );
      for (const ref of c.cox) {
        const fit = coxPH({ time, event, covariates: { x } }, { ties: ref.ties });
        checks.add(c.name, `cox ${ref.ties} coef`, fit.terms[0]!.coef, ref.coef, COX_TOL);
        checks.add(c.name, `cox ${ref.ties} se`, fit.terms[0]!.stdErr, ref.se, COX_TOL);
        checks.add(c.name, `cox ${ref.ties} loglik null`, fit.logLik.null, ref.loglik[0]!, COX_TOL);
        checks.add(c.name, `cox ${ref.ties} loglik`, fit.logLik.model, ref.loglik[1]!, COX_TOL);
      }
      expect(checks.checks.filter((k) => !k.pass)).toEqual([]);
    });
  }

  it('near-ties across 9 strata × 2 groups (more curves than the engine scans head by head) as survdiff', () => {
    const c = fixture.stratifiedLogRank;
    const lr = logRankTest(c.data);
    const checks = new CheckList();
    checks.add(c.name, 'statistic', lr.statistic, c.statistic, SURVIVAL_TOL);
    checks.addArray(
      c.name,
      'observed',
      lr.groups.map((g) => g.observed),
      c.observed,
      SURVIVAL_TOL,
    );
    checks.addArray(
      c.name,
      'expected',
      lr.groups.map((g) => g.expected),
      c.expected,
      SURVIVAL_TOL,
    );
    expect(checks.checks.filter((k) => !k.pass)).toEqual([]);
  });
});
