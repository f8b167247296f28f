import type { CountArray } from '../types.js';
import { isCensored, type SortedSegments } from './segments.js';

/**
 * One Kaplan–Meier curve as R's `survfitKM` returns it, before confidence limits: one row per
 * distinct time (event or censoring), weighted counts, the estimate and R's `std.err`.
 */
export interface KmCurve {
  readonly n: number;
  readonly time: Float64Array;
  /** `Uint32Array`s without weights, `Float64Array`s of weighted counts with them (`CountArray`). */
  readonly nRisk: CountArray;
  readonly nEvent: CountArray;
  readonly nCensor: CountArray;
  readonly survival: Float64Array;
  /**
   * R's `fit$std.err` (turned into `summary`'s SE of S(t) in place by the result layer): the
   * standard error of log S(t) (Greenwood, `logse = TRUE`) or, for the
   * robust variance, the standard error of S(t) itself (`logse = FALSE`).
   */
  readonly stdErrRaw: Float64Array;
  readonly logse: boolean;
}

/**
 * Kaplan–Meier kernel, a port of the right-censored branch of survival 3.5-3's `survfitkm.c`
 * (type 1: KM survival, Nelson–Aalen hazard) for the curve in segment `c` (events and censorings
 * together, the status in the sign).
 *
 * Preconditions: segments sorted by |time|; near-ties already collapsed; weights ≥ 0.
 *
 * - A time is a row if any observation ends there (R keeps censor-only times as rows).
 * - The product-limit step and the Greenwood sum apply only where an event carries positive weight
 *   (R: `d0 > 0 && d1 > 0`), written in R's operation order so results agree to the last bits:
 *   `km *= (nrisk - d1) / nrisk`, `v1 += d1 / (nrisk * (nrisk - d1))`.
 * - `robust` (R's choice when any case weight is non-integer) replaces Greenwood by the
 *   infinitesimal-jackknife variance with each observation its own cluster.
 *
 * `distinctTimes`, when the caller knows it (one segment: `collapseNearTies`'s return), saves the
 * pass that counts the rows.
 */
export function kaplanMeierKernel(
  seg: SortedSegments,
  c: number,
  robust: boolean,
  distinctTimes?: number,
): KmCurve {
  const { times, weights, starts } = seg;
  const from = starts[c]!;
  const to = starts[c + 1]!;
  // The number of distinct times sizes the outputs once; the time fix has counted them when the
  // segment is the whole data set (`distinctTimes`), otherwise one pass counts them.
  let nTime = distinctTimes ?? 0;
  if (distinctTimes === undefined) {
    let previous = Number.NaN;
    for (let i = from; i < to; i++) {
      const t = Math.abs(times[i]!);
      if (t !== previous) nTime++;
      previous = t;
    }
  }
  const time = new Float64Array(nTime);
  if (weights === undefined) {
    const counts = { time, nEvent: new Uint32Array(nTime), nCensor: new Uint32Array(nTime) };
    countRows(times, from, to, counts);
    return kaplanMeierFromCounts(to - from, counts);
  }
  const nEvent = new Float64Array(nTime);
  const nCensor = new Float64Array(nTime);
  // Unweighted event counts matter only when weights can be 0 (R's `d0 > 0` test).
  const eventRows = new Float64Array(nTime);
  const eventW2 = robust ? new Float64Array(nTime) : undefined;
  const censorW2 = robust ? new Float64Array(nTime) : undefined;
  let k = -1;
  let previous = Number.NaN;
  for (let i = from; i < to; i++) {
    const v = times[i]!;
    const t = Math.abs(v);
    if (t !== previous) {
      time[++k] = t;
      previous = t;
    }
    const w = weights[i]!;
    if (isCensored(v)) {
      nCensor[k]! += w;
      if (censorW2 !== undefined) censorW2[k]! += w * w;
    } else {
      eventRows[k]!++;
      nEvent[k]! += w;
      if (eventW2 !== undefined) eventW2[k]! += w * w;
    }
  }
  const curve = productLimit(to - from, time, nEvent, nCensor, eventRows);
  if (robust) robustVariance(curve.nRisk, nEvent, eventRows, eventW2!, censorW2!, curve.stdErrRaw);
  return robust ? { ...curve, logse: false } : curve;
}

/**
 * The unweighted curve from its per-time counts (one row per distinct time, ascending, the time
 * fix applied): `n` rows in all. The count arrays become the curve's.
 */
export function kaplanMeierFromCounts(
  n: number,
  counts: { time: Float64Array; nEvent: Uint32Array; nCensor: Uint32Array },
): KmCurve {
  return productLimit(n, counts.time, counts.nEvent, counts.nCensor, counts.nEvent);
}

/**
 * At-risk counts, the product-limit estimate and Greenwood's SE of log S(t) over the rows.
 * `eventRows` is the unweighted event count (R's `d0`), `nEvent` itself when there are no weights.
 * `nRisk` is of the counts' kind: whole numbers (`Uint32Array`) without weights.
 */
function productLimit(
  n: number,
  time: Float64Array,
  nEvent: CountArray,
  nCensor: CountArray,
  eventRows: CountArray,
): KmCurve {
  const nTime = time.length;
  const nRisk = nEvent instanceof Uint32Array ? new Uint32Array(nTime) : new Float64Array(nTime);
  // At risk at t: everyone whose time is ≥ t (R accumulates from the last time backwards).
  let atRisk = 0;
  for (let k = nTime - 1; k >= 0; k--) {
    atRisk += nEvent[k]! + nCensor[k]!;
    nRisk[k] = atRisk;
  }
  const survival = new Float64Array(nTime);
  const stdErrRaw = new Float64Array(nTime);
  let km = 1;
  let v1 = 0;
  for (let k = 0; k < nTime; k++) {
    const d1 = nEvent[k]!;
    if (eventRows[k]! > 0 && d1 > 0) {
      const nr = nRisk[k]!;
      km *= (nr - d1) / nr;
      v1 += d1 / (nr * (nr - d1));
    }
    survival[k] = km;
    stdErrRaw[k] = Math.sqrt(v1);
  }
  return { n, time, nRisk, nEvent, nCensor, survival, stdErrRaw, logse: true };
}

/** Unweighted counts: one row per distinct |time|, events and censorings counted in one walk. */
function countRows(
  times: Float64Array,
  from: number,
  to: number,
  counts: { time: Float64Array; nEvent: Uint32Array; nCensor: Uint32Array },
): void {
  const { time, nEvent, nCensor } = counts;
  let k = -1;
  let previous = Number.NaN;
  let events = 0;
  let censored = 0;
  for (let i = from; i < to; i++) {
    const v = times[i]!;
    const t = Math.abs(v);
    if (t !== previous) {
      if (k >= 0) {
        nEvent[k] = events;
        nCensor[k] = censored;
      }
      time[++k] = t;
      previous = t;
      events = 0;
      censored = 0;
    }
    if (isCensored(v)) censored++;
    else events++;
  }
  if (k >= 0) {
    nEvent[k] = events;
    nCensor[k] = censored;
  }
}

/**
 * Infinitesimal-jackknife standard error of S(t), as `survfitkm.c` computes it when `survfitKM`
 * sets `robust` (non-integer case weights, each row its own cluster).
 *
 * R updates every subject's influence at every event time (O(n · events)). Dividing R's recurrence
 * by the running product K(t) = Π(1 − h) shows each influence is w_i·(B(t) − δ_i / (R_i − d_i)) ·
 * K(t) once subject i has left, and w_i·B(t)·K(t) while still at risk, where B(t) = Σ d/(R(R − d)).
 * The sum of squares therefore needs only running totals: O(distinct times).
 */
function robustVariance(
  nRisk: CountArray,
  nEvent: CountArray,
  eventRows: CountArray,
  eventW2: Float64Array,
  censorW2: Float64Array,
  out: Float64Array,
): void {
  const nTime = nRisk.length;
  let remainingW2 = 0;
  for (let k = 0; k < nTime; k++) remainingW2 += eventW2[k]! + censorW2[k]!;
  let b = 0;
  let left = 0;
  let productK = 1;
  let exhausted = false;
  let se = 0;
  for (let k = 0; k < nTime; k++) {
    remainingW2 -= eventW2[k]! + censorW2[k]!;
    const d1 = nEvent[k]!;
    const nr = nRisk[k]!;
    if (eventRows[k]! > 0 && d1 > 0) {
      const haz = d1 / nr;
      if (haz === 1) {
        // Everyone at risk with positive weight dies here: every influence, and so the variance, is 0.
        exhausted = true;
      } else {
        b += d1 / (nr * (nr - d1));
        const own = b - 1 / (nr - d1);
        left += eventW2[k]! * own * own + censorW2[k]! * b * b;
      }
      productK *= 1 - haz;
      se = exhausted ? 0 : Math.sqrt(productK * productK * (left + b * b * Math.max(remainingW2, 0)));
    } else {
      left += (eventW2[k]! + censorW2[k]!) * b * b;
    }
    // Like R, the SE changes only at event times: a censor-only row repeats the previous value
    // bit for bit, which quantile's removal of duplicate limit values relies on.
    out[k] = se;
  }
}
