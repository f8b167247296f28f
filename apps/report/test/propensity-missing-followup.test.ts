import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCohortCsv, parseDictionary } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/analysis/analyse.js';
import { readPlanFile, validatePlan } from '../src/plan/loadPlan.js';
import { APP_DIR, near, REPO_DIR } from './helpers.js';
import { type RKmAt, sameEffect } from './propensityCompare.js';
import { context, type REffect } from './propensityGbsgFixture.js';

// Oracle: apps/report/test/fixtures/propensity-missing/r.json, written by
// apps/report/test/r/propensity-missing-followup.R from examples/gbsg with rfstime removed in 12
// seeded rows and status in 3 (gbsg-missing.csv, written by the same script). R's glm fits the score
// on every patient with complete covariates; coxph and survfit (weights, robust) drop the rows
// without follow-up. Tolerance: relative 1e-6 (`near`); counts exact.
interface RMissing {
  noTimeRows: number[];
  noStatusRows: number[];
  n: { treated: number; control: number };
  nUsed: { treated: number; control: number };
  ess: { treated: number; control: number };
  unadjusted: REffect;
  weighted: REffect;
  weightedKm: {
    landmarks: Record<'treated' | 'control', RKmAt>;
    events: Record<'treated' | 'control', number>;
  };
}

const dir = join(APP_DIR, 'test', 'fixtures', 'propensity-missing');
const R = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RMissing;

describe('the propensity-score section with follow-up missing for some patients equals R', () => {
  const gbsg = join(REPO_DIR, 'examples', 'gbsg');
  // examples/gbsg's dictionary, with the follow-up allowed to be missing (its own says it never is)
  const dictionary = JSON.parse(readFileSync(join(gbsg, 'gbsg-dictionary.json'), 'utf8')) as {
    variables: { name: string; allowMissing?: boolean }[];
  };
  for (const v of dictionary.variables)
    if (v.name === 'rfstime' || v.name === 'status') delete v.allowMissing;
  const imported = importCohortCsv(readFileSync(join(dir, 'gbsg-missing.csv')), parseDictionary(dictionary));
  if (!imported.ok) throw new Error(`gbsg-missing.csv does not import: ${imported.errors[0]?.message}`);
  const cohort = imported.cohort;
  const source = readPlanFile(join(gbsg, 'gbsg-plan.yaml'));
  const value = source.value as { propensity: Record<string, unknown> };
  const plan = validatePlan(
    { ...source, value: { ...value, propensity: { ...value.propensity, method: 'weighting' } } },
    cohort,
  );
  const result = analyse(cohort, plan, context);
  const p = result.propensity!;
  const e = p.endpoints[0]!;

  it('the score and weights use every patient with complete covariates, follow-up or not', () => {
    expect(p.matching).toBeNull(); // weighting only, as the R script
    expect(p.n).toEqual(R.n);
    near(p.weights!.essTreated, R.ess.treated, 'ESS treated');
    near(p.weights!.essControl, R.ess.control, 'ESS control');
  });

  it('the unadjusted and IPTW hazard ratios leave out the patients without a time or status, as coxph does', () => {
    sameEffect(e.unadjusted, R.unadjusted, 'unadjusted');
    sameEffect(e.weighted, R.weighted, 'IPTW');
    expect(e.unadjusted.n).toBe(R.nUsed.treated + R.nUsed.control);
  });

  it('the weighted Kaplan–Meier curves at the plan’s landmarks, as survfit(weights = w) drops those rows', () => {
    const km = e.weightedKm!;
    (['treated', 'control'] as const).forEach((arm, j) => {
      const curve = km.curves[j]!;
      near(curve.events, R.weightedKm.events[arm], `${arm} weighted events`);
      const lm = R.weightedKm.landmarks[arm];
      expect(curve.landmarks.map((l) => l.time)).toEqual(lm.time);
      curve.landmarks.forEach((l, k) => {
        near(l.survival, lm.survival[k]!, `${arm} S(${l.time})`);
        near(l.lower, lm.lower[k]!, `${arm} lower(${l.time})`);
        near(l.upper, lm.upper[k]!, `${arm} upper(${l.time})`);
      });
    });
  });

  it('the flow chart names the rows left out of the endpoint', () => {
    const left = result.flow.missingFollowUp ?? [];
    expect(left.flatMap((m) => m.rows).sort((a, b) => a - b)).toEqual(
      [...R.noTimeRows, ...R.noStatusRows].sort((a, b) => a - b),
    );
  });
});
