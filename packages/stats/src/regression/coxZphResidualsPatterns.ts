/**
 * The backward pass of coxZphResiduals.ts (zph1.c's sums: the Schoenfeld residuals and the
 * information at β̂) for models with few distinct covariate rows, in O(rows·p + event times·p² +
 * patterns·p²) instead of O(rows·p²) (and O(deaths·p²) for Efron's steps).
 *
 * The information is Σ over event times and Efron's steps s (f_s = s/deaths; one step with weight
 * `deaths` under Breslow) of weight·[(S2 − f·D2)/den_s − m_s·m_sᵀ], den_s = S0 − f·D0,
 * m_s = (S1 − f·D1)/den_s. Its S2 part is a sum over rows, r_i·x_i·x_iᵀ times Σ weight/den_s over the
 * steps whose risk set holds row i (and (1 − f_s)·weight/den_s at a death's own time): with C the
 * running sum of weight/den_s, a row joining at C gets C_end − C, a death C_end − C − c1 with
 * c1 = Σ_s weight·f_s/den_s, so a pattern's rows add Σr and Σr·C (deaths Σr·(C + c1)) as they join,
 * as in the Cox pass by patterns (internal/coxPassPatterns.ts). The m·mᵀ part and the mean over the
 * steps are closed forms in S1, D1 and Σ_s f^k/den_s (k ≤ 1) or f^k/den_s² (k ≤ 2), per event time.
 *
 * The sums are zph1.c's regrouped: residuals and information agree with the walk over rows to
 * rounding (coxZphResidualsPatterns.test.ts; both against R in packages/validation).
 */
import type { CovariatePatterns } from './internal/coxPatterns.js';

/** What coxZphResiduals.ts's schoenfeldPass returns. */
export interface SchoenfeldSums {
  /** Schoenfeld residual of each death, deaths in ascending time, ties in data order (p per row). */
  readonly resid: Float64Array;
  readonly imat: Float64Array;
  /** Input row of each death. */
  readonly deaths: number[];
}

/** The model's rows sorted by ascending time (coxZphResiduals.ts's SortedRows). */
interface Rows {
  readonly x: Float64Array;
  readonly risk: Float64Array;
  readonly time: Float64Array;
  readonly event: Uint8Array;
}

/** The running sums of the backward walk. */
interface Walk {
  readonly p: number;
  s0: number;
  d0: number;
  cum: number;
  readonly s1: Float64Array;
  readonly d1: Float64Array;
  readonly sumRisk: Float64Array;
  readonly sumRiskC: Float64Array;
  /** Σ weight·m_s·m_sᵀ over event times and steps (p×p). */
  readonly outer: Float64Array;
}

/** schoenfeldPass by patterns (header); `patterns` are those of `rows.x`. */
export function schoenfeldByPatterns(
  rows: Rows,
  patterns: CovariatePatterns,
  p: number,
  order: Int32Array,
  efron: boolean,
): SchoenfeldSums {
  const { x, risk, time, event } = rows;
  const { id } = patterns;
  const n = time.length;
  const walk: Walk = {
    p,
    s0: 0,
    d0: 0,
    cum: 0,
    s1: new Float64Array(p),
    d1: new Float64Array(p),
    sumRisk: new Float64Array(patterns.count),
    sumRiskC: new Float64Array(patterns.count),
    outer: new Float64Array(p * p),
  };
  const groups: { rows: number[]; mean: Float64Array }[] = [];
  let k = n - 1;
  while (k >= 0) {
    const t = time[k]!;
    walk.d0 = 0;
    walk.d1.fill(0);
    const dead: number[] = [];
    for (; k >= 0 && time[k] === t; k--) {
      const r = risk[k]!;
      const off = k * p;
      walk.s0 += r;
      for (let a = 0; a < p; a++) walk.s1[a]! += r * x[off + a]!;
      if (event[k] === 1) {
        walk.d0 += r;
        for (let a = 0; a < p; a++) walk.d1[a]! += r * x[off + a]!;
        dead.push(k);
      } else {
        const c = id[k]!;
        walk.sumRisk[c]! += r;
        walk.sumRiskC[c]! += r * walk.cum;
      }
    }
    if (dead.length === 0) continue;
    const { mean, joinAt } = eventTime(walk, dead.length, efron);
    for (const q of dead) {
      const c = id[q]!;
      const r = risk[q]!;
      walk.sumRisk[c]! += r;
      walk.sumRiskC[c]! += r * joinAt;
    }
    groups.push({ rows: dead.reverse(), mean });
  }
  groups.reverse();
  const imat = information(p, patterns, walk);
  const deaths: number[] = [];
  const resid = new Float64Array(groups.reduce((m, g) => m + g.rows.length, 0) * p);
  let r = 0;
  for (const g of groups)
    for (const q of g.rows) {
      for (let a = 0; a < p; a++) resid[r * p + a] = x[q * p + a]! - g.mean[a]!;
      deaths.push(order[q]!);
      r++;
    }
  return { resid, imat, deaths };
}

/**
 * An event time with `nd` deaths (its rows joined): the mean covariates over its steps, the m·mᵀ
 * part, the running sum C moved by c0; returns the mean and where the deaths join (C + c1, before
 * the move).
 */
function eventTime(walk: Walk, nd: number, efron: boolean): { mean: Float64Array; joinAt: number } {
  const { p, s1, d1, outer } = walk;
  const steps = efron ? nd : 1;
  const weight = efron ? 1 : nd;
  let g0 = 0;
  let g1 = 0;
  let e0 = 0;
  let e1 = 0;
  let e2 = 0;
  for (let s = 0; s < steps; s++) {
    const f = efron ? s / nd : 0;
    const den = walk.s0 - f * walk.d0;
    g0 += 1 / den;
    g1 += f / den;
    e0 += weight / (den * den);
    e1 += (weight * f) / (den * den);
    e2 += (weight * f * f) / (den * den);
  }
  const mean = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    mean[a] = (s1[a]! * g0 - d1[a]! * g1) / steps;
    for (let b = 0; b < p; b++)
      outer[a * p + b]! +=
        e0 * s1[a]! * s1[b]! - e1 * (s1[a]! * d1[b]! + d1[a]! * s1[b]!) + e2 * d1[a]! * d1[b]!;
  }
  const joinAt = walk.cum + weight * g1;
  walk.cum += weight * g0;
  return { mean, joinAt };
}

/** Σ_c (Σr·C_end − Σr·C_join)·x_c·x_cᵀ − Σ weight·m·mᵀ. */
function information(p: number, patterns: CovariatePatterns, walk: Walk): Float64Array {
  const { count, x: px } = patterns;
  const imat = new Float64Array(p * p);
  for (let c = 0, off = 0; c < count; c++, off += p) {
    const k = walk.sumRisk[c]! * walk.cum - walk.sumRiskC[c]!;
    if (k === 0) continue;
    for (let a = 0; a < p; a++) {
      const kx = k * px[off + a]!;
      for (let b = 0; b < p; b++) imat[a * p + b]! += kx * px[off + b]!;
    }
  }
  for (let i = 0; i < p * p; i++) imat[i]! -= walk.outer[i]!;
  return imat;
}
