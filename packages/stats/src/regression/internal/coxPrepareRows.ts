/**
 * The row-level checks and column sums of `prepareCoxData` (coxPrepare.ts): R survival's
 * `coxph.R` / `Surv()` checks (finite times, 0/1 status, entry < stop, positive weights), the
 * coding of strata and cluster labels, and the per-column sums behind coxfit6.c's centring and
 * scaling.
 *
 * Preconditions: `n` equals the length of every column passed (checked by `prepareCoxData`
 * before any of these run). Every function here either returns a checked value or throws
 * `StatsInputError` naming `fn`, the field and the first bad row.
 */

import { StatsInputError } from '../../errors.js';
import { copyEventFlags } from '../../internal/prepare.js';
import type { CoxData } from '../types.js';

/** 0-based codes of a strata or cluster column in order of first appearance, and the labels by code. */
export function codeLabels(
  fn: string,
  field: 'strata' | 'cluster',
  values: ArrayLike<string | number>,
  n: number,
): { codes: Int32Array; labels: (string | number)[] } {
  const codes = new Int32Array(n);
  const labels: (string | number)[] = [];
  const byLabel = new Map<string | number, number>();
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if ((typeof s !== 'string' && typeof s !== 'number') || (typeof s === 'number' && Number.isNaN(s)))
      throw new StatsInputError(fn, `is ${String(s)}; expected a string or number`, { field, row: i });
    let c = byLabel.get(s);
    if (c === undefined) {
      c = labels.length;
      byLabel.set(s, c);
      labels.push(s);
    }
    codes[i] = c;
  }
  return { codes, labels };
}

/**
 * The row checks of `prepareCoxData` for typed-array input, one sequential pass per column:
 * fills the raw columns (not time: a checked Float64Array is used as it is) and returns the
 * number of events, or −1 when a column is not a typed array or holds an invalid value (then
 * `checkedRows` redoes the work and throws for the first bad row, so the error is the same
 * either way).
 */
export function typedRows(
  data: CoxData,
  rawStatus: Uint8Array,
  rawEntry: Float64Array | null,
  rawWeight: Float64Array,
): number {
  const { time, event, entry, weights } = data;
  if (!(time instanceof Float64Array)) return -1;
  if (!(event instanceof Float64Array || event instanceof Uint8Array || event instanceof Int32Array))
    return -1;
  if (entry !== undefined && !(entry instanceof Float64Array)) return -1;
  if (weights !== undefined && !(weights instanceof Float64Array)) return -1;
  const n = rawStatus.length;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (t - t !== 0) return -1; // NaN or ±Infinity
  }
  const nEvents = copyEventFlags(event, n, rawStatus);
  if (nEvents < 0) return -1;
  if (rawEntry !== null) {
    const s0 = entry as Float64Array;
    for (let i = 0; i < n; i++) {
      const s = s0[i]!;
      if (s - s !== 0 || !(s < time[i]!)) return -1;
      rawEntry[i] = s + 0;
    }
  }
  if (weights === undefined) rawWeight.fill(1);
  else
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w - w !== 0 || !(w > 0)) return -1;
      rawWeight[i] = w;
    }
  return nEvents;
}

/** The row checks of `prepareCoxData` for any input: throws for the first bad row. */
export function checkedRows(
  fn: string,
  data: CoxData,
  rawTime: Float64Array,
  rawStatus: Uint8Array,
  rawEntry: Float64Array | null,
  rawWeight: Float64Array,
): number {
  const { time: timeIn, event: eventIn } = data;
  const n = rawTime.length;
  let nEvents = 0;
  for (let i = 0; i < n; i++) {
    const t = timeIn[i];
    if (typeof t !== 'number' || !Number.isFinite(t))
      throw new StatsInputError(fn, `is ${String(t)}; expected a finite number`, { field: 'time', row: i });
    rawTime[i] = t + 0;
    const e = eventIn[i];
    if (e === true || e === 1) rawStatus[i] = 1;
    else if (e === false || e === 0) rawStatus[i] = 0;
    else
      throw new StatsInputError(fn, `is ${String(e)}; expected 0/1 or false/true`, {
        field: 'event',
        row: i,
      });
    nEvents += rawStatus[i]!;
    if (rawEntry !== null) {
      const s = data.entry![i];
      if (typeof s !== 'number' || !Number.isFinite(s))
        throw new StatsInputError(fn, `is ${String(s)}; expected a finite number`, {
          field: 'entry',
          row: i,
        });
      if (!(s < t))
        throw new StatsInputError(
          fn,
          `entry time is ${s}; expected less than time ${t} (R: Stop time must be > start time)`,
          {
            field: 'entry',
            row: i,
          },
        );
      rawEntry[i] = s + 0;
    }
    if (data.weights === undefined) rawWeight[i] = 1;
    else {
      const w = data.weights[i];
      if (typeof w !== 'number' || !Number.isFinite(w))
        throw new StatsInputError(fn, `is ${String(w)}; expected a finite number`, {
          field: 'weights',
          row: i,
        });
      if (!(w > 0))
        throw new StatsInputError(fn, `weight is ${w}; expected > 0 (R: Invalid weights, must be >0)`, {
          field: 'weights',
          row: i,
        });
      rawWeight[i] = w;
    }
  }
  return nEvents;
}

/**
 * A covariate column as a Float64Array: a Float64Array is returned as is (its finiteness is
 * checked by the caller's first pass); anything else is copied with a check of every element
 * (throws for the first one that is not a number).
 */
export function checkedColumn(fn: string, name: string, col: ArrayLike<number>): Float64Array {
  if (col instanceof Float64Array) return col;
  const n = col.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v: unknown = col[i];
    if (typeof v !== 'number')
      throw new StatsInputError(fn, `is ${String(v)}; expected a finite number`, {
        field: `covariates.${name}`,
        row: i,
      });
    out[i] = v;
  }
  return out;
}

// The loops over a million rows live in small functions of their own: V8 optimises a hot loop
// by compiling its whole enclosing function, and a long one with many loops is compiled (and
// deoptimised on reaching code that has not run yet) once per loop, running slowly meanwhile.

/**
 * One sequential pass over a covariate column: `sums` receives Σ w·x (Σ x without weights, where
 * w·x is x), Σ x, and 1 if every value is in {−1, 0, 1} (R's `nocenter`) else 0. Returns the
 * first row holding NaN or ±Infinity, or −1.
 */
export function columnSums(col: Float64Array, weight: Float64Array | null, sums: Float64Array): number {
  const n = col.length;
  let zeroOne = 1;
  let sw = 0;
  let su = 0;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (v - v !== 0) return i;
    // |v|·(1 − |v|) is 0 exactly when v is −1, 0 or 1: 1 − |v| is 0 only at |v| = 1, and the
    // product of non-zero factors is not (below 2⁻⁵³, 1 − |v| is 1; above, both are far from
    // underflow). Tested as a value, not by branches: an indicator's or a count's values are as
    // good as random in row order, and mispredicted branches made this pass three times slower.
    const a = Math.abs(v);
    zeroOne &= +(a * (1 - a) === 0);
    su += v;
    if (weight !== null) sw += weight[i]! * v;
  }
  sums[0] = weight === null ? su : sw;
  sums[1] = su;
  sums[2] = zeroOne;
  return -1;
}

/** Σ w·|x − mean| (Σ |x − mean| without weights). */
export function absDeviation(col: Float64Array, weight: Float64Array | null, mean: number): number {
  const n = col.length;
  let abs = 0;
  if (weight !== null) for (let i = 0; i < n; i++) abs += weight[i]! * Math.abs(col[i]! - mean);
  else for (let i = 0; i < n; i++) abs += Math.abs(col[i]! - mean);
  return abs;
}
