import { checkOptions, StatsInputError } from '../errors.js';
import { naturalSplineBasis } from './internal/naturalSpline.js';
import { type LinpackQr, qrCoef, qrDecompose, qrUnscaledCov } from './internal/qrLinpack.js';

/** Options of {@link coxZphSmooth}, with `plot.cox.zph`'s defaults. */
export interface CoxZphSmoothOptions {
  /** Degrees of freedom of the natural spline (R's `df`), ≥ 2. Default 4. */
  readonly df?: number;
  /** Number of points the smooth is evaluated at, evenly from min(x) to max(x) (R's `nsmo`). Default 40. */
  readonly points?: number;
}

/** The smooth of one term's scaled Schoenfeld residuals with its ±2 SE band, at `x`. */
export interface CoxZphSmoothResult {
  /** Evenly spaced (transformed) times, R's `pred.x`. */
  readonly x: Float64Array;
  /** The fitted β(t), R's `yhat`. */
  readonly fit: Float64Array;
  /** fit ∓ 2·√(var·diag(P (XᵀX)⁻¹ Pᵀ)), R's `ylow` and `yup`. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

const FN = 'coxZphSmooth';

/**
 * The curve R's `plot.cox.zph(zph[i], df = 4, nsmo = 40, se = TRUE)` draws through one term's
 * scaled Schoenfeld residuals: a least-squares fit of the residuals on a natural cubic spline basis
 * `ns(c(pred.x, x), df, intercept = TRUE)` — its knots placed on the evaluation points and the data
 * together, as R does — evaluated at `pred.x = seq(min(x), max(x), length = nsmo)`, with the band
 * ±2·√(var · diag(P (XᵀX)⁻¹ Pᵀ)) where var is the term's diagonal of `cox.zph(fit)$var`.
 *
 * @param x transformed event times, R's `zph$x` (ascending not required).
 * @param y the term's scaled Schoenfeld residuals, R's `zph$y[, i]` (same length as x).
 * @param variance the term's `zph$var[i, i]`, > 0.
 * @throws {StatsInputError} for lengths that differ, non-finite values, fewer than df distinct x,
 *   a non-positive variance, or a spline fit R would skip as singular.
 * @example
 * // R: z <- cox.zph(fit, terms = FALSE); plot(z[1])   (the curve and its dashed band)
 * const s = coxZphSmooth(zph.x, zph.y.trt, zph.variance[0][0]);
 */
export function coxZphSmooth(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  variance: number,
  options: CoxZphSmoothOptions = {},
): CoxZphSmoothResult {
  checkOptions(FN, options);
  const df = options.df ?? 4;
  const nsmo = options.points ?? 40;
  if (!Number.isInteger(df) || df < 2)
    throw new StatsInputError(FN, `df is ${df}; expected an integer ≥ 2`, { field: 'options.df' });
  if (!Number.isInteger(nsmo) || nsmo < 2)
    throw new StatsInputError(FN, `points is ${nsmo}; expected an integer ≥ 2`, { field: 'options.points' });
  const m = x?.length ?? 0;
  if (y?.length !== m)
    throw new StatsInputError(FN, `y has ${y?.length} entries, x has ${m}`, { field: 'y' });
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(x[i]!))
      throw new StatsInputError(FN, `x is ${x[i]}; expected a finite number`, { field: 'x', row: i });
    if (!Number.isFinite(y[i]!))
      throw new StatsInputError(FN, `y is ${y[i]}; expected a finite number`, { field: 'y', row: i });
  }
  if (!(variance > 0) || !Number.isFinite(variance))
    throw new StatsInputError(FN, `variance is ${variance}; expected a finite number > 0`, {
      field: 'variance',
    });
  if (!distinctAtLeast(x, df))
    throw new StatsInputError(FN, `fewer than df = ${df} distinct times; the spline fit is singular`, {
      field: 'x',
    });
  const { predX, basis, n, qr, xtx } = splineFit(x, df, nsmo);
  const coef = qrCoef(qr, Float64Array.from(y));
  const fit = new Float64Array(nsmo);
  const lower = new Float64Array(nsmo);
  const upper = new Float64Array(nsmo);
  for (let k = 0; k < nsmo; k++) {
    const p = Array.from({ length: df }, (_, c) => basis[c * n + k]!);
    let f = 0;
    let se = 0;
    for (let a = 0; a < df; a++) {
      f += p[a]! * coef[a]!;
      for (let b = 0; b < df; b++) se += p[a]! * xtx[a * df + b]! * p[b]!;
    }
    const half = 2 * Math.sqrt(variance * se);
    fit[k] = f;
    lower[k] = f - half;
    upper[k] = f + half;
  }
  return { x: Float64Array.from(predX), fit, lower, upper };
}

/** Whether x holds at least `k` distinct values; stops as soon as it has seen them. */
function distinctAtLeast(x: ArrayLike<number>, k: number): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < x.length && seen.size < k; i++) seen.add(x[i]!);
  return seen.size >= k;
}

/** The spline regression of one x: R's pred.x, the basis at (pred.x, x), its QR and (XᵀX)⁻¹. */
interface SplineFit {
  readonly x: Float64Array;
  readonly df: number;
  readonly nsmo: number;
  readonly predX: Float64Array;
  /** (nsmo + m) × df column-major. */
  readonly basis: Float64Array;
  readonly n: number;
  readonly qr: LinpackQr;
  readonly xtx: Float64Array;
}

/**
 * The last spline fit of each x array. plot.cox.zph smooths every term against the same x (the
 * event times), and the basis and its QR depend on x alone: a term after the first reuses them
 * when its x holds the same values (compared, so an array changed in between is fitted afresh).
 */
const lastFit = new WeakMap<object, SplineFit>();

function splineFit(x: ArrayLike<number>, df: number, nsmo: number): SplineFit {
  const m = x.length;
  const last = lastFit.get(x);
  if (last !== undefined && last.df === df && last.nsmo === nsmo && sameValues(last.x, x)) return last;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    lo = Math.min(lo, x[i]!);
    hi = Math.max(hi, x[i]!);
  }
  // seq(from, to, length.out = n): c(from, from + (1:(n − 2))·by, to), as seq.default builds it
  const by = (hi - lo) / (nsmo - 1);
  const predX = Float64Array.from({ length: nsmo }, (_, k) => (k === nsmo - 1 ? hi : lo + k * by));
  const all = new Float64Array(nsmo + m);
  all.set(predX);
  for (let i = 0; i < m; i++) all[nsmo + i] = x[i]!;
  const basis = naturalSplineBasis(all, df);
  const n = nsmo + m;
  const xmat = new Float64Array(m * df);
  for (let c = 0; c < df; c++) for (let i = 0; i < m; i++) xmat[c * m + i] = basis[c * n + nsmo + i]!;
  const qr = qrDecompose(xmat, m, df, 1e-7);
  if (qr.rank < df || qr.pivot.some((p, j) => p !== j))
    throw new StatsInputError(
      FN,
      'the spline fit is singular (R: "spline fit is singular, variable skipped")',
      {
        field: 'x',
      },
    );
  const fit = { x: all.subarray(nsmo), df, nsmo, predX, basis, n, qr, xtx: qrUnscaledCov(qr) };
  if (typeof x === 'object' && x !== null) lastFit.set(x, fit);
  return fit;
}

/** Whether a and b hold the same values (Object.is: a −0 is not a 0, as the basis could tell). */
function sameValues(a: Float64Array, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
