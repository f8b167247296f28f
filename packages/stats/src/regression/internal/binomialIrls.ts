import { type LinpackQr, qrCoef, qrDecompose, qrUnscaledCov } from './qrLinpack.js';

/**
 * Iteratively reweighted least squares for the binomial family with the logit link, a
 * transcription of R 4.2.2 `glm.fit` with `binomial()` (its C helpers `logit_link`,
 * `logit_linkinv`, `logit_mu_eta`, `binomial_dev_resids` in `src/library/stats/src/family.c`).
 *
 * Preconditions (the caller validates): `x` column-major n×p, finite; `y` in [0, 1], with
 * y = 0 where the weight is 0 (binomial()$initialize sets it); weights finite and ≥ 0, at least
 * one > 0. Never throws for data reasons: separation shows as fitted probabilities at 0 or 1 and
 * non-convergence as `converged: false`.
 *
 * R's step-halving on a non-finite deviance and its valideta/validmu checks are omitted: with
 * R's clamped inverse logit (μ ∈ [ε/(1+ε), 1/(1+ε)]) the binomial deviance is always finite.
 */

const DBL_EPSILON = 2.220446049250313e-16;
const THRESH = 30;
const MTHRESH = -30;
const INVEPS = 1 / DBL_EPSILON;

/** R's `logit_linkinv`. */
export function logitInv(eta: number): number {
  const tmp = eta < MTHRESH ? DBL_EPSILON : eta > THRESH ? INVEPS : Math.exp(eta);
  return tmp / (1 + tmp);
}

/** R's `logit_mu_eta` (one exp where the C calls it twice: the same double either way). */
function muEta(eta: number): number {
  if (eta > THRESH || eta < MTHRESH) return DBL_EPSILON;
  const e = Math.exp(eta);
  const opexp = 1 + e;
  return e / (opexp * opexp);
}

function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0;
}

/** R's `binomial_dev_resids`, summed. */
export function binomialDeviance(y: Float64Array, mu: Float64Array | number, w: Float64Array): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++) {
    const m = typeof mu === 'number' ? mu : mu[i]!;
    dev += 2 * w[i]! * (yLogY(y[i]!, m) + yLogY(1 - y[i]!, 1 - m));
  }
  return dev;
}

/**
 * Rows fitted as cells (`binomialCells`): the cell of each data row and the prior weight of each
 * of a cell's rows. The deviance is then summed over the data's rows in their order, as R sums it.
 */
export interface CellRows {
  readonly cellOf: Int32Array;
  readonly rowWeight: Float64Array;
}

/**
 * `binomialDeviance` of the data's rows from per-cell μ: each row's term is the double R computes
 * for it (the same expression of the same y, w, μ), added in row order — so the deviance, glm.fit's
 * convergence test on it and the drop1 differences of deviances follow the row-wise sums, whose
 * rounding at 10⁶ rows (~10⁻⁹ of a likelihood-ratio statistic) a sum by cells would not repeat.
 */
export function cellDeviance(y: Float64Array, mu: Float64Array, cells: CellRows, term: Float64Array): number {
  for (let c = 0; c < term.length; c++)
    term[c] = 2 * cells.rowWeight[c]! * (yLogY(y[c]!, mu[c]!) + yLogY(1 - y[c]!, 1 - mu[c]!));
  const { cellOf } = cells;
  let dev = 0;
  for (let i = 0; i < cellOf.length; i++) dev += term[cellOf[i]!]!;
  return dev;
}

export interface IrlsFit {
  /** Coefficients in column order; NaN for aliased columns (R's NA). */
  readonly coef: Float64Array;
  readonly aliased: Uint8Array;
  readonly rank: number;
  /** (XᵀWX)⁻¹ at the last IRLS step's weights, row-major p×p, NaN in aliased rows/columns. */
  readonly covUnscaled: Float64Array;
  readonly mu: Float64Array;
  readonly eta: Float64Array;
  readonly deviance: number;
  readonly iter: number;
  readonly converged: boolean;
}

/** The working arrays of one fit, allocated once rather than on every IRLS step. */
interface IrlsBuffers {
  /** √w-scaled design of the good rows (m×p), factored in place by each step. */
  readonly xw: Float64Array;
  readonly zw: Float64Array;
  readonly start: Float64Array;
}

/**
 * One weighted least-squares step on the good rows: the coefficients (0 where aliased) land in
 * `buf.start`; returns the factorization, whose pivot and rank the fit reports.
 */
function wlsStep(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  w: Float64Array,
  eta: Float64Array,
  mu: Float64Array,
  good: Int32Array,
  buf: IrlsBuffers,
) {
  const m = good.length;
  const { xw, zw, start } = buf;
  for (let r = 0; r < m; r++) {
    const i = good[r]!;
    const me = muEta(eta[i]!);
    const variance = mu[i]! * (1 - mu[i]!);
    const z = eta[i]! + (y[i]! - mu[i]!) / me;
    const sw = Math.sqrt((w[i]! * me * me) / variance);
    zw[r] = z * sw;
    for (let j = 0; j < p; j++) xw[j * m + r] = x[j * n + i]! * sw;
  }
  // glm.fit: Cdqrls(x * w, z * w, min(1e-07, control$epsilon / 1000)).
  const f = qrDecompose(xw, m, p, Math.min(1e-7, 1e-8 / 1000));
  const b = qrCoef(f, zw);
  start.fill(0);
  for (let j = 0; j < p; j++) start[f.pivot[j]!] = b[j]!;
  return f;
}

function linearPredictor(x: Float64Array, n: number, p: number, beta: Float64Array, eta: Float64Array): void {
  eta.fill(0);
  for (let j = 0; j < p; j++) {
    const b = beta[j]!;
    if (b === 0) continue;
    for (let i = 0; i < n; i++) eta[i] = eta[i]! + x[j * n + i]! * b;
  }
}

/** glm.fit's default start for binomial(): η = logit(μ), μ = (w·y + 0.5)/(w + 1) per row. */
export function mustartEta(y: Float64Array, w: Float64Array): Float64Array {
  const eta = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const mustart = (w[i]! * y[i]! + 0.5) / (w[i]! + 1);
    eta[i] = Math.log(mustart / (1 - mustart));
  }
  return eta;
}

/** Where a fit starts and what its rows are; both optional. */
export interface IrlsFrom {
  /** glm.fit's `etastart` (default: {@link mustartEta} of `y` and `w`); not modified. */
  readonly etaStart?: Float64Array;
  /** The rows are cells of the data's rows (`w` is then rows in the cell × `rowWeight`). */
  readonly cells?: CellRows;
}

/** Fits the model; `maxit` and `epsilon` are `glm.control`'s (25, 1e-8). */
export function binomialIrls(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  w: Float64Array,
  maxit: number,
  epsilon: number,
  from: IrlsFrom = {},
): IrlsFit {
  const etaStart = from.etaStart ?? mustartEta(y, w);
  const cells = from.cells;
  const term = new Float64Array(cells === undefined ? 0 : n);
  const deviance = (mu: Float64Array) =>
    cells === undefined ? binomialDeviance(y, mu, w) : cellDeviance(y, mu, cells, term);
  let m = 0;
  for (let i = 0; i < n; i++) if (w[i]! > 0) m++;
  const good = new Int32Array(m);
  for (let i = 0, r = 0; i < n; i++) if (w[i]! > 0) good[r++] = i;
  const mu = new Float64Array(n);
  const eta = Float64Array.from(etaStart);
  for (let i = 0; i < n; i++) mu[i] = logitInv(eta[i]!);
  const buf: IrlsBuffers = {
    xw: new Float64Array(m * p),
    zw: new Float64Array(m),
    start: new Float64Array(p),
  };
  let devold = deviance(mu);
  let dev = devold;
  let converged = false;
  let iter = 0;
  let f: ReturnType<typeof wlsStep> | undefined;
  for (iter = 1; iter <= maxit; iter++) {
    f = wlsStep(x, n, p, y, w, eta, mu, good, buf);
    linearPredictor(x, n, p, buf.start, eta);
    for (let i = 0; i < n; i++) mu[i] = logitInv(eta[i]!);
    dev = deviance(mu);
    // glm.fit's convergence rule.
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devold = dev;
  }
  if (iter > maxit) iter = maxit;
  return irlsResult(f!, buf.start, p, { mu, eta, deviance: dev, iter, converged });
}

/** The fit in original column order: NaN (R's NA) coefficients and covariances where aliased. */
function irlsResult(
  f: LinpackQr,
  start: Float64Array,
  p: number,
  rest: Pick<IrlsFit, 'mu' | 'eta' | 'deviance' | 'iter' | 'converged'>,
): IrlsFit {
  const coef = Float64Array.from(start);
  const aliased = new Uint8Array(p);
  for (let j = f.rank; j < p; j++) {
    aliased[f.pivot[j]!] = 1;
    coef[f.pivot[j]!] = Number.NaN;
  }
  const k = f.rank;
  const small = qrUnscaledCov(f);
  const covUnscaled = new Float64Array(p * p).fill(Number.NaN);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) covUnscaled[f.pivot[a]! * p + f.pivot[b]!] = small[a * k + b]!;
  }
  return { coef, aliased, rank: k, covUnscaled, ...rest };
}
