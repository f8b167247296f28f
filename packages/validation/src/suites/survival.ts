import { type KaplanMeierResult, kaplanMeier, kaplanMeierByGroup, logRankTest } from '@survkit/stats';
import { CheckList } from '../compare.js';
import { readFixture } from '../fixtures.js';
import type { SuiteSummary } from '../types.js';

/** Issue 4: every number of every array agrees with R survival 3.5-3 to relative 1e-9. */
export const SURVIVAL_TOLERANCE = 1e-9;

/** One input data set as `r/survival.R` wrote it (events already 0/1). */
export interface SurvivalDataset {
  readonly time: number[];
  readonly event: number[];
  readonly group?: (string | number)[];
  readonly strata?: (string | number)[];
  readonly weights?: number[];
}

type Num = number | null;

/** A quantile or median with limits; null is R's NA. */
export interface QuantileReference {
  readonly p?: number;
  readonly estimate: Num;
  readonly lower: Num;
  readonly upper: Num;
}

/** One curve of a `survfit` fit: its rows and the summaries taken from it. */
export interface KmCurveReference {
  readonly group: string | null;
  readonly n: number;
  /** Present instead of the per-row arrays for the large data set (rows left out to keep the file small). */
  readonly nRows?: number;
  readonly time?: number[];
  readonly nRisk?: number[];
  readonly nEvent?: number[];
  readonly nCensor?: number[];
  readonly survival?: number[];
  /** summary(fit)$std.err: SE of S(t). */
  readonly stdErr?: Num[];
  readonly lower?: Num[];
  readonly upper?: Num[];
  /** summary(fit)$table: median, LCL, UCL (print's rule). */
  readonly median: QuantileReference;
  /** quantile(fit, probs) with conf.int. */
  readonly quantiles: QuantileReference[];
  /** summary(fit, rmean = tau)$table: rmean, se(rmean). */
  readonly rmst: { tau: number; estimate: number; stdErr: number }[];
  /** summary(fit, times = times, extend = TRUE). */
  readonly at: {
    times: number[];
    nRisk: number[];
    survival: number[];
    stdErr: Num[];
    lower: Num[];
    upper: Num[];
  };
}

/** One `survfit` call of `fixtures/survival-km.json`. */
export interface KmCaseReference {
  readonly name: string;
  readonly data: string;
  readonly call: string;
  readonly confType: 'log' | 'log-log' | 'plain';
  readonly confLevel: number;
  readonly byGroup: boolean;
  readonly weighted: boolean;
  readonly curves: KmCurveReference[];
}

/** The layout written by `r/survival.R` (Kaplan–Meier part). */
export interface KmFixture {
  readonly generatedBy: string;
  readonly R: string;
  readonly survival: string;
  readonly datasets: Record<string, SurvivalDataset>;
  readonly cases: KmCaseReference[];
}

/** Loads the committed R output of `r/survival.R` for Kaplan–Meier. */
export function kmFixture(): KmFixture {
  return readFixture<KmFixture>('survival-km.json');
}

/** Runs the engine on one fixture case: one curve per group (or a single curve), in R's order. */
export function fitKmCase(fx: KmFixture, c: KmCaseReference): readonly KaplanMeierResult[] {
  const d = fx.datasets[c.data]!;
  const options = { confType: c.confType, confLevel: c.confLevel };
  const weights = d.weights;
  if (!c.byGroup) return [kaplanMeier({ time: d.time, event: d.event, weights }, options)];
  return kaplanMeierByGroup({ time: d.time, event: d.event, group: d.group!, weights }, options).curves;
}

/** Compares every array and summary of every curve of one case with R. */
export function checkKmCase(checks: CheckList, fx: KmFixture, c: KmCaseReference): void {
  const tol = SURVIVAL_TOLERANCE;
  const fits = fitKmCase(fx, c);
  checks.add(c.name, 'number of curves', fits.length, c.curves.length, 0);
  c.curves.forEach((ref, g) => {
    const fit = fits[g];
    const name = ref.group === null ? `${c.name}: ${c.call}` : `${c.name} [group=${ref.group}]: ${c.call}`;
    if (fit === undefined) return;
    if (ref.group !== null) {
      const got = (fit as { group?: string }).group;
      checks.add(name, `group label ${got} = ${ref.group}`, got === ref.group ? 1 : 0, 1, 0);
    }
    checks.add(name, 'n', fit.n, ref.n, 0);
    if (ref.nRows !== undefined) checks.add(name, 'number of rows', fit.time.length, ref.nRows, 0);
    const rows = [
      ['time', fit.time, ref.time],
      ['nRisk', fit.nRisk, ref.nRisk],
      ['nEvent', fit.nEvent, ref.nEvent],
      ['nCensor', fit.nCensor, ref.nCensor],
      ['survival', fit.survival, ref.survival],
      ['stdErr', fit.stdErr, ref.stdErr],
      ['lower', fit.lower, ref.lower],
      ['upper', fit.upper, ref.upper],
    ] as const;
    for (const [quantity, actual, expected] of rows) {
      if (expected !== undefined) checks.addArray(name, quantity, actual, expected, tol);
    }
    checks.add(name, 'median.estimate (print)', fit.median.estimate, ref.median.estimate, tol);
    checks.add(name, 'median.lower (print)', fit.median.lower, ref.median.lower, tol);
    checks.add(name, 'median.upper (print)', fit.median.upper, ref.median.upper, tol);
    for (const q of ref.quantiles) {
      const got = fit.quantile(q.p!);
      checks.add(name, `quantile(${q.p}).estimate`, got.estimate, q.estimate, tol);
      checks.add(name, `quantile(${q.p}).lower`, got.lower, q.lower, tol);
      checks.add(name, `quantile(${q.p}).upper`, got.upper, q.upper, tol);
    }
    for (const r of ref.rmst) {
      const got = fit.rmst(r.tau);
      checks.add(name, `rmst(${r.tau}).estimate`, got.estimate, r.estimate, tol);
      checks.add(name, `rmst(${r.tau}).stdErr`, got.stdErr, r.stdErr, tol);
    }
    const at = fit.survivalAt(ref.at.times);
    checks.addArray(name, 'survivalAt.nRisk', at.nRisk, ref.at.nRisk, tol);
    checks.addArray(name, 'survivalAt.survival', at.survival, ref.at.survival, tol);
    checks.addArray(name, 'survivalAt.stdErr', at.stdErr, ref.at.stdErr, tol);
    checks.addArray(name, 'survivalAt.lower', at.lower, ref.at.lower, tol);
    checks.addArray(name, 'survivalAt.upper', at.upper, ref.at.upper, tol);
    checks.addArray(name, 'numberAtRisk', fit.numberAtRisk(ref.at.times), ref.at.nRisk, tol);
  });
}

/** One `survdiff` call of `fixtures/survival-logrank.json`. */
export interface LogRankCaseReference {
  readonly name: string;
  readonly data: string;
  readonly call: string;
  readonly rho: number;
  readonly strata: boolean;
  readonly statistic: number;
  readonly df: number;
  /** null where R gives NaN (no events). */
  readonly pValue: number | null;
  readonly groups: { group: string; n: number; observed: number; expected: number }[];
  readonly variance: number[][];
}

/** The layout written by `r/survival.R` (log-rank part). */
export interface LogRankFixture {
  readonly generatedBy: string;
  readonly R: string;
  readonly survival: string;
  readonly datasets: Record<string, SurvivalDataset>;
  readonly cases: LogRankCaseReference[];
}

/** Loads the committed R output of `r/survival.R` for `survdiff`. */
export function logRankFixture(): LogRankFixture {
  return readFixture<LogRankFixture>('survival-logrank.json');
}

/** Compares statistic, df, p-value, per-group n/observed/expected and the variance matrix with R. */
export function checkLogRankCase(checks: CheckList, fx: LogRankFixture, c: LogRankCaseReference): void {
  const tol = SURVIVAL_TOLERANCE;
  const d = fx.datasets[c.data]!;
  const name = `${c.name}: ${c.call}`;
  const r = logRankTest(
    { time: d.time, event: d.event, group: d.group!, strata: c.strata ? d.strata : undefined },
    { rho: c.rho },
  );
  // R reports 0 as the statistic when fewer than two groups have expected events; compare absolutely
  // there, since a relative test against exactly 0 would demand bit-equality.
  checks.add(name, 'statistic', r.statistic, c.statistic, tol, c.statistic === 0 ? 1 : undefined);
  checks.add(name, 'df', r.df, c.df, 0);
  checks.add(name, 'pValue', r.pValue, c.pValue, tol);
  checks.add(name, 'number of groups', r.groups.length, c.groups.length, 0);
  c.groups.forEach((g, k) => {
    const got = r.groups[k];
    checks.add(name, `groups[${k}] label ${got?.group} = ${g.group}`, got?.group === g.group ? 1 : 0, 1, 0);
    checks.add(name, `groups[${k}].n`, got?.n, g.n, 0);
    checks.add(name, `groups[${k}].observed`, got?.observed, g.observed, tol);
    checks.add(name, `groups[${k}].expected`, got?.expected, g.expected, tol);
  });
  checks.addArray(name, 'variance', r.variance.flat(), c.variance.flat(), tol);
}

/** Runs every Kaplan–Meier and log-rank reference case of `fixtures/survival-*.json`. */
export function runSurvivalSuite(): SuiteSummary {
  const km = kmFixture();
  const lr = logRankFixture();
  const checks = new CheckList();
  for (const c of km.cases) checkKmCase(checks, km, c);
  for (const c of lr.cases) checkLogRankCase(checks, lr, c);
  const failures = checks.checks.filter((c) => !c.pass);
  return {
    suite: 'survival',
    oracle: `${km.R}, survival ${km.survival}: survfit, summary.survfit, quantile.survfit, print.survfit(rmean), survdiff`,
    cases: km.cases.length + lr.cases.length,
    checks: checks.checks.length,
    passed: checks.checks.length - failures.length,
    failures,
  };
}
