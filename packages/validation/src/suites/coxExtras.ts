import { type CoxModelResult, coxFirth, coxPH, coxZph, fitCoxModel, type ModelFrame } from '@survkit/stats';
import { CheckList } from '../compare.js';
import { readFixture } from '../fixtures.js';
import type { SuiteSummary } from '../types.js';

/** R writes NA as null and infinities as "Inf"/"-Inf" (JSON has neither). */
export type RNumber = number | string | null;

export function rNumber(v: RNumber): number | null {
  if (v === 'Inf') return Number.POSITIVE_INFINITY;
  if (v === '-Inf') return Number.NEGATIVE_INFINITY;
  if (typeof v === 'string') throw new Error(`unexpected string ${v} in a fixture`);
  return v;
}

interface FrameJson {
  time: (number | null)[];
  event: (number | null)[];
  variables: Record<
    string,
    | { type: 'categorical'; levels: string[]; codes: number[]; reference?: string }
    | { type: 'numeric'; values: (number | null)[] }
  >;
}

const nan = (xs: (number | null)[]): number[] => xs.map((x) => (x === null ? Number.NaN : x));

/** A fixture frame as a `ModelFrame` (null → NaN), with reference levels overridden by `references`. */
export function frameFromJson(f: FrameJson, references: Record<string, string> = {}): ModelFrame {
  const variables: Record<string, ModelFrame['variables'][string]> = {};
  for (const [name, v] of Object.entries(f.variables)) {
    variables[name] =
      v.type === 'categorical'
        ? {
            type: 'categorical',
            levels: v.levels,
            codes: v.codes,
            reference: references[name] ?? v.reference ?? v.levels[0]!,
          }
        : { type: 'numeric', values: nan(v.values) };
  }
  return { time: nan(f.time), event: nan(f.event), variables };
}

export interface TestJson {
  statistic: number;
  df: number;
  pValue: number;
}

export interface CoxModelFixtureModel {
  variables: string[];
  references: Record<string, string>;
  ties: 'efron' | 'breslow';
  confLevel: number;
  call: string;
  n: number;
  nEvents: number;
  nDropped: number;
  loglik: RNumber[];
  terms: {
    name: string[];
    coef: RNumber[];
    se: RNumber[];
    hazardRatio: RNumber[];
    lower: RNumber[];
    upper: RNumber[];
    pValue: RNumber[];
  };
  infinite: string[];
  termTests: { variable: string; lrt: TestJson; wald: TestJson }[];
  /** cox.zph(fit, transform = "km")$table, one row per variable. */
  phTest: {
    transform: 'km';
    terms: { name: string; chisq: number; df: number; pValue: number }[];
    global: { chisq: number; df: number; pValue: number };
  };
  warnings: string[];
}

export interface CoxModelFixture {
  cases: { name: string; frame: FrameJson; models: CoxModelFixtureModel[] }[];
}

/** Relative tolerance against R for the modelling layer: the Cox fit itself agrees to ~1e-9. */
export const MODEL_TOL = 1e-6;

/** Runs `fitCoxModel` for one fixture model. */
export function fitFixtureModel(frame: FrameJson, m: CoxModelFixtureModel): CoxModelResult {
  return fitCoxModel(frameFromJson(frame, m.references), m.variables, {
    ties: m.ties,
    confLevel: m.confLevel,
    phTest: m.phTest.transform,
  });
}

/** Compares every fixture model of `cox-model.json` with R. */
export function coxModelChecks(list = new CheckList()): { list: CheckList; cases: number } {
  const fx = readFixture<CoxModelFixture>('cox-model.json');
  let cases = 0;
  for (const c of fx.cases) {
    for (const m of c.models) {
      cases++;
      const name = `${c.name}: ${m.call}`;
      const r = fitFixtureModel(c.frame, m);
      list.add(name, 'n', r.n, m.n, 0);
      list.add(name, 'nEvents', r.events, m.nEvents, 0);
      list.add(name, 'nDropped', r.nDropped, m.nDropped, 0);
      list.add(name, 'logLik.model', r.fit.logLik.model, rNumber(m.loglik[1]!), MODEL_TOL);
      const levels = new Map(
        r.variables.flatMap((v) => v.levels.filter((l) => l.term !== null).map((l) => [l.term!, l])),
      );
      m.terms.name.forEach((term, k) => {
        const l = levels.get(term);
        const coef = rNumber(m.terms.coef[k]!);
        const isInf = m.infinite.includes(term);
        list.add(name, `${term} infinite flag`, l?.infinite ? 1 : 0, isInf ? 1 : 0, 0);
        list.add(name, `${term} coef`, l?.coef, coef, MODEL_TOL);
        // R prints se = 0 for an NA coefficient; survkit gives null for every field of it.
        list.add(name, `${term} se`, l?.stdErr, coef === null ? null : rNumber(m.terms.se[k]!), MODEL_TOL);
        list.add(name, `${term} hazardRatio`, l?.hazardRatio, rNumber(m.terms.hazardRatio[k]!), MODEL_TOL);
        list.add(name, `${term} lower`, l?.lower, rNumber(m.terms.lower[k]!), MODEL_TOL);
        list.add(name, `${term} upper`, l?.upper, rNumber(m.terms.upper[k]!), MODEL_TOL);
        list.add(name, `${term} pValue`, l?.pValue, rNumber(m.terms.pValue[k]!), MODEL_TOL);
      });
      list.add(name, 'number of coefficients', levels.size, m.terms.name.length, 0);
      for (const t of m.termTests) {
        const v = r.variables.find((x) => x.name === t.variable);
        for (const kind of ['lrt', 'wald'] as const) {
          list.add(
            name,
            `${t.variable} ${kind}.statistic`,
            v?.[kind].statistic,
            t[kind].statistic,
            MODEL_TOL,
          );
          list.add(name, `${t.variable} ${kind}.df`, v?.[kind].df, t[kind].df, 0);
          list.add(name, `${t.variable} ${kind}.pValue`, v?.[kind].pValue, t[kind].pValue, MODEL_TOL);
        }
      }
      // Not comparable where R reports an NA coefficient: R's cox.zph drops that column from X but
      // keeps it in fit$linear.predictors, which coxph.fit forms from the runaway iterate before
      // setting it to NA; survkit's fit (like R's printed coefficients) has no value for it.
      if (m.terms.coef.some((b) => b === null)) continue;
      const zph = r.phTest;
      list.add(name, 'cox.zph rows', zph?.terms.length, m.phTest.terms.length, 0);
      m.phTest.terms.forEach((e, i) => {
        const a = zph?.terms[i];
        list.add(name, `cox.zph ${e.name} name matches`, a?.name === e.name ? 1 : 0, 1, 0);
        list.add(name, `cox.zph ${e.name} chisq`, a?.statistic, e.chisq, MODEL_TOL);
        list.add(name, `cox.zph ${e.name} df`, a?.df, e.df, 0);
        list.add(name, `cox.zph ${e.name} pValue`, a?.pValue, e.pValue, MODEL_TOL);
      });
      list.add(name, 'cox.zph GLOBAL chisq', zph?.global.statistic, m.phTest.global.chisq, MODEL_TOL);
      list.add(name, 'cox.zph GLOBAL pValue', zph?.global.pValue, m.phTest.global.pValue, MODEL_TOL);
    }
  }
  return { list, cases };
}

export interface CoxFirthFixtureCase {
  name: string;
  ties: 'efron' | 'breslow';
  confLevel: number;
  call: string;
  data: {
    time: number[];
    event: number[];
    covariates: Record<string, number[]>;
    strata?: string[];
    entry?: number[];
  };
  penalizedLogLik: { null: number; model: number };
  likelihoodRatioTest: TestJson;
  /** R's numDeriv gradient of pl at R's optimum (how close R itself got). */
  penalizedScoreAtEstimate: number[];
  terms: {
    name: string;
    coef: number;
    se: number;
    lower: number;
    upper: number;
    lrStatistic: number;
    pValue: number;
    /**
     * The profile limits on the coefficient scale (log HR). Cases from cox-firth.R's issue 14 block
     * and later carry them: with a covariate × 1e8 the HR limits are 1 ± 1e-10, where only the log
     * scale compares anything.
     */
    coefLower?: number;
    coefUpper?: number;
  }[];
  /** The ordinary coxph fit on the same data: NA (null) or R's "coefficient may be infinite" warning. */
  ordinary: { coef: (number | null)[]; warnings: string[] };
}

export interface CoxFirthFixture {
  cases: CoxFirthFixtureCase[];
}

/**
 * Relative tolerance of Firth against the independent R maximization (optim/numDeriv on
 * coxph(init = b, iter.max = 0)): the brief's 1e-5. Both optimizers stop near 1e-8 relative; the
 * slack covers R's profile search (uniroot tol 1e-11 on b, BFGS inner maximizations).
 */
export const FIRTH_TOL = 1e-5;

/** Compares `coxFirth` with the R maximization of the same penalized likelihood (cox-firth.json). */
export function coxFirthChecks(list = new CheckList()): { list: CheckList; cases: number } {
  const fx = readFixture<CoxFirthFixture>('cox-firth.json');
  for (const c of fx.cases) {
    const name = `${c.name}: ${c.call}`;
    const r = coxFirth(c.data, { ties: c.ties, confLevel: c.confLevel });
    list.add(name, 'converged', r.converged ? 1 : 0, 1, 0);
    list.add(name, 'penalizedLogLik.null', r.penalizedLogLik.null, c.penalizedLogLik.null, FIRTH_TOL);
    list.add(name, 'penalizedLogLik.model', r.penalizedLogLik.model, c.penalizedLogLik.model, FIRTH_TOL);
    list.add(
      name,
      'likelihoodRatioTest.statistic',
      r.likelihoodRatioTest.statistic,
      c.likelihoodRatioTest.statistic,
      FIRTH_TOL,
    );
    list.add(
      name,
      'likelihoodRatioTest.pValue',
      r.likelihoodRatioTest.pValue,
      c.likelihoodRatioTest.pValue,
      FIRTH_TOL,
    );
    c.terms.forEach((e, j) => {
      const t = r.terms[j];
      list.add(name, `${e.name} name matches`, t?.name === e.name ? 1 : 0, 1, 0);
      // a coefficient near 0 (heart's transplant, 0.007) is compared on the scale of its SE:
      // |Δ| ≤ 1e-5·max(|coef|, se)
      list.add(name, `${e.name} coef`, t?.coef, e.coef, FIRTH_TOL, e.se);
      // [fixture field (coxphf's name), our field]
      const fields = [
        ['se', 'stdErr'],
        ['lower', 'lower'],
        ['upper', 'upper'],
        ['lrStatistic', 'lrStatistic'],
        ['pValue', 'pValue'],
      ] as const;
      for (const [k, ours] of fields) {
        list.add(name, `${e.name} ${k}`, t?.[ours], e[k], FIRTH_TOL);
      }
      // limits as log HR, on the scale of the SE as the coefficient
      if (e.coefLower !== undefined && e.coefUpper !== undefined && t !== undefined) {
        list.add(name, `${e.name} log(lower)`, Math.log(t.lower), e.coefLower, FIRTH_TOL, e.se);
        list.add(name, `${e.name} log(upper)`, Math.log(t.upper), e.coefUpper, FIRTH_TOL, e.se);
      }
    });
  }
  return { list, cases: fx.cases.length };
}

export interface CoxZphFixtureCase {
  name: string;
  ties: 'efron' | 'breslow';
  call: string;
  data: {
    time: number[];
    event: number[];
    covariates: Record<string, number[]>;
    entry?: number[];
    strata?: string[];
    weights?: number[];
  };
  /** R's `fit$assign`: term name → design columns. */
  terms: Record<string, string[]>;
  coef: number[];
  tables: {
    transform: 'km' | 'rank' | 'identity';
    terms: { name: string; chisq: number; df: number; pValue: number }[];
    global: { chisq: number; df: number; pValue: number };
  }[];
}

export interface CoxZphFixture {
  cases: CoxZphFixtureCase[];
}

/** Relative tolerance of coxZph against cox.zph (the brief's 1e-6; observed ~1e-13). */
export const ZPH_TOL = 1e-6;

/** Compares `coxZph` (on survkit's own coxPH fit) with R's `cox.zph(fit)$table` (cox-zph.json). */
export function coxZphChecks(
  list = new CheckList(),
  fixture = 'cox-zph.json',
): { list: CheckList; cases: number } {
  const fx = readFixture<CoxZphFixture>(fixture);
  let cases = 0;
  for (const c of fx.cases) {
    const { data } = c;
    const fit = coxPH(data, { ties: c.ties });
    for (const t of c.tables) {
      cases++;
      const name = `${c.name}: ${c.call.replace('...', `'${t.transform}'`)}`;
      const r = coxZph(data, fit, { transform: t.transform, terms: c.terms });
      list.add(name, 'number of terms', r.terms.length, t.terms.length, 0);
      t.terms.forEach((e, i) => {
        const a = r.terms[i];
        list.add(name, `${e.name} name matches`, a?.name === e.name ? 1 : 0, 1, 0);
        list.add(name, `${e.name} chisq`, a?.statistic, e.chisq, ZPH_TOL);
        list.add(name, `${e.name} df`, a?.df, e.df, 0);
        list.add(name, `${e.name} pValue`, a?.pValue, e.pValue, ZPH_TOL);
      });
      list.add(name, 'GLOBAL chisq', r.global.statistic, t.global.chisq, ZPH_TOL);
      list.add(name, 'GLOBAL df', r.global.df, t.global.df, 0);
      list.add(name, 'GLOBAL pValue', r.global.pValue, t.global.pValue, ZPH_TOL);
    }
  }
  return { list, cases };
}

function summarize(list: CheckList, cases: number): SuiteSummary {
  const failures = list.checks.filter((c) => !c.pass);
  return {
    suite: 'cox extras',
    oracle:
      'R 4.2.2, survival 3.5-3: summary(coxph()) with relevel()ed factors, per-variable LR/Wald tests and cox.zph (cox-model.R); ' +
      'Firth by an independent optim/numDeriv maximization of coxph(init = b, iter.max = 0) loglik + log det I / 2 (cox-firth.R); ' +
      'cox.zph(fit, transform)$table (cox-zph.R)',
    cases,
    checks: list.checks.length,
    passed: list.checks.length - failures.length,
    failures,
  };
}

/** The Cox extras suite: the modelling layer, Firth's penalized Cox regression and cox.zph against R. */
export function runCoxExtras(): SuiteSummary {
  const list = new CheckList();
  const model = coxModelChecks(list);
  const firth = coxFirthChecks(list);
  const zph = coxZphChecks(list);
  return summarize(list, model.cases + firth.cases + zph.cases);
}
