/**
 * Score residuals and the robust (sandwich) variance of a Cox model, as R's `coxph(robust =
 * TRUE)` computes them through `residuals.coxph(type = "dfbeta", weighted = TRUE, collapse =
 * cluster)`: D = diag(w)·R·V, summed within clusters, robust variance DᵀD (Lin & Wei 1989).
 *
 * R's `coxscore2.c` / `agscore2.c` revisit the whole risk set at every event time (O(n·d)). The
 * same residuals are sums over the event times inside each row's risk interval of per-time
 * quantities, so we form those quantities once per event time and use cumulative sums:
 * O(n·p) for the residuals. Efron ties use agscore2.c's decomposition (temp1, temp2, mh1, mh2,
 * mh3), which reduces to Breslow's formula when there is one death.
 */

import { firstAtMostDescending } from '../../internal/search.js';
import type { CoxTies, PreparedCox } from './coxKernel.js';

/**
 * Score residuals (unweighted, R's `residuals(fit, "score")`), n×p row-major in `prep`'s sorted
 * order, for linear predictors `lp` (sorted order, any additive constant) on the ORIGINAL
 * covariate scale.
 *
 * One function on purpose (172 lines): like R's agscore2.c it is a single pass whose running sums
 * (per-time means, cumulative hazards, Efron's mh1–mh3) are shared by every phase; split into
 * functions they would travel as a dozen typed-array arguments per call.
 */
// long: one pass as agscore2.c, whose running sums every phase shares (see above).
export function coxScoreResiduals(prep: PreparedCox, lp: Float64Array, ties: CoxTies): Float64Array {
  const { n, p, time, entry, entryOrder, status, weight, strataStart, scale, center } = prep;
  const efron = ties === 'efron';
  // raw covariates of the sorted rows (undo the kernel's centring/scaling: residuals are
  // invariant to centring, and we need them on the original scale)
  const x = new Float64Array(n * p);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < p; j++) x[k * p + j] = prep.x[k * p + j]! / scale[j]! + center[j]!;

  // exp(lp) with R's overflow guard (coxph.fit: shift when lp > log(double.xmax))
  let maxLp = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) if (lp[k]! > maxLp) maxLp = lp[k]!;
  const shift = maxLp > Math.log(Number.MAX_VALUE) ? Math.log(Number.MAX_VALUE) - (1 + maxLp) : 0;
  const score = new Float64Array(n);
  for (let k = 0; k < n; k++) score[k] = Math.exp(lp[k]! + shift);

  const resid = new Float64Array(n * p);
  const nStrata = strataStart.length - 1;
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const mean = new Float64Array(p);
  const mh1 = new Float64Array(p);
  const mh2 = new Float64Array(p);
  const mh3 = new Float64Array(p);
  // Per event time (descending within stratum): time, and cumulative-from-the-end sums of
  // temp1 and mh1, so that a sum over event times t ≤ c is one lookup.
  const evTime = new Float64Array(prep.nEvents);
  const cumT1 = new Float64Array(prep.nEvents + 1);
  const cumM1 = new Float64Array((prep.nEvents + 1) * p);
  const added = entry === null ? null : new Uint8Array(n);
  // for each row, the number of event times (in this stratum) ≥ its stop time that were seen
  // before it entered: lets us find "event times ≤ stop" from the descending list.
  const firstEv = new Int32Array(n);

  for (let s = 0; s < nStrata; s++) {
    const begin = strataStart[s]!;
    const end = strataStart[s + 1]!;
    let addPtr = begin;
    let remPtr = begin;
    let denom = 0;
    let nrisk = 0;
    a.fill(0);
    let ne = 0; // event times found in this stratum
    const t1List: number[] = [];
    const m1List: number[] = [];
    for (;;) {
      let k = addPtr;
      while (k < end && status[k] === 0) k++;
      // rows passed without an event (censored after the last event time) get firstEv = ne
      if (k === end) {
        for (; addPtr < end; addPtr++) firstEv[addPtr] = ne;
        break;
      }
      const dtime = time[k]!;
      if (entry !== null) {
        for (; remPtr < end; remPtr++) {
          const q = entryOrder![remPtr]!;
          if (entry[q]! < dtime) break;
          if (added![q] === 0) continue;
          nrisk--;
          if (nrisk === 0) {
            denom = 0;
            a.fill(0);
          } else {
            const r = score[q]! * weight[q]!;
            denom -= r;
            for (let i = 0; i < p; i++) a[i]! -= r * x[q * p + i]!;
          }
        }
      }
      let deaths = 0;
      let eDenom = 0;
      let meanwt = 0;
      a2.fill(0);
      const groupStart = addPtr;
      for (; addPtr < end && time[addPtr]! >= dtime; addPtr++) {
        const q = addPtr;
        firstEv[q] = ne;
        if (entry !== null) {
          if (entry[q]! >= dtime) continue;
          added![q] = 1;
        }
        nrisk++;
        const r = score[q]! * weight[q]!;
        denom += r;
        for (let i = 0; i < p; i++) a[i]! += r * x[q * p + i]!;
        if (status[q] === 1 && time[q] === dtime) {
          deaths++;
          eDenom += r;
          meanwt += weight[q]!;
          for (let i = 0; i < p; i++) a2[i]! += r * x[q * p + i]!;
        }
      }
      let temp1 = 0;
      let temp2 = 0;
      if (deaths < 2 || !efron) {
        const hazard = meanwt / denom;
        temp1 = hazard;
        temp2 = hazard;
        for (let i = 0; i < p; i++) {
          mean[i] = a[i]! / denom;
          mh1[i] = mean[i]! * hazard;
          mh2[i] = mh1[i]!;
          mh3[i] = mean[i]!;
        }
      } else {
        mh1.fill(0);
        mh2.fill(0);
        mh3.fill(0);
        const mw = meanwt / deaths;
        for (let dd = 0; dd < deaths; dd++) {
          const downwt = dd / deaths;
          const d2 = denom - downwt * eDenom;
          const hazard = mw / d2;
          temp1 += hazard;
          temp2 += (1 - downwt) * hazard;
          for (let i = 0; i < p; i++) {
            const m = (a[i]! - downwt * a2[i]!) / d2;
            mh1[i]! += m * hazard;
            mh2[i]! += m * (1 - downwt) * hazard;
            mh3[i]! += m / deaths;
          }
        }
      }
      // The deaths' own-time terms replace the at-risk term they receive from the cumulative
      // sums below: add (x − mh3) − score·(x·temp2 − mh2) and cancel −score·(x·temp1 − mh1).
      for (let q = groupStart; q < addPtr; q++) {
        if (status[q] !== 1 || time[q] !== dtime) continue;
        if (entry !== null && entry[q]! >= dtime) continue;
        const sc = score[q]!;
        for (let i = 0; i < p; i++) {
          const xi = x[q * p + i]!;
          resid[q * p + i]! += xi - mh3[i]! - sc * (xi * temp2 - mh2[i]!) + sc * (xi * temp1 - mh1[i]!);
        }
      }
      t1List.push(temp1);
      for (let i = 0; i < p; i++) m1List.push(mh1[i]!);
      ne++;
    }

    // cumulative sums over event times from the smallest time upward: index e (0 = largest
    // time) holds Σ over event times e..ne−1, i.e. over times ≤ evTime[e].
    cumT1[ne] = 0;
    for (let i = 0; i < p; i++) cumM1[ne * p + i] = 0;
    for (let e = ne - 1; e >= 0; e--) {
      cumT1[e] = cumT1[e + 1]! + t1List[e]!;
      for (let i = 0; i < p; i++) cumM1[e * p + i] = cumM1[(e + 1) * p + i]! + m1List[e * p + i]!;
    }
    // event times of this stratum in descending order, for the entry lookups
    let e0 = 0;
    for (let k = begin; k < end; k++) {
      if (status[k] === 1 && (e0 === 0 || evTime[e0 - 1] !== time[k])) evTime[e0++] = time[k]!;
    }
    for (let q = begin; q < end; q++) {
      // event times within (entry, stop]: indices firstEv[q] .. (first index with time ≤ entry) − 1
      const eStart = firstEv[q]!;
      let eEnd = ne;
      if (entry !== null) {
        // first event index whose time ≤ entry (times descending)
        eEnd = firstAtMostDescending(evTime, entry[q]!, eStart, ne);
      }
      if (eEnd <= eStart) continue;
      const t1 = cumT1[eStart]! - cumT1[eEnd]!;
      const sc = score[q]!;
      for (let i = 0; i < p; i++) {
        const m1 = cumM1[eStart * p + i]! - cumM1[eEnd * p + i]!;
        resid[q * p + i]! -= sc * (x[q * p + i]! * t1 - m1);
      }
    }
  }
  return resid;
}

/**
 * Sums `w·resid·M` within clusters (or per row when `cluster` is null), R's `rowsum` of the
 * weighted dfbeta (M = variance) or score (M = identity, pass `null`) residuals. Returns
 * nGroups×p row-major.
 */
export function collapseWeighted(
  prep: PreparedCox,
  resid: Float64Array,
  m: Float64Array | null,
  cluster: Int32Array | null,
  nGroups: number,
): Float64Array {
  const { n, p, weight } = prep;
  const out = new Float64Array(nGroups * p);
  for (let k = 0; k < n; k++) {
    const g = cluster === null ? k : cluster[k]!;
    const w = weight[k]!;
    for (let j = 0; j < p; j++) {
      let v: number;
      if (m === null) v = resid[k * p + j]!;
      else {
        v = 0;
        for (let i = 0; i < p; i++) v += resid[k * p + i]! * m[i * p + j]!;
      }
      out[g * p + j]! += w * v;
    }
  }
  return out;
}

/** DᵀD for D nGroups×p row-major. */
export function crossprod(d: Float64Array, nGroups: number, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let g = 0; g < nGroups; g++) {
    for (let i = 0; i < p; i++) {
      const di = d[g * p + i]!;
      if (di === 0) continue;
      for (let j = 0; j <= i; j++) out[i * p + j]! += di * d[g * p + j]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) out[j * p + i] = out[i * p + j]!;
  return out;
}
