import {
  balanceTable,
  type CategoricalColumn,
  coxPH,
  kaplanMeier,
  logisticModel,
  type MatchOrder,
  type NearestNeighborMatch,
  type NumericColumn,
  nearestNeighborMatch,
} from '@survkit/stats';
import { CheckList } from '../compare.js';
import { readFixture } from '../fixtures.js';
import type { SuiteSummary } from '../types.js';
import { COX_TOLERANCE } from './cox.js';
import { SURVIVAL_TOLERANCE } from './survival.js';

/** Our glm's linear predictor / fitted probabilities against MatchIt's `m$distance` (relative). */
export const DISTANCE_TOL = 1e-9;
/** Matching weights, caliper width and balance statistics: closed forms, rounding only. */
export const MATCH_WEIGHT_TOL = 1e-12;

interface BalanceStatsJson {
  meanTreated: number;
  meanControl: number;
  smd: number;
  varianceRatio: number | null;
}

export interface MatchCase {
  options: {
    distance: 'logit' | 'ps';
    ratio: number;
    replace: boolean;
    caliper: number | null;
    order: MatchOrder;
  };
  /** Row-major n1 × ratio, 0-based rows, −1 = no match. */
  matchMatrix: number[];
  subclass: number[] | null;
  weights: number[];
  caliperWidth: number | null;
  nMatched: { treated: number; control: number };
  /** summary(m)$sum.all / $sum.matched, one row per variable or factor level. */
  balance:
    | { variable: string; level: string | null; unadjusted: BalanceStatsJson; adjusted: BalanceStatsJson }[]
    | null;
}

export interface MatchDataset {
  name: string;
  treat: number[];
  variables: Record<string, CategoricalColumn | NumericColumn>;
  psModelVariables: string[];
  logit: number[];
  ps: number[];
  cases: MatchCase[];
}

interface CurveJson {
  group: string;
  time: number[];
  nRisk: number[];
  nEvent: number[];
  survival: number[];
  stdErr: number[];
  lower: number[];
  upper: number[];
}

export interface WeightedSurvivalCase {
  name: string;
  rows: number[];
  weights: number[];
  cluster: number[] | null;
  km: CurveJson[];
  cox: {
    coef: number;
    se: number;
    robustSe: number;
    hazardRatio: number;
    lower: number;
    upper: number;
    z: number;
    pValue: number;
  };
}

export interface MatchingFixture {
  matchit: string;
  gbsg: { time: number[]; status: number[]; hormon: number[] };
  matching: MatchDataset[];
  weighted: WeightedSurvivalCase[];
}

export const matchingFixture = (): MatchingFixture => readFixture<MatchingFixture>('matching.json');

export function caseName(ds: MatchDataset, c: MatchCase): string {
  const o = c.options;
  return `${ds.name}: matchit(distance = ${o.distance}, ratio = ${o.ratio}, replace = ${o.replace}, caliper = ${o.caliper ?? 'NULL'}, m.order = "${o.order}")`;
}

/** The engine on MatchIt's own distance (so the matching rule alone is compared). */
export function matchCase(
  ds: MatchDataset,
  c: MatchCase,
  distance?: ArrayLike<number>,
): NearestNeighborMatch {
  const o = c.options;
  return nearestNeighborMatch(ds.treat, distance ?? (o.distance === 'logit' ? ds.logit : ds.ps), {
    ratio: o.ratio,
    replace: o.replace,
    caliper: o.caliper,
    order: o.order,
  });
}

function balanceChecks(list: CheckList, ds: MatchDataset, c: MatchCase, m: NearestNeighborMatch): void {
  if (c.balance === null) return;
  const name = `${caseName(ds, c)}: summary(m)`;
  const r = balanceTable(ds.treat, ds.variables, { estimand: 'ATT', weights: m.weights });
  list.add(name, 'number of rows', r.rows.length, c.balance.length, 0);
  c.balance.forEach((row, k) => {
    const got = r.rows[k];
    const label = `${row.variable}${row.level === null ? '' : `=${row.level}`}`;
    const same = got?.variable === row.variable && (got.level ?? null) === row.level;
    list.add(name, `${label} same row`, same ? 1 : 0, 1, 0);
    for (const kind of ['unadjusted', 'adjusted'] as const) {
      const s = got?.[kind];
      const e = row[kind];
      list.add(name, `${label} ${kind}.meanTreated`, s?.meanTreated, e.meanTreated, MATCH_WEIGHT_TOL);
      list.add(name, `${label} ${kind}.meanControl`, s?.meanControl, e.meanControl, MATCH_WEIGHT_TOL);
      // Below sqrt(eps) the SMD is the raw difference (R and cobalt): rounding-level noise near 0.
      list.add(name, `${label} ${kind}.smd`, s?.smd, e.smd, 1e-10, 1e-4);
      list.add(name, `${label} ${kind}.varianceRatio`, s?.varianceRatio, e.varianceRatio, 1e-10);
    }
  });
}

function matchChecks(list: CheckList, ds: MatchDataset, c: MatchCase): void {
  const name = caseName(ds, c);
  const m = matchCase(ds, c);
  list.addArray(name, 'match.matrix', m.matchMatrix, c.matchMatrix, 0);
  if (c.subclass === null) list.add(name, 'no subclass with replacement', m.subclass === null ? 1 : 0, 1, 0);
  else list.addArray(name, 'subclass', m.subclass ?? [], c.subclass, 0);
  list.addArray(name, 'weights', m.weights, c.weights, MATCH_WEIGHT_TOL);
  list.add(name, 'caliper width', m.caliper, c.caliperWidth, MATCH_WEIGHT_TOL);
  list.add(name, 'matched treated', m.nMatched.treated, c.nMatched.treated, 0);
  list.add(name, 'matched controls', m.nMatched.control, c.nMatched.control, 0);
  balanceChecks(list, ds, c, m);
}

/** Our logistic model's distances against MatchIt's, and the default match on our own distance. */
function distanceChecks(list: CheckList, ds: MatchDataset): void {
  const name = `${ds.name}: glm distance`;
  const fit = logisticModel(ds.treat, ds.variables, ds.psModelVariables).fit;
  list.addArray(name, 'linear.logit', fit.linearPredictor, ds.logit, DISTANCE_TOL);
  list.addArray(name, 'ps', fit.fitted, ds.ps, DISTANCE_TOL);
  // On our own glm's distance the matched sets are R's except where a treated unit has two controls at
  // the same |distance difference| in R's numbers (lalonde: 0.003536167152863978 on both sides): the
  // two fits differ by ~1e-15, which decides such a tie either way. Those entries must be such ties.
  for (const c of ds.cases.filter((x) => x.options.distance === 'logit' && x.options.order === 'largest')) {
    const m = matchCase(ds, c, fit.linearPredictor);
    const ratio = c.options.ratio;
    c.matchMatrix.forEach((expected, k) => {
      const got = m.matchMatrix[k]!;
      if (got === expected) {
        list.add(`${caseName(ds, c)} on our own glm`, `match.matrix[${k}]`, got, expected, 0);
        return;
      }
      const t = m.treatedRows[Math.floor(k / ratio)]!;
      const gap = (j: number) => Math.abs(ds.logit[j]! - ds.logit[t]!);
      const tie = got >= 0 && expected >= 0 && Math.abs(gap(got) - gap(expected)) <= 1e-12 * gap(expected);
      list.add(
        `${caseName(ds, c)} on our own glm`,
        `match.matrix[${k}] is an R tie (${got} vs ${expected})`,
        tie ? 1 : 0,
        1,
        0,
      );
    });
  }
}

function weightedChecks(list: CheckList, fx: MatchingFixture, c: WeightedSurvivalCase): void {
  const g = fx.gbsg;
  const time = c.rows.map((i) => g.time[i]!);
  const event = c.rows.map((i) => g.status[i]!);
  const hormon = c.rows.map((i) => g.hormon[i]!);
  for (const ref of c.km) {
    const keep = hormon.map((h) => String(h) === ref.group);
    const pick = <T>(x: T[]) => x.filter((_, i) => keep[i]);
    const fit = kaplanMeier({ time: pick(time), event: pick(event), weights: pick(c.weights) });
    const name = `${c.name} [hormon=${ref.group}]: survfit(Surv(rfstime, status) ~ hormon, weights = w)`;
    list.addArray(name, 'time', fit.time, ref.time, SURVIVAL_TOLERANCE);
    list.addArray(name, 'nRisk', fit.nRisk, ref.nRisk, SURVIVAL_TOLERANCE);
    list.addArray(name, 'nEvent', fit.nEvent, ref.nEvent, SURVIVAL_TOLERANCE, 1e-12);
    list.addArray(name, 'survival', fit.survival, ref.survival, SURVIVAL_TOLERANCE);
    list.addArray(name, 'stdErr', fit.stdErr, ref.stdErr, SURVIVAL_TOLERANCE, 1e-12);
    list.addArray(name, 'lower', fit.lower, ref.lower, SURVIVAL_TOLERANCE);
    list.addArray(name, 'upper', fit.upper, ref.upper, SURVIVAL_TOLERANCE);
  }
  const name = `${c.name}: coxph(Surv(rfstime, status) ~ hormon, weights = w, ${c.cluster ? 'cluster = subclass' : 'robust = TRUE'})`;
  const fit = coxPH(
    {
      time,
      event,
      covariates: { hormon },
      weights: c.weights,
      ...(c.cluster ? { cluster: c.cluster } : {}),
    },
    { robust: true },
  );
  const t = fit.terms[0];
  const e = c.cox;
  list.add(name, 'coef', t?.coef, e.coef, COX_TOLERANCE);
  list.add(name, 'se (naive)', t?.stdErr, e.se, COX_TOLERANCE);
  list.add(name, 'robust se', t?.robustStdErr, e.robustSe, COX_TOLERANCE);
  list.add(name, 'hazard ratio', t?.hazardRatio, e.hazardRatio, COX_TOLERANCE);
  list.add(name, 'lower .95', t?.lower, e.lower, COX_TOLERANCE);
  list.add(name, 'upper .95', t?.upper, e.upper, COX_TOLERANCE);
  list.add(name, 'z', t?.z, e.z, COX_TOLERANCE);
  list.add(name, 'p', t?.pValue, e.pValue, COX_TOLERANCE);
}

/** Every matching check: matched sets, weights, balance, distances and weighted survival. */
export function matchingChecks(list = new CheckList()): { list: CheckList; cases: number } {
  const fx = matchingFixture();
  let cases = 0;
  for (const ds of fx.matching) {
    distanceChecks(list, ds);
    for (const c of ds.cases) matchChecks(list, ds, c);
    cases += ds.cases.length + 1;
  }
  for (const c of fx.weighted) weightedChecks(list, fx, c);
  return { list, cases: cases + fx.weighted.length };
}

export function runMatchingSuite(): SuiteSummary {
  const { list, cases } = matchingChecks();
  const fx = matchingFixture();
  return {
    suite: 'matching',
    // fx.matchit is the development version string of the source build (4.5.2.9001 + the 4.5.4 std::abs fix).
    oracle: `R 4.2.2 MatchIt matchit(method = "nearest"), the 4.5.4–4.5.5 kernel built from source (${fx.matchit} + std::abs): match.matrix/subclass/weights and summary(); survival 3.5-3 survfit/coxph with weights, robust and cluster (r/matching.R)`,
    cases,
    checks: list.checks.length,
    passed: list.checks.filter((c) => c.pass).length,
    failures: list.checks.filter((c) => !c.pass),
  };
}
