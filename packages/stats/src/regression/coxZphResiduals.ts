import { DEFAULTS } from '../defaults.js';
import { checkOptions, StatsInputError } from '../errors.js';
import { cholesky, choleskyInverse } from '../internal/linalg.js';
import { readEvents, readTimes } from '../internal/prepare.js';
import { argsortFloat64 } from '../internal/sort.js';
import { schoenfeldByPatterns } from './coxZphResidualsPatterns.js';
import { type CovariatePatterns, covariatePatterns } from './internal/coxPatterns.js';
import { returnWorkBuffer, takeWorkBuffer } from './internal/coxWorkBuffer.js';
import type { CoxResult } from './types.js';

/** Options of {@link coxZphResiduals}. */
export interface CoxZphResidualsOptions {
  /** g(t) of the x axis, as `cox.zph`'s `transform`: `'km'` (default), `'rank'` or `'identity'`. */
  readonly transform?: 'km' | 'rank' | 'identity';
}

/** R's `cox.zph(fit, terms = FALSE)` components `x`, `time`, `y` and `var`, one row per event. */
export interface CoxZphResidualsResult {
  /** Event times, ascending (ties in data order), R's `zph$time`. */
  readonly time: Float64Array;
  /** g(time), R's `zph$x`. */
  readonly x: Float64Array;
  /** Scaled Schoenfeld residuals per covariate column, β̂ + d·I⁻¹·r, R's `zph$y`. */
  readonly y: Readonly<Record<string, Float64Array>>;
  /** d·I⁻¹, row-major over `columns`, R's `zph$var` (the band of plot.cox.zph uses its diagonal). */
  readonly variance: readonly (readonly number[])[];
  readonly columns: readonly string[];
  readonly transform: 'km' | 'rank' | 'identity';
}

const FN = 'coxZphResiduals';

/** Covariate patterns per row above which the walk over rows is kept (as the Cox pass by patterns). */
const MAX_PATTERN_SHARE = 0.25;

/** g(t) of every row before centring, as cox.zph's ttimes: identity, average rank, or 1 − KM(t−). */
function transformTimes(time: Float64Array, event: Uint8Array, order: Int32Array, how: string): Float64Array {
  const n = time.length;
  const out = new Float64Array(n);
  if (how === 'identity') return Float64Array.from(time);
  let k = 0;
  let surv = 1;
  while (k < n) {
    let e = k;
    let deaths = 0;
    while (e < n && time[order[e]!] === time[order[k]!]) deaths += event[order[e++]!]!;
    // rows k..e−1 share one time: average rank (R's rank), or 1 − S(t−) before this time's deaths
    for (let j = k; j < e; j++) out[order[j]!] = how === 'rank' ? (k + 1 + e) / 2 : 1 - surv;
    surv *= 1 - deaths / (n - k);
    k = e;
  }
  return out;
}

/**
 * Scaled Schoenfeld residuals of a right-censored Cox fit, as R survival 3.5-3's
 * `cox.zph(fit, transform, terms = FALSE)` returns them for `plot.cox.zph`: per event, the
 * Schoenfeld residual r = x − x̄(t) (x̄ the risk-weighted mean; under Efron's ties the average of
 * the tied deaths' Efron means, as zph1.c), scaled as β̂ + d·I⁻¹·r with I the information at β̂
 * accumulated in the same pass and d the number of events (Grambsch & Therneau 1994). Aliased
 * (NA) coefficients are left out, as cox.zph drops them.
 *
 * Right-censored, unweighted, unstratified data only (the report's models).
 * R equivalent: `z <- cox.zph(coxph(Surv(time, event) ~ ., d), terms = FALSE); z$x; z$y; z$var`.
 *
 * @throws {StatsInputError} for data `coxPH` would reject, a fit whose terms do not match the
 *   covariates, or no estimated coefficient.
 * @example
 * const fit = coxPH(data);
 * const z = coxZphResiduals(data, fit);   // z.x, z.y.trt, z.variance[0][0]
 */
export function coxZphResiduals(
  data: {
    readonly time: ArrayLike<number>;
    readonly event: ArrayLike<number | boolean>;
    readonly covariates: Readonly<Record<string, ArrayLike<number>>>;
  },
  fit: CoxResult,
  options: CoxZphResidualsOptions = {},
): CoxZphResidualsResult {
  checkOptions(FN, options);
  const transform = options.transform ?? DEFAULTS.zphTransform;
  if (transform !== 'km' && transform !== 'rank' && transform !== 'identity')
    throw new StatsInputError(FN, `is ${String(transform)}; expected 'km', 'rank' or 'identity'`, {
      field: 'options.transform',
    });
  const time = readTimes(FN, data?.time);
  const n = time.length;
  const event = readEvents(FN, data.event, n);
  const names = Object.keys(data.covariates ?? {});
  if (fit?.terms?.length !== names.length || fit.terms.some((t, j) => t.name !== names[j]))
    throw new StatsInputError(
      FN,
      "the fit's terms do not match the covariates of data (same names, same order)",
      {
        field: 'fit',
      },
    );
  const columns = names.filter((_, j) => fit.terms[j]!.coef !== null);
  const p = columns.length;
  if (p === 0) throw new StatsInputError(FN, 'no estimated coefficient', { field: 'fit' });
  const beta = columns.map((c) => fit.terms[names.indexOf(c)]!.coef!);
  // Centred columns: residuals and information do not change, exp(βᵀx) stays in range.
  const x = columns.map((c) => {
    const v = data.covariates[c]!;
    if (v.length !== n)
      throw new StatsInputError(FN, `length ${v.length}, time has ${n}`, { field: `covariates.${c}` });
    return v instanceof Float64Array ? v : Float64Array.from(v);
  });
  const means = x.map((v) => columnMean(v, n));
  // ascending time, ties in data order (a stable sort), as R orders the events
  const order = argsortFloat64(time, false);
  // the row-major covariates are the largest array here (n·p values): a Cox work buffer, whose pages
  // a report's earlier fits have already written, given back below once nothing reads it
  const xs = takeWorkBuffer(n * p);
  const scattered = sortedRows(x, means, time, event, order, xs);
  // few distinct covariate rows (a report's categorical models): the information summed by pattern
  const patterns = covariatePatterns({ n, p, x: scattered.x }, Math.floor(n * MAX_PATTERN_SHARE));
  const sorted = { ...scattered, risk: riskScores(scattered.x, beta, p, patterns) };
  const { resid, imat, deaths } =
    patterns === null
      ? schoenfeldPass(sorted, p, order, fit.ties === 'efron')
      : schoenfeldByPatterns(sorted, patterns, p, order, fit.ties === 'efron');
  returnWorkBuffer(xs);
  const chol = cholesky(imat, p);
  if (chol === null) throw new StatsInputError(FN, 'the information matrix is singular', { field: 'fit' });
  const vinv = choleskyInverse(chol, p);
  const d = deaths.length;
  const y: Record<string, Float64Array> = {};
  columns.forEach((c, j) => {
    y[c] = scaledResiduals(resid, vinv, p, j, beta[j]!, d);
  });
  const tt = transformTimes(time, event, order, transform);
  const deathTime = new Float64Array(d);
  const deathX = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    deathTime[k] = time[deaths[k]!]!;
    deathX[k] = tt[deaths[k]!]!;
  }
  return {
    time: deathTime,
    x: deathX,
    y,
    variance: Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, l) => d * vinv[j * p + l]!)),
    columns,
    transform,
  };
}

/** mean(v), summed as v[i]/n in row order (the rows are centred as v[i] − mean while scattered). */
function columnMean(v: Float64Array, n: number): number {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i]! / n;
  return mean;
}

/** Column j of β̂ + d·I⁻¹·r for every death (rows of `resid`), the sum over l in column order. */
function scaledResiduals(
  resid: Float64Array,
  vinv: Float64Array,
  p: number,
  j: number,
  beta: number,
  d: number,
): Float64Array {
  const out = new Float64Array(d);
  for (let k = 0, off = 0; k < d; k++, off += p) {
    let s = 0;
    for (let l = 0; l < p; l++) s += vinv[j * p + l]! * resid[off + l]!;
    out[k] = beta + d * s;
  }
  return out;
}

/** The model's rows in ascending time order: centred covariates row-major, risk, time and status. */
interface SortedRows {
  readonly x: Float64Array;
  readonly risk: Float64Array;
  readonly time: Float64Array;
  readonly event: Uint8Array;
}

/**
 * The rows in sorted order, the covariates scattered into row-major (one write of p adjacent values
 * per row, instead of p reads from p columns per row at every use in the pass: at 10⁶ rows those
 * reads, through the permutation, were most of its time).
 */
function sortedRows(
  x: readonly Float64Array[],
  means: readonly number[],
  time: Float64Array,
  event: Uint8Array,
  order: Int32Array,
  xs: Float64Array,
): Omit<SortedRows, 'risk'> {
  const p = x.length;
  const n = time.length;
  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[order[k]!] = k;
  const mean = Float64Array.from(means);
  for (let i = 0; i < n; i++) {
    const off = position[i]! * p;
    for (let a = 0; a < p; a++) xs[off + a] = x[a]![i]! - mean[a]!;
  }
  const ts = new Float64Array(n);
  const ev = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    ts[k] = time[i]!;
    ev[k] = event[i]!;
  }
  return { x: xs, time: ts, event: ev };
}

/**
 * exp(βᵀx) of every sorted row, βᵀx summed in column order; with patterns, once per pattern (the
 * same sum of the same values, so the same double).
 */
function riskScores(
  xs: Float64Array,
  beta: readonly number[],
  p: number,
  patterns: CovariatePatterns | null,
): Float64Array {
  const n = xs.length / p;
  const risk = new Float64Array(n);
  const score = (x: Float64Array, off: number): number => {
    let z = 0;
    for (let a = 0; a < p; a++) z += beta[a]! * x[off + a]!;
    return Math.exp(z);
  };
  if (patterns === null) {
    for (let k = 0; k < n; k++) risk[k] = score(xs, k * p);
    return risk;
  }
  const byPattern = Float64Array.from({ length: patterns.count }, (_, c) => score(patterns.x, c * p));
  for (let k = 0; k < n; k++) risk[k] = byPattern[patterns.id[k]!]!;
  return risk;
}

/**
 * One backward pass over the sorted rows (zph1.c's sums): the risk-set sums at each event time, the
 * Schoenfeld residual of each death (rows of `resid`, deaths in ascending time, ties in data
 * order; `deaths` their input rows) and the information matrix at β̂ (row-major p×p). Exported
 * for the test of the pass by patterns (coxZphResidualsPatterns.test.ts), not from the package.
 */
export function schoenfeldPass(
  rows: SortedRows,
  p: number,
  order: Int32Array,
  efron: boolean,
): { resid: Float64Array; imat: Float64Array; deaths: number[] } {
  const { x, risk, time, event } = rows;
  const n = time.length;
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const d1 = new Float64Array(p);
  const d2 = new Float64Array(p * p);
  const imat = new Float64Array(p * p);
  const groups: { rows: number[]; mean: Float64Array }[] = [];
  const sums = { s0: 0, d0: 0 };
  let k = n - 1;
  while (k >= 0) {
    const t = time[k]!;
    sums.d0 = 0;
    d1.fill(0);
    d2.fill(0);
    const dead: number[] = [];
    for (; k >= 0 && time[k] === t; k--) {
      addRow(x, k * p, p, risk[k]!, event[k] === 1, sums, s1, s2, d1, d2);
      if (event[k] === 1) dead.push(k);
    }
    if (dead.length === 0) continue;
    const mean = eventTimeSums(p, dead.length, efron, sums, s1, s2, d1, d2, imat);
    groups.push({ rows: dead.reverse(), mean });
  }
  groups.reverse();
  const deaths: number[] = [];
  const resid = new Float64Array(groups.reduce((m, g) => m + g.rows.length, 0) * p);
  let r = 0;
  for (const g of groups)
    for (const k of g.rows) {
      for (let a = 0; a < p; a++) resid[r * p + a] = x[k * p + a]! - g.mean[a]!;
      deaths.push(order[k]!);
      r++;
    }
  return { resid, imat, deaths };
}

/** One row joins the risk-set sums (and, a death, its event time's sums). */
function addRow(
  x: Float64Array,
  off: number,
  p: number,
  r: number,
  death: boolean,
  sums: { s0: number; d0: number },
  s1: Float64Array,
  s2: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
): void {
  sums.s0 += r;
  for (let a = 0; a < p; a++) {
    const xa = x[off + a]!;
    s1[a]! += r * xa;
    for (let b = 0; b < p; b++) s2[a * p + b]! += r * xa * x[off + b]!;
    if (death) {
      d1[a]! += r * xa;
      for (let b = 0; b < p; b++) d2[a * p + b]! += r * xa * x[off + b]!;
    }
  }
  if (death) sums.d0 += r;
}

/** An event time's mean covariates (Efron: averaged over the steps) and its information term. */
function eventTimeSums(
  p: number,
  nd: number,
  efron: boolean,
  sums: { s0: number; d0: number },
  s1: Float64Array,
  s2: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
  imat: Float64Array,
): Float64Array {
  const steps = efron ? nd : 1;
  const weight = efron ? 1 : nd;
  const mean = new Float64Array(p);
  const m = new Float64Array(p);
  for (let s = 0; s < steps; s++) {
    const f = efron ? s / nd : 0;
    const den = sums.s0 - f * sums.d0;
    for (let a = 0; a < p; a++) m[a] = (s1[a]! - f * d1[a]!) / den;
    for (let a = 0; a < p; a++) {
      mean[a]! += m[a]! / steps;
      for (let b = 0; b < p; b++)
        imat[a * p + b]! += weight * ((s2[a * p + b]! - f * d2[a * p + b]!) / den - m[a]! * m[b]!);
    }
  }
  return mean;
}
