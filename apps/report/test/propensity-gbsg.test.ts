import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cohort, importCohortCsv, loadDictionaryFile } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/analysis/analyse.js';
import type { PropensityEffect, PropensityKmSteps } from '../src/analysis/propensityTypes.js';
import { ReportError } from '../src/errors.js';
import { formatNumber, formatSurvivalPercent, pRelation } from '../src/format/index.js';
import { reportFormat } from '../src/format/reportFormat.js';
import { csvTables } from '../src/output/csv.js';
import { readPlanFile, validatePlan } from '../src/plan/loadPlan.js';
import { reportFigures } from '../src/render/figures.js';
import { matchedKmTestLine } from '../src/render/propensitySpecs.js';
import { propensityResultsText } from '../src/templates/propensityText.js';
import { APP_DIR, near, REPO_DIR } from './helpers.js';

// Oracle: apps/report/test/fixtures/propensity-gbsg.json, written by apps/report/test/r/propensity-gbsg.R
// (R 4.2.2: glm, MatchIt's matchit/summary with the 4.5.4 nearest-neighbour kernel, survival 3.5-3
// coxph with weights, robust = TRUE and cluster = subclass, survfit with weights on the weighted and
// the matched sample). Tolerance: relative 1e-6 (`near`); SMDs near 0 absolutely at 1e-12; counts of
// patients exact.
interface REffect {
  n: number;
  events: number;
  hazardRatio: number;
  lower: number;
  upper: number;
  pValue: number;
}
interface RFixture {
  n: { treated: number; control: number };
  ess: { treated: number; control: number };
  matching: { matchedTreated: number; matchedControl: number; caliperWidth: number };
  balance: {
    variable: string;
    key: string;
    smdBefore: number;
    smdWeighted: number;
    smdMatched: number;
    varianceRatioBefore: number | null;
    varianceRatioWeighted: number | null;
    varianceRatioMatched: number | null;
  }[];
  unadjusted: REffect;
  weighted: REffect;
  matched: REffect;
  weightedKm: {
    landmarks: Record<'treated' | 'control', RKmAt>;
    ticks: Record<'treated' | 'control', RKmAt>;
    events: { treated: number; control: number };
  };
  weightedKmSteps: Arms<RSteps>;
  matchedKm: {
    unitWeights: boolean;
    n: Arms<number>;
    events: Arms<number>;
    landmarks: Arms<RKmAt>;
    ticks: Arms<RKmAt>;
    steps: Arms<RSteps>;
  };
}
/** summary(fit, censored = TRUE) of one arm. */
interface RSteps {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  stdErr: number[];
  lower: number[];
  upper: number[];
}
type Arms<T> = Record<'treated' | 'control', T>;
interface RKmAt {
  time: number[];
  survival: number[];
  lower: number[];
  upper: number[];
  nRisk: number[];
}

const R = JSON.parse(
  readFileSync(join(APP_DIR, 'test', 'fixtures', 'propensity-gbsg.json'), 'utf8'),
) as RFixture;

function load(dir: string, name: string): Cohort {
  const imported = importCohortCsv(
    readFileSync(join(dir, `${name}.csv`)),
    loadDictionaryFile(join(dir, `${name}-dictionary.json`)),
  );
  if (!imported.ok) throw new Error(`${name}.csv does not import`);
  return imported.cohort;
}

const context = {
  source: { synthetic: false, seed: null, path: 'gbsg.csv' } as never,
  generatedAt: '2026-12-01T00:00:00Z',
  version: 'test',
  validation: null,
  importWarnings: [],
};

function sameEffect(ours: PropensityEffect | null, r: REffect, what: string): void {
  expect(ours, what).not.toBeNull();
  expect(ours!.n, `${what} n`).toBe(r.n);
  expect(ours!.events, `${what} events`).toBe(r.events);
  near(ours!.hazardRatio, r.hazardRatio, `${what} HR`);
  near(ours!.lower, r.lower, `${what} lower`);
  near(ours!.upper, r.upper, `${what} upper`);
  near(ours!.pValue, r.pValue, `${what} p`);
}

const small = (a: number | null, e: number, what: string) =>
  Math.abs(e) < 1e-3
    ? expect(Math.abs(a! - e), `${what}: ours ${a}, R ${e}`).toBeLessThan(1e-12)
    : near(a, e, what);

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
    expect(p.balance.length).toBe(R.balance.length);
    R.balance.forEach((r, k) => {
      const row = p.balance[k]!;
      expect(row.variable).toBe(r.variable);
      small(row.smdBefore, r.smdBefore, `${r.key} SMD before`);
      small(row.smdWeighted, r.smdWeighted, `${r.key} SMD weighted`);
      small(row.smdMatched, r.smdMatched, `${r.key} SMD matched`);
      near(row.varianceRatioBefore, r.varianceRatioBefore, `${r.key} VR before`);
      near(row.varianceRatioWeighted, r.varianceRatioWeighted, `${r.key} VR weighted`);
      near(row.varianceRatioMatched, r.varianceRatioMatched, `${r.key} VR matched`);
    });
  });

  it('the treatment HR unadjusted, IPTW (robust) and matched (clustered on the matched pairs)', () => {
    const e = p.endpoints[0]!;
    sameEffect(e.unadjusted, R.unadjusted, 'unadjusted');
    sameEffect(e.weighted, R.weighted, 'IPTW');
    sameEffect(e.matched, R.matched, 'matched');
    expect(e.matched!.cluster).toBe(true);
  });

  it('the IPTW-weighted Kaplan–Meier curves: survfit(weights = w) at the landmarks and the axis ticks', () => {
    const km = p.endpoints[0]!.weightedKm!;
    expect(km.curves.map((c) => c.label)).toEqual([p.treated.label, p.control.label]);
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
      const ticks = R.weightedKm.ticks[arm];
      ticks.time.forEach((t, k) => {
        const at = km.xTicks.indexOf(t);
        expect(at, `tick ${t}`).toBeGreaterThanOrEqual(0);
        near(curve.atRisk[at], ticks.nRisk[k]!, `${arm} weighted number at risk at ${t}`);
        // The step function just after its last jump at or before t.
        let i = -1;
        while (i + 1 < curve.time.length && curve.time[i + 1]! <= t) i++;
        near(i < 0 ? 1 : curve.survival[i], ticks.survival[k]!, `${arm} S(${t}) from the drawn steps`);
      });
    });
  });
});

/** One arm's step table against R's summary(fit, censored = TRUE); counts exact when `counts`. */
function sameSteps(ours: PropensityKmSteps | undefined, r: RSteps, counts: boolean, what: string): void {
  expect(ours, what).toBeDefined();
  expect(ours!.time.length, `${what}: number of times`).toBe(r.time.length);
  r.time.forEach((t, k) => {
    near(ours!.time[k], t, `${what} time[${k}]`);
    for (const key of ['nRisk', 'nEvent', 'nCensor'] as const)
      if (counts) expect(ours![key][k], `${what} ${key} at ${t}`).toBe(r[key][k]);
      else near(ours![key][k], r[key][k]!, `${what} ${key} at ${t}`);
    for (const key of ['survival', 'stdErr', 'lower', 'upper'] as const)
      near(ours![key][k], r[key][k]!, `${what} ${key} at ${t}`);
  });
}

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
  // No cell of these files is quoted (no commas in gbsg's labels), so a split reads them.
  const table = (name: string) => {
    const [head, ...lines] = files[name]!.trim().split('\n');
    const keys = head!.split(',');
    return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [keys[k]!, v])));
  };
  const num = (v: string | undefined) => (v === 'NA' || v === undefined ? null : Number(v));

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

  it('propensity_balance.csv: one row per balance row with R’s SMDs and variance ratios', () => {
    const rows = table('propensity_balance.csv');
    expect(rows.length).toBe(R.balance.length);
    R.balance.forEach((r, k) => {
      expect(rows[k]!.variable).toBe(r.variable);
      small(num(rows[k]!.smd_before), r.smdBefore, `${r.key} SMD before`);
      small(num(rows[k]!.smd_weighted), r.smdWeighted, `${r.key} SMD weighted`);
      small(num(rows[k]!.smd_matched), r.smdMatched, `${r.key} SMD matched`);
      near(num(rows[k]!.variance_ratio_matched), r.varianceRatioMatched, `${r.key} VR matched`);
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
