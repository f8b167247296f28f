import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/analysis/analyse.js';
import { ReportError } from '../src/errors.js';
import { formatSurvivalPercent } from '../src/format/index.js';
import { reportFormat } from '../src/format/reportFormat.js';
import { csvTables } from '../src/output/csv.js';
import { readPlanFile, validatePlan } from '../src/plan/loadPlan.js';
import { propensityResultsText } from '../src/templates/propensityText.js';
import { APP_DIR, near, REPO_DIR } from './helpers.js';
import { compareBalance, compareWeightedKm } from './propensityCompare.js';
import { context, csvTable, load, num, R, sameEffect, small } from './propensityGbsgFixture.js';

// Oracle: apps/report/test/fixtures/propensity-gbsg.json, written by apps/report/test/r/propensity-gbsg.R
// (see propensityGbsgFixture.ts). Tolerance: relative 1e-6 (`near`); SMDs near 0 absolutely at 1e-12.
// The matched-sample curves are checked in propensity-gbsg-matched-km.test.ts.

describe('the propensity-score section of examples/gbsg equals R (propensity-gbsg.R)', () => {
  const dir = join(REPO_DIR, 'examples', 'gbsg');
  const cohort = load(dir, 'gbsg');
  const plan = validatePlan(readPlanFile(join(dir, 'gbsg-plan.yaml')), cohort);
  const result = analyse(cohort, plan, context);
  const p = result.propensity!;

  it('sample sizes, effective sample sizes, matched counts and caliper width', () => {
    expect(p.n).toEqual(R.n);
    near(p.weights!.essTreated, R.ess.treated, 'ESS treated');
    near(p.weights!.essControl, R.ess.control, 'ESS control');
    expect(p.matching!.matchedTreated).toBe(R.matching.matchedTreated);
    expect(p.matching!.matchedControl).toBe(R.matching.matchedControl);
    near(p.matching!.caliperWidth, R.matching.caliperWidth, 'caliper width');
  });

  it('every balance row: SMD and variance ratio before, after weighting and after matching', () => {
    compareBalance(p, R.balance);
  });

  it('the treatment HR unadjusted, IPTW (robust) and matched (clustered on the matched pairs)', () => {
    const e = p.endpoints[0]!;
    sameEffect(e.unadjusted, R.unadjusted, 'unadjusted');
    sameEffect(e.weighted, R.weighted, 'IPTW');
    sameEffect(e.matched, R.matched, 'matched');
    expect(e.matched!.cluster).toBe(true);
  });

  it('the IPTW-weighted Kaplan–Meier curves: survfit(weights = w) at the landmarks and the axis ticks', () => {
    compareWeightedKm(p.endpoints[0]!.weightedKm!, R.weightedKm, p);
  });
});

describe('the results paragraph of examples/gbsg', () => {
  const dir = join(REPO_DIR, 'examples', 'gbsg');
  const cohort = load(dir, 'gbsg');
  const plan = validatePlan(readPlanFile(join(dir, 'gbsg-plan.yaml')), cohort);
  it('gives the weighted survival of each arm at 60 months as R rounds it, and the figure', () => {
    const text = propensityResultsText(analyse(cohort, plan, context), reportFormat(plan.format), 5);
    const lm = R.weightedKm.landmarks;
    expect(text).toContain(
      `RFS at 60 months was ${formatSurvivalPercent(lm.treated.survival[2]!)} (tamoxifen) and ${formatSurvivalPercent(lm.control.survival[2]!)} (no hormonal therapy) (Figure 5).`,
    );
    const mk = R.matchedKm.landmarks;
    expect(text).toContain(
      `In the PS-matched sample, RFS at 60 months was ${formatSurvivalPercent(mk.treated.survival[2]!)} (tamoxifen) and ${formatSurvivalPercent(mk.control.survival[2]!)} (no hormonal therapy) (Figure 6).`,
    );
  });
});

describe('--csv of examples/gbsg: the propensity tables and the weighted curves carry R’s numbers', () => {
  const dir = join(REPO_DIR, 'examples', 'gbsg');
  const cohort = load(dir, 'gbsg');
  const files = csvTables(
    analyse(cohort, validatePlan(readPlanFile(join(dir, 'gbsg-plan.yaml')), cohort), context),
  );
  const table = (name: string) => csvTable(files, name);

  it('propensity_effects.csv: unadjusted, IPTW and matched HRs with CI and p', () => {
    const rows = table('propensity_effects.csv');
    expect(rows.map((r) => r.analysis)).toEqual(['unadjusted', 'multivariable', 'iptw', 'matched']);
    for (const [analysis, r] of [
      ['unadjusted', R.unadjusted],
      ['iptw', R.weighted],
      ['matched', R.matched],
    ] as const) {
      const row = rows.find((x) => x.analysis === analysis)!;
      expect(Number(row.n), `${analysis} n`).toBe(r.n);
      for (const key of ['hazard_ratio', 'lower', 'upper', 'p_value'] as const)
        near(
          num(row[key]),
          r[key === 'hazard_ratio' ? 'hazardRatio' : key === 'p_value' ? 'pValue' : key],
          `${analysis} ${key}`,
        );
    }
    expect(rows.find((x) => x.analysis === 'matched')!.clustered_on_matched_sets).toBe('true');
  });

  it('propensity_balance.csv: one row per balance row with R’s SMDs and variance ratios', () => {
    const rows = table('propensity_balance.csv');
    expect(rows.length).toBe(R.balance.length);
    R.balance.forEach((r, k) => {
      expect(rows[k]!.variable).toBe(r.variable);
      small(num(rows[k]!.smd_before), r.smdBefore, `${r.key} SMD before`);
      small(num(rows[k]!.smd_weighted), r.smdWeighted, `${r.key} SMD weighted`);
      small(num(rows[k]!.smd_matched), r.smdMatched, `${r.key} SMD matched`);
      near(num(rows[k]!.variance_ratio_matched), r.varianceRatioMatched ?? null, `${r.key} VR matched`);
    });
  });

  it('km_landmarks.csv scope iptw_weighted: the weighted survival at 12, 36, 60 months', () => {
    const rows = table('km_landmarks.csv').filter((r) => r.scope === 'iptw_weighted');
    expect(rows.length).toBe(6);
    (['treated', 'control'] as const).forEach((arm, j) => {
      const lm = R.weightedKm.landmarks[arm];
      lm.time.forEach((t, k) => {
        const row = rows[j * 3 + k]!;
        expect(Number(row.time)).toBe(t);
        near(num(row.survival), lm.survival[k]!, `${arm} S(${t}) in the CSV`);
      });
    });
  });
});

describe('propensity plan errors', () => {
  const dir = join(APP_DIR, 'test', 'fixtures', 'colon3');
  const cohort = load(dir, 'colon3');
  const planWith = (propensity: object) => {
    const source = readPlanFile(join(dir, 'colon3-plan.yaml'));
    return validatePlan({ ...source, value: { ...(source.value as object), propensity } }, cohort);
  };

  it('a three-arm group without a chosen pair is a plan error naming propensity and the arms', () => {
    const plan = planWith({ covariates: ['age'] });
    expect(() => analyse(cohort, plan, context)).toThrow(ReportError);
    expect(() => analyse(cohort, plan, context)).toThrow(/propensity: .*compares 2 arms.*has 3/);
  });

  it('matching with the ATE is a plan error naming propensity.estimand', () => {
    const plan = planWith({
      covariates: ['age'],
      treated: 'Lev+5FU',
      control: 'Obs',
      method: 'matching',
      estimand: 'ATE',
    });
    expect(() => analyse(cohort, plan, context)).toThrow(/propensity.*estimand/);
  });
});
