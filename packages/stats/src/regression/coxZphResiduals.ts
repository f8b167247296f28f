import { DEFAULTS } from '../defaults.js';
import { checkOptions, StatsInputError } from '../errors.js';
import { cholesky, choleskyInverse } from '../internal/linalg.js';
import { readEvents, readTimes } from '../internal/prepare.js';
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
    let mean = 0;
    for (let i = 0; i < n; i++) mean += v[i]! / n;
    return Float64Array.from({ length: n }, (_, i) => v[i]! - mean);
  });
  const order = Int32Array.from(Array.from(time.keys()).sort((a, b) => time[a]! - time[b]! || a - b));
  const risk = Float64Array.from({ length: n }, (_, i) =>
    Math.exp(beta.reduce((s, b, j) => s + b * x[j]![i]!, 0)),
  );
  const { resid, imat, deaths } = schoenfeldPass(x, event, time, order, risk, fit.ties === 'efron');
  const chol = cholesky(imat, p);
  if (chol === null) throw new StatsInputError(FN, 'the information matrix is singular', { field: 'fit' });
  const vinv = choleskyInverse(chol, p);
  const d = deaths.length;
  const y: Record<string, Float64Array> = {};
  columns.forEach((c, j) => {
    y[c] = Float64Array.from(deaths, (_, k) => {
      let s = 0;
      for (let l = 0; l < p; l++) s += vinv[j * p + l]! * resid[k * p + l]!;
      return beta[j]! + d * s;
    });
  });
  const tt = transformTimes(time, event, order, transform);
  return {
    time: Float64Array.from(deaths, (i) => time[i]!),
    x: Float64Array.from(deaths, (i) => tt[i]!),
    y,
    variance: Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, l) => d * vinv[j * p + l]!)),
    columns,
    transform,
  };
}

/**
 * One backward pass over the sorted rows (zph1.c's sums): the risk-set sums at each event time, the
 * Schoenfeld residual of each death (rows of `resid`, deaths in ascending time, ties in data
 * order) and the information matrix at β̂ (row-major p×p).
 */
function schoenfeldPass(
  x: readonly Float64Array[],
  event: Uint8Array,
  time: Float64Array,
  order: Int32Array,
  risk: Float64Array,
  efron: boolean,
): { resid: Float64Array; imat: Float64Array; deaths: number[] } {
  const p = x.length;
  const n = time.length;
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const d1 = new Float64Array(p);
  const d2 = new Float64Array(p * p);
  const imat = new Float64Array(p * p);
  const groups: { rows: number[]; mean: Float64Array }[] = [];
  let s0 = 0;
  let k = n - 1;
  while (k >= 0) {
    const t = time[order[k]!]!;
    let d0 = 0;
    d1.fill(0);
    d2.fill(0);
    const dead: number[] = [];
    for (; k >= 0 && time[order[k]!] === t; k--) {
      const i = order[k]!;
      const r = risk[i]!;
      s0 += r;
      for (let a = 0; a < p; a++) {
        s1[a]! += r * x[a]![i]!;
        for (let b = 0; b < p; b++) s2[a * p + b]! += r * x[a]![i]! * x[b]![i]!;
        if (event[i] === 1) {
          d1[a]! += r * x[a]![i]!;
          for (let b = 0; b < p; b++) d2[a * p + b]! += r * x[a]![i]! * x[b]![i]!;
        }
      }
      if (event[i] === 1) {
        d0 += r;
        dead.push(i);
      }
    }
    if (dead.length === 0) continue;
    const nd = dead.length;
    const steps = efron ? nd : 1;
    const weight = efron ? 1 : nd;
    const mean = new Float64Array(p);
    for (let s = 0; s < steps; s++) {
      const f = efron ? s / nd : 0;
      const den = s0 - f * d0;
      const m = Float64Array.from({ length: p }, (_, a) => (s1[a]! - f * d1[a]!) / den);
      for (let a = 0; a < p; a++) {
        mean[a]! += m[a]! / steps;
        for (let b = 0; b < p; b++)
          imat[a * p + b]! += weight * ((s2[a * p + b]! - f * d2[a * p + b]!) / den - m[a]! * m[b]!);
      }
    }
    groups.push({ rows: dead.reverse(), mean });
  }
  groups.reverse();
  const deaths = groups.flatMap((g) => g.rows);
  const resid = new Float64Array(deaths.length * p);
  let r = 0;
  for (const g of groups)
    for (const i of g.rows) {
      for (let a = 0; a < p; a++) resid[r * p + a] = x[a]![i]! - g.mean[a]!;
      r++;
    }
  return { resid, imat, deaths };
}
