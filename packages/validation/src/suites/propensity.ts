import {
  balanceTable,
  type CategoricalColumn,
  logisticModel,
  logisticRegression,
  type NumericColumn,
  type PropensityWeightOptions,
  propensityWeights,
} from '@survkit/stats';
import { CheckList } from '../compare.js';
import { readFixture } from '../fixtures.js';
import type { SuiteSummary } from '../types.js';

/** Relative tolerance against R's glm (coefficients, SEs, z, p, deviances, AIC, fitted values). */
export const GLM_TOL = 1e-8;
/** Relative tolerance of weights, ESS and balance statistics (closed forms: rounding only). */
export const WEIGHT_TOL = 1e-12;
/** Fitted probabilities below this are compared absolutely (R's are clamped near 2.2e-16). */
const FITTED_TINY = 1e-10;

export interface GlmCase {
  name: string;
  call: string;
  data: { y: number[]; covariates: Record<string, number[]>; weights: number[] | null };
  intercept: boolean;
  maxit: number;
  terms: { name: string; columns: string[] }[];
  names: string[];
  coef: (number | null)[];
  se: (number | null)[];
  z: (number | null)[];
  pValue: (number | null)[];
  deviance: number;
  nullDeviance: number;
  aic: number;
  dfResidual: number;
  dfNull: number;
  rank: number;
  iter: number;
  converged: boolean;
  fitted: number[];
  warnings: string[];
  drop1: { name: string; deviance: number; statistic: number; df: number; pValue: number | null }[];
}

interface Limits {
  lower: number | null;
  upper: number | null;
  nTruncated?: number;
}

export interface WeightCase {
  options: {
    estimand: 'ATE' | 'ATT';
    stabilize: boolean;
    trim: { lower?: number; upper?: number } | null;
    truncate: { lower?: number; upper?: number } | null;
  };
  weights: number[];
  trimmed: number[];
  psLimits: Limits | null;
  weightLimits: Limits | null;
  treated: { n: number; sumWeights: number; ess: number };
  control: { n: number; sumWeights: number; ess: number };
}

interface BalanceStatsJson {
  meanTreated: number;
  meanControl: number;
  smd: number;
  varianceRatio: number | null;
}

export interface BalanceCase {
  estimand: 'ATE' | 'ATT';
  weightCase: number;
  rows: {
    variable: string;
    level: string | null;
    type: string;
    unadjusted: BalanceStatsJson;
    adjusted: BalanceStatsJson;
  }[];
}

export interface PropensityFixture {
  glm: GlmCase[];
  colon: {
    treat: number[];
    ps: number[];
    psModelVariables: string[];
    balanceVariables: string[];
    variables: Record<string, CategoricalColumn | NumericColumn>;
  };
  weights: WeightCase[];
  balance: BalanceCase[];
}

export const propensityFixture = (): PropensityFixture => readFixture<PropensityFixture>('propensity.json');

/** The fit of one fixture case, as the R call made it. */
export function fitGlmCase(c: GlmCase) {
  return logisticRegression(
    { y: c.data.y, covariates: c.data.covariates, ...(c.data.weights ? { weights: c.data.weights } : {}) },
    { intercept: c.intercept, maxIter: c.maxit, terms: c.terms },
  );
}

function glmChecks(list: CheckList, c: GlmCase): void {
  const r = fitGlmCase(c);
  const name = `glm: ${c.name}`;
  list.add(name, 'number of coefficients', r.terms.length, c.names.length, 0);
  c.names.forEach((term, k) => {
    const t = r.terms.find((x) => x.name === term);
    list.add(name, `${term} coef`, t?.coef, c.coef[k]!, GLM_TOL);
    list.add(name, `${term} se`, t?.stdErr, c.se[k]!, GLM_TOL);
    list.add(name, `${term} z`, t?.z, c.z[k]!, GLM_TOL);
    list.add(name, `${term} pValue`, t?.pValue, c.pValue[k]!, GLM_TOL);
  });
  list.add(name, 'deviance', r.deviance, c.deviance, GLM_TOL, 1e-6);
  list.add(name, 'nullDeviance', r.nullDeviance, c.nullDeviance, GLM_TOL);
  list.add(name, 'aic', r.aic, c.aic, GLM_TOL);
  list.add(name, 'dfResidual', r.dfResidual, c.dfResidual, 0);
  list.add(name, 'dfNull', r.dfNull, c.dfNull, 0);
  list.add(name, 'rank', r.rank, c.rank, 0);
  list.add(name, 'iter', r.iter, c.iter, 0);
  list.add(name, 'converged', r.converged ? 1 : 0, c.converged ? 1 : 0, 0);
  list.addArray(name, 'fitted', r.fitted, c.fitted, GLM_TOL, FITTED_TINY);
  list.add(name, 'number of warnings', r.warnings.length, c.warnings.length, 0);
  c.warnings.forEach((w, k) => {
    list.add(name, `warning ${k} is R's "${w}"`, r.warnings[k] === w ? 1 : 0, 1, 0);
  });
  for (const d of c.drop1) {
    const t = r.termTests.find((x) => x.name === d.name);
    list.add(name, `drop1 ${d.name} deviance`, t?.deviance, d.deviance, GLM_TOL, 1e-6);
    // A difference of two deviances: accurate relative to the deviances, not to itself (R gives
    // exactly 0 for a df-0 drop where we give 6e-14).
    list.add(name, `drop1 ${d.name} LRT`, t?.statistic, d.statistic, GLM_TOL, Math.max(c.deviance, 1e-6));
    list.add(name, `drop1 ${d.name} df`, t?.df, d.df, 0);
    list.add(name, `drop1 ${d.name} pValue`, t?.pValue, d.pValue, GLM_TOL);
  }
}

export function weightOptions(c: WeightCase): PropensityWeightOptions {
  const o = c.options;
  return {
    estimand: o.estimand,
    stabilize: o.stabilize,
    ...(o.trim ? { trim: o.trim } : {}),
    ...(o.truncate ? { truncate: o.truncate } : {}),
  };
}

function weightChecks(list: CheckList, fx: PropensityFixture, c: WeightCase): void {
  const name = `weights: ${JSON.stringify(c.options)}`;
  const r = propensityWeights(fx.colon.ps, fx.colon.treat, weightOptions(c));
  list.addArray(name, 'weights', r.weights, c.weights, WEIGHT_TOL);
  list.addArray(name, 'trimmed', r.trimmed, c.trimmed, 0);
  for (const g of ['treated', 'control'] as const) {
    list.add(name, `${g}.n`, r[g].n, c[g].n, 0);
    list.add(name, `${g}.sumWeights`, r[g].sumWeights, c[g].sumWeights, WEIGHT_TOL);
    list.add(name, `${g}.ess`, r[g].ess, c[g].ess, WEIGHT_TOL);
  }
  if (c.psLimits) {
    list.add(name, 'psLimits.lower', r.psLimits?.lower, c.psLimits.lower, WEIGHT_TOL);
    list.add(name, 'psLimits.upper', r.psLimits?.upper, c.psLimits.upper, WEIGHT_TOL);
  }
  if (c.weightLimits) {
    list.add(name, 'weightLimits.lower', r.weightLimits?.lower, c.weightLimits.lower, WEIGHT_TOL);
    list.add(name, 'weightLimits.upper', r.weightLimits?.upper, c.weightLimits.upper, WEIGHT_TOL);
    list.add(
      name,
      'weightLimits.nTruncated',
      r.weightLimits?.nTruncated,
      c.weightLimits.nTruncated ?? null,
      0,
    );
  }
}

function balanceChecks(list: CheckList, fx: PropensityFixture, c: BalanceCase): void {
  const name = `balance: ${c.estimand}`;
  const weights = fx.weights[c.weightCase - 1]!.weights;
  const vars = Object.fromEntries(fx.colon.balanceVariables.map((v) => [v, fx.colon.variables[v]!]));
  const r = balanceTable(fx.colon.treat, vars, { estimand: c.estimand, weights });
  list.add(name, 'number of rows', r.rows.length, c.rows.length, 0);
  c.rows.forEach((row, k) => {
    const got = r.rows[k];
    const label = `${row.variable}${row.level === null ? '' : `=${row.level}`}`;
    list.add(
      name,
      `${label} same row`,
      got?.variable === row.variable && (got.level ?? null) === row.level ? 1 : 0,
      1,
      0,
    );
    list.add(name, `${label} binary`, got?.type === 'binary' ? 1 : 0, row.type === 'binary' ? 1 : 0, 0);
    for (const kind of ['unadjusted', 'adjusted'] as const) {
      const s = got?.[kind];
      const e = row[kind];
      list.add(name, `${label} ${kind}.meanTreated`, s?.meanTreated, e.meanTreated, WEIGHT_TOL);
      list.add(name, `${label} ${kind}.meanControl`, s?.meanControl, e.meanControl, WEIGHT_TOL);
      list.add(name, `${label} ${kind}.smd`, s?.smd, e.smd, 1e-10, 1e-12);
      list.add(name, `${label} ${kind}.varianceRatio`, s?.varianceRatio, e.varianceRatio, WEIGHT_TOL);
    }
  });
}

/** logisticModel on the colon frame against the glm case fitted by R's formula with factors. */
function modelChecks(list: CheckList, fx: PropensityFixture): void {
  const c = fx.glm.find((x) => x.name === 'colon propensity model')!;
  const name = `logisticModel: ${c.call}`;
  const r = logisticModel(fx.colon.treat, fx.colon.variables, fx.colon.psModelVariables);
  list.add(name, 'number of coefficients', r.fit.terms.length, c.names.length, 0);
  // Same columns in the same order; names differ ('differ=poor' vs R's 'differpoor').
  c.names.forEach((term, k) => {
    list.add(name, `${term} coef`, r.fit.terms[k]?.coef, c.coef[k]!, GLM_TOL);
    list.add(name, `${term} se`, r.fit.terms[k]?.stdErr, c.se[k]!, GLM_TOL);
  });
  list.addArray(name, 'fitted', r.fit.fitted, fx.colon.ps, GLM_TOL);
  for (const d of c.drop1) {
    const t = r.fit.termTests.find((x) => x.name === d.name);
    list.add(name, `drop1 ${d.name} LRT`, t?.statistic, d.statistic, GLM_TOL, c.deviance);
    list.add(name, `drop1 ${d.name} df`, t?.df, d.df, 0);
  }
}

/** Every propensity check: glm fits, IPTW variants and balance tables. */
export function propensityChecks(list = new CheckList()): { list: CheckList; cases: number } {
  const fx = propensityFixture();
  for (const c of fx.glm) glmChecks(list, c);
  modelChecks(list, fx);
  for (const c of fx.weights) weightChecks(list, fx, c);
  for (const c of fx.balance) balanceChecks(list, fx, c);
  return { list, cases: fx.glm.length + 1 + fx.weights.length + fx.balance.length };
}

export function runPropensitySuite(): SuiteSummary {
  const { list, cases } = propensityChecks();
  return {
    suite: 'propensity',
    oracle:
      'R 4.2.2 glm(family = binomial), drop1(test = "LRT"); IPTW and balance by the WeightIt/cobalt formulas in base R (r/propensity.R)',
    cases,
    checks: list.checks.length,
    passed: list.checks.filter((c) => c.pass).length,
    failures: list.checks.filter((c) => !c.pass),
  };
}
