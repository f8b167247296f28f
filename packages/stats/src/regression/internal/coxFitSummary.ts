/**
 * What `coxOrdinary` reports of a converged (or stopped) Newton fit, each as R's coxph.fit and
 * coxph() compute it: aliased columns (which.sing), the infinite-coefficient rule, the Wald test on
 * the estimated coefficients and the per-covariate rows of the result.
 */
import { chiSquareUpperTail } from '../../distributions/chiSquare.js';
import { normalTwoSidedP } from '../../distributions/normal.js';
import { subMatrix, TOLER_CHOL, waldTestChol } from '../../internal/linalg.js';
import type { CoxTerm, CoxTest } from '../types.js';
import type { coxNewton } from './coxNewton.js';

/** R's `coxph.control()` defaults. */
export const EPS = 1e-9;
const TOLER_INF = Math.sqrt(EPS);

/** R's which.sing: columns with a zero variance when the rank flag is below p (none at maxIter 0). */
export function aliased(
  naive: Float64Array,
  flag: number,
  p: number,
  maxIter: number,
  warnings: string[],
): boolean[] {
  const isNA = new Array<boolean>(p).fill(false);
  if (flag < p) for (let j = 0; j < p; j++) isNA[j] = naive[j * p + j] === 0;
  const singular: number[] = [];
  if (maxIter > 0) for (let j = 0; j < p; j++) if (isNA[j]) singular.push(j + 1);
  if (maxIter === 0) isNA.fill(false);
  if (singular.length > 0) warnings.push(`X matrix deemed to be singular; variable ${singular.join(' ')}`);
  return isNA;
}

/** R's infinite-coefficient rule on the fitted model (its maximum linear predictor); warnings in R's words. */
export function infiniteFlags(
  fit: Parameters<typeof infiniteCheck>[0],
  counting: boolean,
  p: number,
  lp: Float64Array,
  warnings: string[],
): boolean[] {
  let maxLp = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < lp.length; k++) if (lp[k]! > maxLp) maxLp = lp[k]!;
  const check = infiniteCheck(fit, counting, p, maxLp);
  warnings.push(...check.warnings);
  return check.infinite;
}

/**
 * coxph.fit.R / agreg.fit.R's post-fit checks. Right-censored: "Ran out of iterations and did
 * not converge" (+ "one or more coefficients may be infinite", which names no variable, so no
 * flag is set), or variables with |U·V| > eps and > toler.inf·|b|. Counting process:
 * |U·V| > toler.inf·(1 + |b|), "beta may be infinite". The message text (including R's doubled
 * space) is R's `paste()` output; `infinite[j]` is true exactly for the variables it names.
 */
function infiniteCheck(
  fit: ReturnType<typeof coxNewton>,
  counting: boolean,
  p: number,
  maxLp: number,
): { warnings: string[]; infinite: boolean[] } {
  const out: string[] = [];
  const infinite = new Array<boolean>(p).fill(false);
  const infs = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < p; i++) s += fit.u[i]! * fit.variance[i * p + j]!;
    infs[j] = Math.abs(s);
  }
  if (!counting) {
    if (fit.flag === 1000) {
      out.push('Ran out of iterations and did not converge');
      if (maxLp > 500 || Array.from(infs).some((v) => !Number.isFinite(v)))
        out.push('one or more coefficients may be infinite');
      return { warnings: out, infinite };
    }
    const bad: number[] = [];
    for (let j = 0; j < p; j++) {
      const b = fit.beta[j]!;
      if (!Number.isFinite(fit.u[j]!) || (infs[j]! > EPS && infs[j]! > TOLER_INF * Math.abs(b)))
        bad.push(j + 1);
    }
    if (bad.length > 0)
      out.push(`Loglik converged before variable  ${bad.join(',')} ; coefficient may be infinite. `);
    for (const k of bad) infinite[k - 1] = true;
  } else {
    if (!fit.converged) {
      out.push('Ran out of iterations and did not converge');
      return { warnings: out, infinite };
    }
    const bad: number[] = [];
    for (let j = 0; j < p; j++) {
      const b = fit.beta[j]!;
      if (!Number.isFinite(fit.u[j]!) || infs[j]! > TOLER_INF * (1 + Math.abs(b))) bad.push(j + 1);
    }
    if (bad.length > 0)
      out.push(`Loglik converged before variable  ${bad.join(',')} ; beta may be infinite. `);
    for (const k of bad) infinite[k - 1] = true;
  }
  return { warnings: out, infinite };
}

/** Wald test on the non-NA coefficients, R's coxph.wtest(var[nabeta, nabeta], coef − init). */
export function waldOnEstimated(
  variance: Float64Array,
  beta: Float64Array,
  init: Float64Array,
  isNA: readonly boolean[],
): ReturnType<typeof waldTestChol> {
  const keep = isNA.flatMap((b, j) => (b ? [] : [j]));
  const bSub = Float64Array.from(keep, (j) => beta[j]! - init[j]!);
  return waldTestChol(subMatrix(variance, isNA.length, keep), bSub, TOLER_CHOL);
}

/** One row per covariate: coefficient, SEs, HR with its CI, Wald z and p (null where aliased). */
export function coxTerms(
  names: readonly string[],
  beta: Float64Array,
  naive: Float64Array,
  robustVar: Float64Array | null,
  isNA: readonly boolean[],
  infinite: readonly boolean[],
  zc: number,
): CoxTerm[] {
  const p = names.length;
  return names.map((name, j) => {
    const robustSe = robustVar === null ? undefined : Math.sqrt(robustVar[j * p + j]!);
    if (isNA[j]) {
      return {
        name,
        coef: null,
        stdErr: null,
        ...(robustVar === null ? {} : { robustStdErr: null }),
        hazardRatio: null,
        lower: null,
        upper: null,
        z: null,
        pValue: null,
        infinite: false,
        aliased: true,
      };
    }
    const coef = beta[j]!;
    const se = Math.sqrt(naive[j * p + j]!);
    const seUsed = robustSe ?? se;
    const z = coef / seUsed;
    return {
      name,
      coef: num(coef),
      stdErr: num(se),
      ...(robustSe === undefined ? {} : { robustStdErr: num(robustSe) }),
      hazardRatio: num(Math.exp(coef)),
      lower: num(Math.exp(coef - zc * seUsed)),
      upper: num(Math.exp(coef + zc * seUsed)),
      z: num(z),
      pValue: num(normalTwoSidedP(z)),
      infinite: infinite[j]!,
      aliased: false,
    };
  });
}

function num(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

export function chiTest(statistic: number, df: number): CoxTest {
  return { statistic, df, pValue: df > 0 ? chiSquareUpperTail(statistic, df) : 1 };
}
