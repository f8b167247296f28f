import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/analysis/analyse.js';
import { formatNumber, pRelation } from '../src/format/index.js';
import { reportFormat } from '../src/format/reportFormat.js';
import { csvTables } from '../src/output/csv.js';
import { readPlanFile, validatePlan } from '../src/plan/loadPlan.js';
import { reportFigures } from '../src/render/figures.js';
import { matchedKmTestLine } from '../src/render/propensitySpecs.js';
import { near, REPO_DIR } from './helpers.js';
import { context, csvTable, load, num, R, sameEffect, sameSteps } from './propensityGbsgFixture.js';

// The PS-matched Kaplan–Meier curves of examples/gbsg. Oracle: apps/report/test/fixtures/propensity-gbsg.json
// (apps/report/test/r/propensity-gbsg.R: survfit(Surv(months, event) ~ treat, data = match.data(m),
// weights = weights), summary(censored = TRUE), for the plan's 1:1 matching and for 1:2 with
// replacement; coxph(weights = weights, robust = TRUE) for the latter). Tolerance: relative 1e-6
// (`near`); counts of patients exact.
describe('the PS-matched Kaplan–Meier curves of examples/gbsg equal R’s survfit on match.data(m)', () => {
  const dir = join(REPO_DIR, 'examples', 'gbsg');
  const cohort = load(dir, 'gbsg');
  const plan = validatePlan(readPlanFile(join(dir, 'gbsg-plan.yaml')), cohort);
  const result = analyse(cohort, plan, context);
  const p = result.propensity!;
  const e = p.endpoints[0]!;

  it('1:1 without replacement: every matching weight is 1, n and events are counts of the matched patients', () => {
    expect(p.matching!.unitWeights).toBe(R.matchedKm.unitWeights);
    const km = e.matchedKm!;
    expect(km.curves.map((c) => c.label)).toEqual([p.treated.label, p.control.label]);
    (['treated', 'control'] as const).forEach((arm, j) => {
      expect(km.curves[j]!.n, `${arm} n`).toBe(R.matchedKm.n[arm]);
      expect(km.curves[j]!.events, `${arm} events`).toBe(R.matchedKm.events[arm]);
    });
  });

  it('survival and CI at the landmarks, numbers at risk and survival at the axis ticks', () => {
    const km = e.matchedKm!;
    (['treated', 'control'] as const).forEach((arm, j) => {
      const curve = km.curves[j]!;
      const lm = R.matchedKm.landmarks[arm];
      expect(curve.landmarks.map((l) => l.time)).toEqual(lm.time);
      curve.landmarks.forEach((l, k) => {
        near(l.survival, lm.survival[k]!, `${arm} matched S(${l.time})`);
        near(l.lower, lm.lower[k]!, `${arm} matched lower(${l.time})`);
        near(l.upper, lm.upper[k]!, `${arm} matched upper(${l.time})`);
      });
      const ticks = R.matchedKm.ticks[arm];
      ticks.time.forEach((t, k) => {
        const at = km.xTicks.indexOf(t);
        expect(at, `tick ${t}`).toBeGreaterThanOrEqual(0);
        expect(curve.atRisk[at], `${arm} matched number at risk at ${t}`).toBe(ticks.nRisk[k]);
      });
    });
  });

  it('the full step tables of the matched (counts exact) and the IPTW-weighted curves', () => {
    (['treated', 'control'] as const).forEach((arm) => {
      const steps = (analysis: string) => e.kmSteps.find((s) => s.analysis === analysis && s.arm === arm);
      sameSteps(steps('ps_matched'), R.matchedKm.steps[arm], true, `matched ${arm}`);
      sameSteps(steps('iptw_weighted'), R.weightedKmSteps[arm], false, `IPTW ${arm}`);
    });
  });

  it('is a figure of reportFigures right after the weighted one, quoting the matched Cox test and the matching', () => {
    const figures = reportFigures(result, plan);
    const at = figures.findIndex((f) => f.of === e.matchedKm);
    expect(at).toBeGreaterThan(0);
    expect(figures[at - 1]!.of).toBe(e.weightedKm);
    const f = figures[at]!;
    expect(f.fileStem).toBe(`figure-${f.number}-km-recurrence-free-survival-ps-matched`);
    expect(f.caption).toMatch(/^PS-matched recurrence-free survival \(RFS\)/);
    expect(f.caption).toContain(
      `${R.matching.matchedTreated} tamoxifen and ${R.matching.matchedControl} no hormonal therapy patients (1:1 nearest-neighbour matching on the logit of the score, without replacement, caliper 0.20 SD of the logit of the score = ${formatNumber(R.matching.caliperWidth, 3)})`,
    );
    const fmt = reportFormat(plan.format);
    expect(matchedKmTestLine(result, e, fmt)).toBe(
      `Matched Cox model (SE clustered on the matched sets): HR (95% CI) ${fmt.hazardRatio(R.matched.hazardRatio, R.matched.lower, R.matched.upper)}, p ${pRelation(R.matched.pValue)}`,
    );
  });
});

describe('1:2 matching with replacement on examples/gbsg: the weighted matched curves equal R’s', () => {
  const dir = join(REPO_DIR, 'examples', 'gbsg');
  const cohort = load(dir, 'gbsg');
  const source = readPlanFile(join(dir, 'gbsg-plan.yaml'));
  const value = source.value as { propensity: object };
  const plan = validatePlan(
    { ...source, value: { ...value, propensity: { ...value.propensity, ratio: 2, replace: true } } },
    cohort,
  );
  const result = analyse(cohort, plan, context);
  const p = result.propensity!;
  const e = p.endpoints[0]!;

  it('the matching weights are not all 1: n counts patients, the numbers at risk at 0 are the sums of the weights', () => {
    expect(p.matching!.unitWeights).toBe(R.matchedKm2.unitWeights);
    (['treated', 'control'] as const).forEach((arm, j) => {
      const curve = e.matchedKm!.curves[j]!;
      expect(curve.n, `${arm} n`).toBe(R.matchedKm2.n[arm]);
      near(curve.atRisk[0], R.matchedKm2.weightSum[arm], `${arm} weighted number at risk at 0`);
      const lm = R.matchedKm2.landmarks[arm];
      curve.landmarks.forEach((l, k) => {
        near(l.survival, lm.survival[k]!, `${arm} S(${l.time})`);
        near(l.lower, lm.lower[k]!, `${arm} lower(${l.time})`);
        near(l.upper, lm.upper[k]!, `${arm} upper(${l.time})`);
      });
    });
  });

  it('the full step tables (robust SE) and the matched Cox model with robust SE that the figure quotes', () => {
    (['treated', 'control'] as const).forEach((arm) => {
      const steps = e.kmSteps.find((s) => s.analysis === 'ps_matched' && s.arm === arm);
      sameSteps(steps, R.matchedKm2.steps[arm], false, `1:2 matched ${arm}`);
    });
    sameEffect(e.matched, R.matchedKm2.cox, '1:2 matched with replacement');
    expect(e.matched!.cluster).toBe(false);
    const figure = reportFigures(result, plan).find((f) => f.of === e.matchedKm)!;
    expect(figure.caption).toContain(
      '1:2 nearest-neighbour matching on the logit of the score, with replacement',
    );
    expect(figure.caption).toContain('coxph(weights = weights, robust = TRUE)');
  });
});

describe('--csv of examples/gbsg: the matched and weighted curves’ steps carry R’s numbers', () => {
  const dir = join(REPO_DIR, 'examples', 'gbsg');
  const cohort = load(dir, 'gbsg');
  const files = csvTables(
    analyse(cohort, validatePlan(readPlanFile(join(dir, 'gbsg-plan.yaml')), cohort), context),
  );
  const table = (name: string) => csvTable(files, name);

  it('propensity_km.csv: every step of the matched and weighted curves, as R’s summary(censored = TRUE)', () => {
    const rows = table('propensity_km.csv');
    for (const [analysis, r] of [
      ['ps_matched', R.matchedKm.steps],
      ['iptw_weighted', R.weightedKmSteps],
    ] as const)
      (['treated', 'control'] as const).forEach((arm) => {
        const ours = rows.filter((x) => x.analysis === analysis && x.arm === arm);
        expect(ours.length, `${analysis} ${arm} rows`).toBe(r[arm].time.length);
        ours.forEach((row, k) => {
          near(num(row.time), r[arm].time[k]!, `${analysis} ${arm} time[${k}]`);
          near(num(row.n_risk), r[arm].nRisk[k]!, `${analysis} ${arm} n_risk[${k}]`);
          near(num(row.survival), r[arm].survival[k]!, `${analysis} ${arm} survival[${k}]`);
          near(num(row.std_err), r[arm].stdErr[k]!, `${analysis} ${arm} std_err[${k}]`);
          near(num(row.lower), r[arm].lower[k]!, `${analysis} ${arm} lower[${k}]`);
          near(num(row.upper), r[arm].upper[k]!, `${analysis} ${arm} upper[${k}]`);
        });
        expect(new Set(ours.map((x) => x.weighted))).toEqual(
          new Set([analysis === 'ps_matched' ? 'false' : 'true']),
        );
      });
  });

  it('km_landmarks.csv scope ps_matched: the matched survival at 12, 36, 60 months', () => {
    const rows = table('km_landmarks.csv').filter((r) => r.scope === 'ps_matched');
    expect(rows.length).toBe(6);
    (['treated', 'control'] as const).forEach((arm, j) => {
      const lm = R.matchedKm.landmarks[arm];
      lm.time.forEach((t, k) => {
        near(num(rows[j * 3 + k]!.survival), lm.survival[k]!, `${arm} S(${t})`);
      });
    });
  });
});
