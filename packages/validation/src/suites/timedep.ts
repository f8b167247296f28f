import {
  coxPH,
  eValue,
  kaplanMeierByGroup,
  landmarkData,
  logRankTest,
  restrictedMeanSurvival,
  splitAtTreatment,
} from '@survkit/stats';
import { CheckList } from '../compare.js';
import { readFixture } from '../fixtures.js';
import type { SuiteSummary } from '../types.js';

/** Relative tolerance for row values and E-values (exact arithmetic on the same doubles). */
export const TIMEDEP_EXACT_TOL = 1e-12;
/** Relative tolerance for Cox fits, KM curves, log-rank and RMST — those of the cox and survival suites. */
export const TIMEDEP_TOL = 1e-7;

type Column = number[];
type Missing = Array<number | null>;

interface TmergeCase {
  name: string;
  call: string;
  input: { time: Column; event: Column; treatmentTime: Missing; covariates: Record<string, Column> };
  covariateNames: string[];
  rows: {
    subject: Column;
    entry: Column;
    time: Column;
    event: Column;
    treated: Column;
    covariates: Record<string, Column>;
  };
  fits: Array<{
    ties: 'efron' | 'breslow';
    coef: Column;
    se: Column;
    robustSe: Column;
    loglik: Column;
    pValue: Column;
    lrStatistic: number;
    scoreStatistic: number;
  }>;
}

interface LandmarkCase {
  name: string;
  landmark: number;
  input: { time: Column; event: Column; treatmentTime: Missing };
  rows: Column;
  time: Column;
  event: Column;
  treated: Column;
  km: Array<{ treated: number; time: Column; survival: Column; nRisk: Column }>;
  logrank: { statistic: number; pValue: number; observed: Column; expected: Column };
  cox: { coef: number; se: number; pValue: number };
}

interface Contrast {
  estimate: number;
  stdErr?: number;
  lower: number;
  upper: number;
  pValue: number;
}

interface RmstCase {
  name: string;
  tau: number | null;
  tauUsed: number;
  confLevel: number;
  input: { time: Column; event: Column; arm: Column };
  arms: Array<{ arm: number; n: number; estimate: number; stdErr: number; lower: number; upper: number }>;
  difference: Contrast;
  ratio: Contrast;
  lostTimeRatio: Contrast;
}

interface EValueCase {
  hazardRatio: number;
  lower: number;
  upper: number;
  rare: boolean;
  riskRatio: { estimate: number; lower: number; upper: number };
  point: number;
  ci: number;
}

export interface TimedepFixture {
  tmerge: TmergeCase[];
  landmark: LandmarkCase[];
  rmst: RmstCase[];
  evalue: EValueCase[];
}

export function tmergeChecks(list = new CheckList()): number {
  const fx = readFixture<TimedepFixture>('timedep.json');
  for (const c of fx.tmerge) {
    const s = splitAtTreatment(c.input);
    const e = c.rows;
    list.addArray(c.name, 'subject', s.subject, e.subject, 0);
    list.addArray(c.name, 'tstart', s.entry, e.entry, TIMEDEP_EXACT_TOL);
    list.addArray(c.name, 'tstop', s.time, e.time, TIMEDEP_EXACT_TOL);
    list.addArray(c.name, 'death', s.event, e.event, 0);
    list.addArray(c.name, 'trt', s.treated, e.treated, 0);
    for (const name of c.covariateNames) {
      list.addArray(c.name, name, s.covariates[name] ?? [], e.covariates[name]!, 0);
    }
    const covariates = { trt: s.treated, ...s.covariates };
    for (const f of c.fits) {
      const name = `${c.name}: coxph(Surv(tstart, tstop, death) ~ trt + ..., ties = '${f.ties}')`;
      const fit = coxPH({ entry: s.entry, time: s.time, event: s.event, covariates }, { ties: f.ties });
      list.addArray(
        name,
        'coef',
        fit.terms.map((t) => t.coef),
        f.coef,
        TIMEDEP_TOL,
      );
      list.addArray(
        name,
        'se',
        fit.terms.map((t) => t.stdErr),
        f.se,
        TIMEDEP_TOL,
      );
      list.addArray(
        name,
        'p',
        fit.terms.map((t) => t.pValue),
        f.pValue,
        TIMEDEP_TOL,
      );
      list.addArray(name, 'loglik', [fit.logLik.null, fit.logLik.model], f.loglik, TIMEDEP_TOL);
      list.add(name, 'LR statistic', fit.likelihoodRatioTest.statistic, f.lrStatistic, TIMEDEP_TOL);
      list.add(name, 'score statistic', fit.scoreTest.statistic, f.scoreStatistic, TIMEDEP_TOL);
      const robust = coxPH(
        { entry: s.entry, time: s.time, event: s.event, covariates, cluster: s.subject },
        { ties: f.ties },
      );
      list.addArray(
        `${name} + cluster(id)`,
        'robust se',
        robust.terms.map((t) => t.robustStdErr ?? null),
        f.robustSe,
        TIMEDEP_TOL,
      );
    }
  }
  return fx.tmerge.length;
}

export function landmarkChecks(list = new CheckList()): number {
  const fx = readFixture<TimedepFixture>('timedep.json');
  for (const c of fx.landmark) {
    const name = `${c.name}: subset(time > ${c.landmark}), treated = tx <= ${c.landmark}`;
    const lm = landmarkData(c.input, { landmark: c.landmark });
    list.addArray(name, 'rows', lm.rows, c.rows, 0);
    list.addArray(name, 'time - landmark', lm.time, c.time, 0);
    list.addArray(name, 'event', lm.event, c.event, 0);
    list.addArray(name, 'treated', lm.treated, c.treated, 0);
    const { curves } = kaplanMeierByGroup({ time: lm.time, event: lm.event, group: lm.treated });
    for (const e of c.km) {
      const curve = curves.find((k) => k.group === String(e.treated));
      list.addArray(`${name}: survfit`, `treated=${e.treated} time`, curve?.time ?? [], e.time, TIMEDEP_TOL);
      list.addArray(
        `${name}: survfit`,
        `treated=${e.treated} surv`,
        curve?.survival ?? [],
        e.survival,
        TIMEDEP_TOL,
      );
      list.addArray(
        `${name}: survfit`,
        `treated=${e.treated} n.risk`,
        curve?.nRisk ?? [],
        e.nRisk,
        TIMEDEP_TOL,
      );
    }
    const lr = logRankTest({ time: lm.time, event: lm.event, group: lm.treated });
    list.add(`${name}: survdiff`, 'chisq', lr.statistic, c.logrank.statistic, TIMEDEP_TOL);
    list.add(`${name}: survdiff`, 'p', lr.pValue, c.logrank.pValue, TIMEDEP_TOL);
    list.addArray(
      `${name}: survdiff`,
      'obs',
      lr.groups.map((g) => g.observed),
      c.logrank.observed,
      TIMEDEP_TOL,
    );
    list.addArray(
      `${name}: survdiff`,
      'exp',
      lr.groups.map((g) => g.expected),
      c.logrank.expected,
      TIMEDEP_TOL,
    );
    const fit = coxPH({ time: lm.time, event: lm.event, covariates: { treated: lm.treated } });
    const t = fit.terms[0]!;
    list.add(`${name}: coxph`, 'coef', t.coef, c.cox.coef, TIMEDEP_TOL);
    list.add(`${name}: coxph`, 'se', t.stdErr, c.cox.se, TIMEDEP_TOL);
    list.add(`${name}: coxph`, 'p', t.pValue, c.cox.pValue, TIMEDEP_TOL);
  }
  return fx.landmark.length;
}

export function rmstChecks(list = new CheckList()): number {
  const fx = readFixture<TimedepFixture>('timedep.json');
  for (const c of fx.rmst) {
    const name = `${c.name}: summary(survfit, rmean = ${c.tauUsed})$table + survRM2::rmst2 formulas`;
    const r = restrictedMeanSurvival(c.input, {
      ...(c.tau === null ? {} : { tau: c.tau }),
      confLevel: c.confLevel,
    });
    list.add(name, 'tau', r.tau, c.tauUsed, 0);
    c.arms.forEach((e, a) => {
      const got = r.arms[a]!;
      list.add(name, `arm ${e.arm} n`, got.n, e.n, 0);
      list.add(name, `arm ${e.arm} rmean`, got.estimate, e.estimate, TIMEDEP_TOL);
      list.add(name, `arm ${e.arm} se(rmean)`, got.stdErr, e.stdErr, TIMEDEP_TOL);
      list.add(name, `arm ${e.arm} lower`, got.lower, e.lower, TIMEDEP_TOL);
      list.add(name, `arm ${e.arm} upper`, got.upper, e.upper, TIMEDEP_TOL);
    });
    for (const key of ['difference', 'ratio', 'lostTimeRatio'] as const) {
      const e = c[key];
      const got = r[key];
      list.add(name, `${key} estimate`, got.estimate, e.estimate, TIMEDEP_TOL);
      if (e.stdErr !== undefined) list.add(name, `${key} se`, got.stdErr, e.stdErr, TIMEDEP_TOL);
      list.add(name, `${key} lower`, got.lower, e.lower, TIMEDEP_TOL);
      list.add(name, `${key} upper`, got.upper, e.upper, TIMEDEP_TOL);
      list.add(name, `${key} p`, got.pValue, e.pValue, TIMEDEP_TOL);
    }
  }
  return fx.rmst.length;
}

export function eValueChecks(list = new CheckList()): number {
  const fx = readFixture<TimedepFixture>('timedep.json');
  for (const c of fx.evalue) {
    const name = `evalues.HR(${c.hazardRatio}, ${c.lower}, ${c.upper}, rare = ${c.rare})`;
    const r = eValue(c, { rare: c.rare });
    list.add(name, 'RR', r.riskRatio.estimate, c.riskRatio.estimate, TIMEDEP_EXACT_TOL);
    list.add(name, 'RR lower', r.riskRatio.lower, c.riskRatio.lower, TIMEDEP_EXACT_TOL);
    list.add(name, 'RR upper', r.riskRatio.upper, c.riskRatio.upper, TIMEDEP_EXACT_TOL);
    list.add(name, 'E-value', r.point, c.point, TIMEDEP_EXACT_TOL);
    list.add(name, 'E-value of the CI', r.ci, c.ci, TIMEDEP_EXACT_TOL);
  }
  return fx.evalue.length;
}

/** The time-dependent treatment suite: tmerge + coxph, landmark analyses, RMST and E-values against R. */
export function runTimedepSuite(): SuiteSummary {
  const list = new CheckList();
  const cases = tmergeChecks(list) + landmarkChecks(list) + rmstChecks(list) + eValueChecks(list);
  const failures = list.checks.filter((c) => !c.pass);
  return {
    suite: 'time-dependent treatment',
    oracle:
      'R 4.2.2, survival 3.5-3: tmerge(tdc()) + coxph(Surv(tstart, tstop, death)); landmark subsets with survfit/survdiff/coxph; ' +
      'summary(survfit, rmean = tau)$table and survRM2 rmst2 formulas; EValue evalues.HR formulas (timedep.R)',
    cases,
    checks: list.checks.length,
    passed: list.checks.length - failures.length,
    failures,
  };
}
