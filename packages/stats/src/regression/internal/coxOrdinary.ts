/**
 * The ordinary (unpenalized) Cox fit behind `coxPH`: prepare, Newton iterations, variance,
 * tests, robust variance and concordance. `coxPH` checks the options first and hands over here;
 * Firth's `coxPHFirth` evaluates the ordinary likelihood through here too, which keeps the
 * import graph acyclic (coxPH → coxPHFirth → coxOrdinary, coxPH → coxOrdinary).
 */
import { chiSquareUpperTail } from '../../distributions/chiSquare.js';
import { normalTwoSidedP, zForConfLevel } from '../../distributions/normal.js';
import { StatsInputError } from '../../errors.js';
import { subMatrix, TOLER_CHOL, waldTestChol } from '../../internal/linalg.js';
import { hasNonIntegerWeight } from '../../internal/prepare.js';
import type { CoxData, CoxOptions, CoxResult, CoxTerm, CoxTest } from '../types.js';
import { coxConcordance } from './concordance.js';
import { coxWorkspace, type PreparedCox, prepareCoxData } from './coxKernel.js';
import { coxNewton } from './coxNewton.js';
import { collapseWeighted, coxScoreResiduals, crossprod } from './coxRobust.js';
import { returnWorkBuffer } from './coxWorkBuffer.js';

const FN = 'coxPH';
/** R's `coxph.control()` defaults. */
const EPS = 1e-9;
const TOLER_INF = Math.sqrt(EPS);

/** Options `coxPH` has already checked and resolved to their defaults. */
export interface ResolvedCoxOptions {
  readonly ties: 'efron' | 'breslow';
  readonly confLevel: number;
  readonly maxIter: number;
  /**
   * Internal: `false` skips the concordance (reported as not computed, `null` and `null`) for
   * fits whose concordance no caller reads, such as fitCoxModel's drop-one refits for the
   * likelihood-ratio tests; it is about a seventh of a fit at 10⁶ rows. Default `true`.
   */
  readonly concordance?: boolean;
}

export function coxOrdinary(data: CoxData, options: CoxOptions, resolved: ResolvedCoxOptions): CoxResult {
  const { ties, confLevel } = resolved;
  let maxIter = resolved.maxIter;

  const prep = prepareCoxData(FN, data);
  const { p, n } = prep;

  const init = new Float64Array(p);
  if (options.init !== undefined) {
    if (options.init.length !== p)
      throw new StatsInputError(FN, `has length ${options.init.length}; expected ${p} (one per covariate)`, {
        field: 'options.init',
      });
    for (let j = 0; j < p; j++) {
      const v = options.init[j];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new StatsInputError(FN, `is ${String(v)} at position ${j}; expected finite numbers`, {
          field: 'options.init',
        });
      init[j] = v;
    }
    checkInit(prep, init);
  }
  if (p === 0) maxIter = 0; // R's null model: evaluate at the (empty) init only

  const warnings: string[] = [];
  let robust = options.robust;
  if (robust === undefined)
    robust = data.cluster !== undefined || hasNonIntegerWeight(prep.weighted ? prep.weight : undefined);
  if (data.cluster !== undefined && !robust)
    warnings.push('cluster specified with robust=FALSE, cluster ignored');
  if (robust && data.cluster === undefined && prep.entry !== null && options.robust === true)
    throw new StatsInputError(
      FN,
      'robust variance for (entry, time] data needs a cluster (R: one of cluster or id is needed)',
      { field: 'cluster' },
    );

  // The passes' per-row scratch (eta, risk) is reused below for the linear predictor: at 10⁶
  // rows every freshly allocated megabyte costs about as much as a pass over it.
  const ws = coxWorkspace(prep, prep.rows);
  const fit = coxNewton(prep, init, ties, maxIter, EPS, TOLER_CHOL, ws);
  const counting = prep.entry !== null;

  // Aliased columns: R sets which.sing when the rank flag is below p (coxph.fit / agreg.fit).
  const naive = fit.variance;
  const isNA = new Array<boolean>(p).fill(false);
  if (fit.flag < p) for (let j = 0; j < p; j++) isNA[j] = naive[j * p + j] === 0;
  const singular: number[] = [];
  if (maxIter > 0) for (let j = 0; j < p; j++) if (isNA[j]) singular.push(j + 1);
  if (maxIter === 0) isNA.fill(false);
  if (singular.length > 0) warnings.push(`X matrix deemed to be singular; variable ${singular.join(' ')}`);

  // linear predictor as coxph.fit / agreg.fit form it: X b − Σ b·means (sorted order)
  const lp = linearPredictor(
    prep,
    prep.names.map((name) => data.covariates[name]!),
    fit.beta,
    ws.eta,
    ws.risk,
  );
  // the per-coefficient flag is decided here, with R's rule; the warning is its wording for people
  let infinite = new Array<boolean>(p).fill(false);
  if (maxIter > 1) {
    let maxLp = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < n; k++) if (lp[k]! > maxLp) maxLp = lp[k]!;
    const check = infiniteCheck(fit, counting, p, maxLp);
    warnings.push(...check.warnings);
    infinite = check.infinite;
  }

  let robustVar: Float64Array | null = null;
  let robustScore: CoxTest | undefined;
  const anyCoef = isNA.some((b) => !b);
  if (robust && anyCoef) {
    const cluster = prep.cluster;
    const groups = cluster === null ? n : prep.nClusters;
    const resid = coxScoreResiduals(prep, lp, ties);
    const dfbeta = collapseWeighted(prep, resid, naive, cluster, groups);
    robustVar = crossprod(dfbeta, groups, p);
    // R's rscore: score residuals at init (at 0 when there is no cluster, as coxph.R does)
    const lp0 = new Float64Array(n);
    if (cluster !== null && options.init !== undefined) {
      const raw = rawCovariates(prep);
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += raw[k * p + j]! * init[j]!;
        lp0[k] = s;
      }
    }
    const resid0 = coxScoreResiduals(prep, lp0, ties);
    const score0 = collapseWeighted(prep, resid0, null, cluster, groups);
    const u = new Float64Array(p);
    for (let g = 0; g < groups; g++) for (let j = 0; j < p; j++) u[j]! += score0[g * p + j]!;
    const w = waldTestChol(crossprod(score0, groups, p), u, TOLER_CHOL);
    robustScore = chiTest(w.test, isNA.filter((b) => !b).length);
  }
  const reported = robustVar ?? naive;

  const df = isNA.filter((b) => !b).length;
  // Wald test on the non-NA coefficients, R's coxph.wtest(var[nabeta, nabeta], coef − init)
  const keep = isNA.flatMap((b, j) => (b ? [] : [j]));
  const bSub = Float64Array.from(keep, (j) => fit.beta[j]! - init[j]!);
  const wald = waldTestChol(subMatrix(reported, p, keep), bSub, TOLER_CHOL);

  const zc = zForConfLevel(confLevel);
  const terms: CoxTerm[] = prep.names.map((name, j) => {
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
    const coef = fit.beta[j]!;
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

  // The centred covariates (prep.x) are not read after the fit and the robust residuals above;
  // the work buffer they start hosts the concordance's work arrays instead of fresh allocations,
  // and the ranks go where the linear predictor's scratch (ws.risk) was. The buffer then serves
  // the next fit (coxWorkBuffer.ts); nothing of this fit reads it after this point.
  const harrell =
    resolved.concordance === false
      ? { estimate: null, se: null }
      : coxConcordance(
          prep,
          lp,
          prep.cluster,
          prep.nClusters,
          prep.work,
          new Int32Array(ws.risk.buffer, ws.risk.byteOffset, n),
        );
  returnWorkBuffer(prep.work);

  const toMatrix = (m: Float64Array): number[][] =>
    Array.from({ length: p }, (_, i) => Array.from(m.subarray(i * p, (i + 1) * p)));

  return {
    terms,
    logLik: { null: fit.loglik[0], model: fit.loglik[1] },
    likelihoodRatioTest: chiTest(2 * (fit.loglik[1] - fit.loglik[0]), df),
    waldTest: chiTest(wald.test, df),
    scoreTest: chiTest(fit.scoreTest, df),
    ...(robustScore === undefined ? {} : { robustScoreTest: robustScore }),
    concordance: { estimate: harrell.estimate, stdErr: harrell.se },
    n,
    events: prep.nEvents,
    iterations: fit.iterations,
    converged: fit.converged,
    warnings,
    variance: toMatrix(reported),
    ...(robustVar === null ? {} : { naiveVariance: toMatrix(naive) }),
    ties,
    robust: robustVar !== null,
  };
}

function num(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

function chiTest(statistic: number, df: number): CoxTest {
  return { statistic, df, pValue: df > 0 ? chiSquareUpperTail(statistic, df) : 1 };
}

/** Raw covariates of the sorted rows (n×p), undoing the kernel's centring and scaling. */
function rawCovariates(prep: PreparedCox): Float64Array {
  const { n, p, x, center, scale } = prep;
  const raw = new Float64Array(n * p);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < p; j++) raw[k * p + j] = x[k * p + j]! / scale[j]! + center[j]!;
  return raw;
}

/**
 * R's `c(x %*% coef) - sum(coef * means)`, accumulated in R's column order from the caller's own
 * columns, so that rows tie in the concordance exactly where they tie in R. Written to `lp` in
 * `prep`'s sorted order (and returned); `xb` (length n) is scratch.
 */
function linearPredictor(
  prep: PreparedCox,
  cols: readonly ArrayLike<number>[],
  beta: Float64Array,
  lp: Float64Array,
  xb: Float64Array,
): Float64Array {
  const { p, means, order } = prep;
  let shift = 0;
  for (let j = 0; j < p; j++) shift += beta[j]! * means[j]!;
  xb.fill(0);
  for (let j = 0; j < p; j++) {
    const col = cols[j]!;
    if (col instanceof Float64Array) addScaled(xb, col, beta[j]!);
    else addScaled(xb, Float64Array.from(col), beta[j]!);
  }
  gatherShifted(lp, xb, order, shift);
  return lp;
}

/** xb += col·b (its own function so that the loop is compiled once, for Float64Array). */
function addScaled(xb: Float64Array, col: Float64Array, b: number): void {
  const n = xb.length;
  for (let i = 0; i < n; i++) xb[i]! += col[i]! * b;
}

/** lp[k] = xb[order[k]] − shift. */
function gatherShifted(lp: Float64Array, xb: Float64Array, order: Int32Array, shift: number): void {
  const n = lp.length;
  for (let k = 0; k < n; k++) lp[k] = xb[order[k]!]! - shift;
}

/**
 * coxph.R's check that `init` does not overflow or underflow every exp(risk score). The raw
 * covariates are recomputed from the sorted, centred ones row by row (the same arithmetic as
 * `rawCovariates`, so the same sums) rather than copied into a fresh n×p matrix: warm-started fits
 * (fitCoxModel's drop-one refits, a forest's interaction models) run this check at 10⁶ rows, where
 * the copy's new pages cost about as much as a Newton iteration.
 */
function checkInit(prep: PreparedCox, init: Float64Array): void {
  const { n, p, x, center, scale } = prep;
  const colMeans = new Float64Array(p);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < p; j++) colMeans[j]! += (x[k * p + j]! / scale[j]! + center[j]!) / n;
  let allZero = true;
  for (let k = 0; k < n; k++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += (x[k * p + j]! / scale[j]! + center[j]! - colMeans[j]!) * init[j]!;
    const e = Math.exp(eta);
    if (e === Number.POSITIVE_INFINITY)
      throw new StatsInputError(
        FN,
        'initial values lead to overflow or underflow of the exp function (R: same message)',
        { field: 'options.init', row: prep.order[k]! },
      );
    if (e !== 0) allZero = false;
  }
  if (allZero)
    throw new StatsInputError(FN, 'initial values lead to overflow or underflow of the exp function', {
      field: 'options.init',
    });
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
