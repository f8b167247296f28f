/**
 * The ordinary (unpenalized) Cox fit behind `coxPH`: prepare, Newton iterations, variance,
 * tests, robust variance and concordance. `coxPH` checks the options first and hands over here;
 * Firth's `coxPHFirth` evaluates the ordinary likelihood through here too, which keeps the
 * import graph acyclic (coxPH → coxPHFirth → coxOrdinary, coxPH → coxOrdinary).
 */
import { zForConfLevel } from '../../distributions/normal.js';
import { StatsInputError } from '../../errors.js';
import { TOLER_CHOL, waldTestChol } from '../../internal/linalg.js';
import { hasNonIntegerWeight } from '../../internal/prepare.js';
import type { CoxData, CoxOptions, CoxResult, CoxTest } from '../types.js';
import { coxConcordance } from './concordance.js';
import { aliased, chiTest, coxTerms, EPS, infiniteFlags, waldOnEstimated } from './coxFitSummary.js';
import { coxWorkspace, type PreparedCox, prepareCoxData } from './coxKernel.js';
import { coxNewton } from './coxNewton.js';
import { collapseWeighted, coxScoreResiduals, crossprod } from './coxRobust.js';
import { returnWorkBuffer } from './coxWorkBuffer.js';

const FN = 'coxPH';

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

  const init = readInit(options, prep);
  if (p === 0) maxIter = 0; // R's null model: evaluate at the (empty) init only

  const warnings: string[] = [];
  const robust = wantsRobust(data, options, prep, warnings);

  // The passes' per-row scratch (eta, risk) is reused below for the linear predictor: at 10⁶
  // rows every freshly allocated megabyte costs about as much as a pass over it.
  const ws = coxWorkspace(prep, prep.rows);
  const fit = coxNewton(prep, init, ties, maxIter, EPS, TOLER_CHOL, ws);

  // Aliased columns: R sets which.sing when the rank flag is below p (coxph.fit / agreg.fit).
  const naive = fit.variance;
  const isNA = aliased(naive, fit.flag, p, maxIter, warnings);

  // linear predictor as coxph.fit / agreg.fit form it: X b − Σ b·means (sorted order)
  const lp = linearPredictor(
    prep,
    prep.names.map((name) => data.covariates[name]!),
    fit.beta,
    ws.eta,
    ws.risk,
  );
  // the per-coefficient flag is decided here, with R's rule; the warning is its wording for people
  const infinite =
    maxIter > 1
      ? infiniteFlags(fit, prep.entry !== null, p, lp, warnings)
      : new Array<boolean>(p).fill(false);

  const { robustVar, robustScore } =
    robust && isNA.some((b) => !b)
      ? robustParts(prep, lp, ties, naive, init, options.init !== undefined, isNA)
      : { robustVar: null, robustScore: undefined };
  const reported = robustVar ?? naive;

  const df = isNA.filter((b) => !b).length;
  const wald = waldOnEstimated(reported, fit.beta, init, isNA);

  const terms = coxTerms(prep.names, fit.beta, naive, robustVar, isNA, infinite, zForConfLevel(confLevel));

  const harrell = resolved.concordance === false ? { estimate: null, se: null } : concordanceOf(prep, lp, ws);
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

/**
 * Harrell's C of the fit. The centred covariates (prep.x) are not read after the fit and the robust
 * residuals; the work buffer they start hosts the concordance's work arrays instead of fresh
 * allocations, and the ranks go where the linear predictor's scratch (ws.risk) was. The buffer then
 * serves the next fit (coxWorkBuffer.ts); nothing of this fit reads it after this point.
 */
function concordanceOf(
  prep: PreparedCox,
  lp: Float64Array,
  ws: ReturnType<typeof coxWorkspace>,
): ReturnType<typeof coxConcordance> {
  return coxConcordance(
    prep,
    lp,
    prep.cluster,
    prep.nClusters,
    prep.work,
    new Int32Array(ws.risk.buffer, ws.risk.byteOffset, prep.n),
  );
}

/** Whether the robust variance is computed: as asked, else R's default (a cluster, or non-integer weights). */
function wantsRobust(data: CoxData, options: CoxOptions, prep: PreparedCox, warnings: string[]): boolean {
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
  return robust;
}

/** `options.init` checked (length, finite values, R's overflow check) and copied; zeros when absent. */
function readInit(options: CoxOptions, prep: PreparedCox): Float64Array {
  const { p } = prep;
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
  return init;
}

/**
 * The robust (sandwich) variance from the collapsed score residuals, and R's robust score test
 * (its rscore: residuals at init, at 0 when there is no cluster, as coxph.R does).
 */
function robustParts(
  prep: PreparedCox,
  lp: Float64Array,
  ties: ResolvedCoxOptions['ties'],
  naive: Float64Array,
  init: Float64Array,
  initGiven: boolean,
  isNA: readonly boolean[],
): { robustVar: Float64Array; robustScore: CoxTest } {
  const { n, p } = prep;
  const cluster = prep.cluster;
  const groups = cluster === null ? n : prep.nClusters;
  const resid = coxScoreResiduals(prep, lp, ties);
  const dfbeta = collapseWeighted(prep, resid, naive, cluster, groups);
  const robustVar = crossprod(dfbeta, groups, p);
  // R's rscore: score residuals at init (at 0 when there is no cluster, as coxph.R does)
  const lp0 = new Float64Array(n);
  if (cluster !== null && initGiven) {
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
  return { robustVar, robustScore: chiTest(w.test, isNA.filter((b) => !b).length) };
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
 *
 * Reference BLAS's dgemv (R's `%*%` of a matrix and a vector) adds the columns one after another
 * into y = 0; each row's sum is the same chain of additions when formed row by row, which reads
 * every column once instead of reading and writing `xb` once per column. Exported for the test
 * that the one-sweep form (`scatterShifted4`) gives the same doubles, not from the package.
 */
export function linearPredictor(
  prep: PreparedCox,
  cols: readonly ArrayLike<number>[],
  beta: Float64Array,
  lp: Float64Array,
  xb: Float64Array,
): Float64Array {
  const { p, means, order } = prep;
  let shift = 0;
  for (let j = 0; j < p; j++) shift += beta[j]! * means[j]!;
  const typed = cols.map((col) => (col instanceof Float64Array ? col : Float64Array.from(col)));
  if (p >= 1 && p <= 4 && prep.position !== null) {
    // one sweep: each row's sum (the same chain from 0) written straight to its sorted position
    scatterShifted4(lp, typed, beta, prep.position, shift);
    return lp;
  }
  xb.fill(0);
  // up to four columns per sweep over xb: one read and write of xb per four columns
  for (let j = 0; j < p; j += 4) addScaled4(xb, typed, beta, j, Math.min(p, j + 4));
  gatherShifted(lp, xb, order, shift);
  return lp;
}

/**
 * xb += Σ cols[j]·b[j] for j in [from, to) (at most four), added one column after another as
 * dgemv does; its own function so that the loop is compiled once, for Float64Array.
 */
function addScaled4(
  xb: Float64Array,
  cols: readonly Float64Array[],
  beta: Float64Array,
  from: number,
  to: number,
): void {
  const n = xb.length;
  const m = to - from;
  const c0 = cols[from]!;
  const c1 = m > 1 ? cols[from + 1]! : c0;
  const c2 = m > 2 ? cols[from + 2]! : c0;
  const c3 = m > 3 ? cols[from + 3]! : c0;
  const b0 = beta[from]!;
  const b1 = m > 1 ? beta[from + 1]! : 0;
  const b2 = m > 2 ? beta[from + 2]! : 0;
  const b3 = m > 3 ? beta[from + 3]! : 0;
  if (m === 1) for (let i = 0; i < n; i++) xb[i]! += c0[i]! * b0;
  else if (m === 2) for (let i = 0; i < n; i++) xb[i] = xb[i]! + c0[i]! * b0 + c1[i]! * b1;
  else if (m === 3) for (let i = 0; i < n; i++) xb[i] = xb[i]! + c0[i]! * b0 + c1[i]! * b1 + c2[i]! * b2;
  else for (let i = 0; i < n; i++) xb[i] = xb[i]! + c0[i]! * b0 + c1[i]! * b1 + c2[i]! * b2 + c3[i]! * b3;
}

/**
 * lp[position[i]] = (0 + Σ cols[j][i]·b[j]) − shift for p ≤ 4 columns: the additions of `addScaled4`
 * into xb = 0 and the subtraction of `gatherShifted`, in the same order, without xb.
 */
function scatterShifted4(
  lp: Float64Array,
  cols: readonly Float64Array[],
  beta: Float64Array,
  position: Int32Array,
  shift: number,
): void {
  const n = lp.length;
  const m = cols.length;
  const c0 = cols[0]!;
  const c1 = m > 1 ? cols[1]! : c0;
  const c2 = m > 2 ? cols[2]! : c0;
  const c3 = m > 3 ? cols[3]! : c0;
  const b0 = beta[0]!;
  const b1 = m > 1 ? beta[1]! : 0;
  const b2 = m > 2 ? beta[2]! : 0;
  const b3 = m > 3 ? beta[3]! : 0;
  if (m === 1) for (let i = 0; i < n; i++) lp[position[i]!] = 0 + c0[i]! * b0 - shift;
  else if (m === 2) for (let i = 0; i < n; i++) lp[position[i]!] = 0 + c0[i]! * b0 + c1[i]! * b1 - shift;
  else if (m === 3)
    for (let i = 0; i < n; i++) lp[position[i]!] = 0 + c0[i]! * b0 + c1[i]! * b1 + c2[i]! * b2 - shift;
  else
    for (let i = 0; i < n; i++)
      lp[position[i]!] = 0 + c0[i]! * b0 + c1[i]! * b1 + c2[i]! * b2 + c3[i]! * b3 - shift;
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
  if (initSurelyFine(prep, init)) return;
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

/** Below this bound on |η| no exp(η) overflows (log of the largest double ≈ 709.78) or becomes 0. */
const SAFE_ETA = 700;

/**
 * Whether `checkInit` can only pass: every centred risk score η = Σ_j (raw_j − colMean_j)·init_j
 * has |η| ≤ Σ_j (max_j − min_j)·|init_j| (a column mean lies within the column's range), so when
 * that bound is below 700 no exp(η) overflows and none underflows to 0. One pass for the column
 * ranges (on the scaled columns: the range of raw is the range of x over scale) instead of the
 * check's two passes with a division per value; the usual warm start (coefficients of a nested
 * model) is far inside the bound.
 */
function initSurelyFine(prep: PreparedCox, init: Float64Array): boolean {
  const { n, p, x, scale } = prep;
  const lo = new Float64Array(p).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(p).fill(Number.NEGATIVE_INFINITY);
  columnRanges(x, n, p, lo, hi);
  let bound = 0;
  for (let j = 0; j < p; j++) bound += ((hi[j]! - lo[j]!) / scale[j]!) * Math.abs(init[j]!);
  return bound < SAFE_ETA;
}

function columnRanges(x: Float64Array, n: number, p: number, lo: Float64Array, hi: Float64Array): void {
  for (let k = 0, off = 0; k < n; k++, off += p)
    for (let j = 0; j < p; j++) {
      const v = x[off + j]!;
      if (v < lo[j]!) lo[j] = v;
      if (v > hi[j]!) hi[j] = v;
    }
}
