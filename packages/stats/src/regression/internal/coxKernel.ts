/**
 * The Cox partial-likelihood kernel: one validated, sorted, centred copy of the data
 * (`prepareCoxData`) and one O(n·p²) pass that returns the log partial likelihood, its score
 * vector and information matrix at any β (`evaluateCox`).
 *
 * It follows R survival 3.5-3: `coxph.fit` + `src/coxfit6.c` for right-censored data and
 * `agreg.fit` + `src/agfit4.c` for counting-process `(entry, time]` data, with Breslow or Efron
 * ties, strata, case weights and R's `aeqSurv` time fix. The layers are those of R's own code:
 * `prepareCoxData` is the only place that looks at user input or throws; the passes below it
 * work on flat typed arrays whose preconditions are stated on `PreparedCox`.
 *
 * Contract used by `coxPH`, `coxFirth` and `coxZph` (keep these names stable):
 * - `prepareCoxData(fn, data, options)` → `PreparedCox` (throws `StatsInputError` naming `fn`).
 * - `evaluateCox(prep, beta, ties)` → `{ loglik, score, information }` with β, the score and the
 *   information all on the ORIGINAL covariate scale (information p×p row-major).
 * - `evaluateCoxScaled` does the same on the internal centred-and-scaled scale (β_s = β / scale,
 *   column j of `prep.x` = (x_j − center_j)·scale_j), which is where Newton–Raphson runs, as in R.
 */
import { StatsInputError } from '../../errors.js';
import { DistinctTimes, isNearTie } from '../../survival/internal/timefix.js';
import type { CoxData } from '../types.js';
import { argsortFloat64, stableSortByCode } from './sort.js';

/** Options of `prepareCoxData`. */
export interface PrepareCoxOptions {
  /**
   * R's `coxph.control(timefix = TRUE)`: times closer than `sqrt(.Machine$double.eps)` (absolutely
   * or relative to their mean) are made equal first, as `aeqSurv` does. Default `true`.
   */
  readonly timefix?: boolean;
}

/**
 * The data of one Cox model after validation, in kernel order. Rows are sorted by stratum
 * (ascending code) and then by stop time DESCENDING; position `k` is original row `order[k]`.
 * Every per-row array below is in this sorted order.
 *
 * Preconditions the kernels rely on (established by `prepareCoxData`): all values finite;
 * `status` ∈ {0, 1}; `weight` > 0; `entry[k] < time[k]` when `entry` is present; at least one
 * event; strata are contiguous with bounds `strataStart`.
 */
export interface PreparedCox {
  /** Public function name used in error messages. */
  readonly fn: string;
  /** Number of rows. */
  readonly n: number;
  /** Number of covariates. */
  readonly p: number;
  /** Covariate (coefficient) names, in model order. */
  readonly names: readonly string[];
  /** Original row index of each sorted position. */
  readonly order: Int32Array;
  /**
   * Covariates, n×p row-major in sorted order, centred and scaled as R does before iterating:
   * `x[k*p + j] = (raw − center[j]) * scale[j]`. Columns whose values are all in {−1, 0, 1} are
   * left alone (center 0, scale 1), R's `nocenter = c(-1, 0, 1)`.
   */
  readonly x: Float64Array;
  /** Per-column shift subtracted from the raw covariate (the weighted mean, or 0). */
  readonly center: Float64Array;
  /** Per-column multiplier applied after centring (n / Σ w·|x − mean|, or 1). */
  readonly scale: Float64Array;
  /**
   * R's `fit$means`: used only to form `linear.predictors` exactly as R does (weighted column
   * means for right-censored data, unweighted `colMeans` for counting-process data; 0 for
   * columns left uncentred).
   */
  readonly means: Float64Array;
  /** Stop times (after the time fix), sorted. */
  readonly time: Float64Array;
  /** Entry times (after the time fix) or `null` for right-censored data. */
  readonly entry: Float64Array | null;
  /** 1 = event, 0 = censored. */
  readonly status: Uint8Array;
  /** Case weights (all 1 when none were given). */
  readonly weight: Float64Array;
  /** Whether weights were supplied. */
  readonly weighted: boolean;
  /** Stratum code (0-based) of each sorted row. */
  readonly stratum: Int32Array;
  /** Stratum labels by code (a single `undefined` label when there are no strata). */
  readonly strataLabels: readonly (string | number | undefined)[];
  /** Sorted positions where each stratum starts; length `nStrata + 1`, last entry `n`. */
  readonly strataStart: Int32Array;
  /**
   * For counting-process data: sorted positions ordered by stratum, then entry time descending
   * (R's `sort.start`), used to drop rows from the risk set. `null` for right-censored data.
   */
  readonly entryOrder: Int32Array | null;
  /** Cluster code (0-based) of each sorted row, or `null`. */
  readonly cluster: Int32Array | null;
  /** Number of distinct clusters (0 when no cluster). */
  readonly nClusters: number;
  /** Number of events (unweighted), R's `nevent`. */
  readonly nEvents: number;
}

/** Tie handling. */
export type CoxTies = 'efron' | 'breslow';

/** What `evaluateCox` returns. */
export interface CoxEvaluation {
  /** Log partial likelihood. */
  readonly loglik: number;
  /** Score vector ∂l/∂β, length p. */
  readonly score: Float64Array;
  /** Observed information −∂²l/∂β², p×p row-major (symmetric). */
  readonly information: Float64Array;
}

/** 0-based codes of a strata or cluster column in order of first appearance, and the labels by code. */
function codeLabels(
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
      throw new StatsInputError(fn, `must be a string or number, got ${String(s)}`, { field, row: i });
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
function typedRows(
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
  let nEvents = 0;
  for (let i = 0; i < n; i++) {
    const e = event[i]!;
    if (e === 1) {
      rawStatus[i] = 1;
      nEvents++;
    } else if (e !== 0) return -1;
  }
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
function checkedRows(
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
      throw new StatsInputError(fn, `must be a finite number, got ${String(t)}`, { field: 'time', row: i });
    rawTime[i] = t + 0;
    const e = eventIn[i];
    if (e === true || e === 1) rawStatus[i] = 1;
    else if (e === false || e === 0) rawStatus[i] = 0;
    else
      throw new StatsInputError(fn, `must be 0/1 or false/true, got ${String(e)}`, {
        field: 'event',
        row: i,
      });
    nEvents += rawStatus[i]!;
    if (rawEntry !== null) {
      const s = data.entry![i];
      if (typeof s !== 'number' || !Number.isFinite(s))
        throw new StatsInputError(fn, `must be a finite number, got ${String(s)}`, {
          field: 'entry',
          row: i,
        });
      if (!(s < t))
        throw new StatsInputError(
          fn,
          `entry time ${s} must be < time ${t} (R: Stop time must be > start time)`,
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
        throw new StatsInputError(fn, `must be a finite number, got ${String(w)}`, {
          field: 'weights',
          row: i,
        });
      if (!(w > 0))
        throw new StatsInputError(fn, `weight ${w} must be > 0 (R: Invalid weights, must be >0)`, {
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
function checkedColumn(fn: string, name: string, col: ArrayLike<number>): Float64Array {
  if (col instanceof Float64Array) return col;
  const n = col.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v: unknown = col[i];
    if (typeof v !== 'number')
      throw new StatsInputError(fn, `must be a finite number, got ${String(v)}`, {
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
function columnSums(col: Float64Array, weight: Float64Array | null, sums: Float64Array): number {
  const n = col.length;
  let zeroOne = 1;
  let sw = 0;
  let su = 0;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (v - v !== 0) return i;
    if (v !== 0 && v !== 1 && v !== -1) zeroOne = 0;
    su += v;
    if (weight !== null) sw += weight[i]! * v;
  }
  sums[0] = weight === null ? su : sw;
  sums[1] = su;
  sums[2] = zeroOne;
  return -1;
}

/** Σ w·|x − mean| (Σ |x − mean| without weights). */
function absDeviation(col: Float64Array, weight: Float64Array | null, mean: number): number {
  const n = col.length;
  let abs = 0;
  if (weight !== null) for (let i = 0; i < n; i++) abs += weight[i]! * Math.abs(col[i]! - mean);
  else for (let i = 0; i < n; i++) abs += Math.abs(col[i]! - mean);
  return abs;
}

/** `values` in the order `order` (sorted position k holds row order[k]); -0 becomes +0. */
function gatherFloat64(values: Float64Array, order: Int32Array): Float64Array {
  const n = order.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = values[order[k]!]! + 0;
  return out;
}

function gatherInt32(values: Int32Array, order: Int32Array): Int32Array {
  const n = order.length;
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = values[order[k]!]!;
  return out;
}

function gatherUint8(values: Uint8Array, order: Int32Array): Uint8Array {
  const n = order.length;
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) out[k] = values[order[k]!]!;
  return out;
}

/**
 * Writes every value of `x`, the n×p row-major matrix of centred and scaled covariates in
 * sorted order. Scattered, one input row to one row of the output, rather than gathered: each
 * row then costs one random write of p adjacent values instead of p random reads from p
 * columns, which is memory-latency bound (about three times slower at 10⁶ × 8).
 */
function scatterRows(
  cols: readonly Float64Array[],
  center: Float64Array,
  scale: Float64Array,
  order: Int32Array,
  x: Float64Array,
): void {
  const n = order.length;
  const p = cols.length;
  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[order[k]!] = k;
  for (let i = 0; i < n; i++) {
    const off = position[i]! * p;
    for (let j = 0; j < p; j++) x[off + j] = (cols[j]![i]! - center[j]!) * scale[j]!;
  }
}

/**
 * Validates and prepares one Cox model's data: checks every row, applies R's time fix,
 * performs the single sort (stratum, then stop time descending), and centres/scales the
 * covariates as R does. Throws `StatsInputError` naming `fn`, the field and the row.
 */
export function prepareCoxData(fn: string, data: CoxData, options: PrepareCoxOptions = {}): PreparedCox {
  if (data === null || typeof data !== 'object') throw new StatsInputError(fn, 'data must be an object');
  const { time: timeIn, event: eventIn, covariates } = data;
  if (timeIn === undefined || timeIn === null || typeof timeIn.length !== 'number')
    throw new StatsInputError(fn, 'must be an array of numbers', { field: 'time' });
  const n = timeIn.length;
  if (n === 0) throw new StatsInputError(fn, 'no observations', { field: 'time' });
  const checkLength = (field: string, col: ArrayLike<unknown> | undefined | null): void => {
    if (col === undefined || col === null || typeof col.length !== 'number')
      throw new StatsInputError(fn, 'must be an array', { field });
    if (col.length !== n)
      throw new StatsInputError(fn, `has length ${col.length} but time has length ${n}`, { field });
  };
  checkLength('event', eventIn);
  if (covariates === null || typeof covariates !== 'object')
    throw new StatsInputError(fn, 'must be an object of numeric columns', { field: 'covariates' });
  const names = Object.keys(covariates);
  const p = names.length;
  for (const name of names) checkLength(`covariates.${name}`, covariates[name]);
  if (data.entry !== undefined) checkLength('entry', data.entry);
  if (data.strata !== undefined) checkLength('strata', data.strata);
  if (data.weights !== undefined) checkLength('weights', data.weights);
  if (data.cluster !== undefined) checkLength('cluster', data.cluster);

  // Raw columns in input order. Typed-array columns (what large data arrive as) are copied and
  // checked in one sequential pass each; other inputs, or any invalid value, go through the
  // row-by-row loop, which throws for the first bad row.
  const rawStatus = new Uint8Array(n);
  const rawEntry: Float64Array | null = data.entry === undefined ? null : new Float64Array(n);
  const rawWeight = new Float64Array(n);
  let rawTime: Float64Array;
  let nEvents = typedRows(data, rawStatus, rawEntry, rawWeight);
  // a checked Float64Array time is read in place: its -0 become +0 in the sort and the gather
  if (nEvents >= 0) rawTime = timeIn as Float64Array;
  else {
    rawTime = new Float64Array(n);
    nEvents = checkedRows(fn, data, rawTime, rawStatus, rawEntry, rawWeight);
  }
  if (nEvents === 0)
    throw new StatsInputError(fn, "no events: can't fit a Cox model with 0 failures", { field: 'event' });

  // Covariates as Float64Array (typed input is used as is, anything else is checked while it is
  // copied), so that every later loop over them is monomorphic.
  const cols: Float64Array[] = [];

  // Centre and scale as coxfit6.c / agfit4.c (doscale): columns with values outside {-1, 0, 1}
  // are shifted by their weighted mean and multiplied by n_w / Σ w|x − mean|. This changes
  // nothing mathematically (Newton–Raphson is affine invariant) but keeps exp() and the
  // Cholesky tolerance on the footing R uses. Computed on the caller's columns in their own
  // order (sequential reads; the finiteness check rides along), then applied while gathering
  // into sorted order. Without weights w·x is x, so the sums skip the multiplication.
  const center = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  const means = new Float64Array(p);
  const weighted = data.weights !== undefined;
  const sums = new Float64Array(3);
  let wTotal = 0;
  for (let i = 0; i < n; i++) wTotal += rawWeight[i]!;
  for (let j = 0; j < p; j++) {
    const col = checkedColumn(fn, names[j]!, covariates[names[j]!]!);
    cols.push(col);
    const bad = columnSums(col, weighted ? rawWeight : null, sums);
    if (bad >= 0)
      throw new StatsInputError(fn, `must be a finite number, got ${String(col[bad])}`, {
        field: `covariates.${names[j]!}`,
        row: bad,
      });
    if (sums[2] === 1) continue; // all values in {-1, 0, 1}
    const mean = sums[0]! / wTotal;
    center[j] = mean;
    means[j] = rawEntry === null ? mean : sums[1]! / n;
    const abs = absDeviation(col, weighted ? rawWeight : null, mean);
    scale[j] = abs > 0 ? wTotal / abs : 1;
  }

  // Strata and cluster codes.
  const strata = data.strata === undefined ? null : codeLabels(fn, 'strata', data.strata, n);
  const strataLabels: readonly (string | number | undefined)[] = strata?.labels ?? [undefined];
  const rawStratum = strata?.codes ?? new Int32Array(n);
  const clusters = data.cluster === undefined ? null : codeLabels(fn, 'cluster', data.cluster, n);
  const rawCluster = clusters?.codes ?? null;
  const nClusters = clusters?.labels.length ?? 0;

  // The one sort: stratum ascending, stop time descending (stable LSD composition).
  const nStrata = strataLabels.length;
  // x is allocated first and lends its (not yet written) memory to the sort's work arrays
  const x = new Float64Array(n * p);
  // with one stratum the sort's own keys give the sorted times (no gather through the order)
  const sortedTime = nStrata === 1 ? new Float64Array(n) : null;
  const sorted = argsortFloat64(rawTime, true, x, sortedTime);
  let order = stableSortByCode(sorted, rawStratum, nStrata);
  if (order === sorted && sorted.buffer === x.buffer) order = sorted.slice();

  // Into sorted order: the one-column arrays are gathered, the covariates scattered by rows.
  const time = sortedTime ?? gatherFloat64(rawTime, order);
  const status = gatherUint8(rawStatus, order);
  const weight = weighted ? gatherFloat64(rawWeight, order) : rawWeight;
  const stratum = nStrata > 1 ? gatherInt32(rawStratum, order) : rawStratum;
  const entry = rawEntry === null ? null : gatherFloat64(rawEntry, order);
  const cluster = rawCluster === null ? null : gatherInt32(rawCluster, order);
  scatterRows(cols, center, scale, order, x);
  // R's time fix, applied after the sort: it maps times monotonically (merging near-ties), so
  // the order stays valid.
  if (options.timefix !== false) aeqSurv(fn, time, entry, order, nStrata === 1);
  const strataStart = new Int32Array(nStrata + 1);
  if (nStrata === 1) strataStart[1] = n;
  else for (let k = 0; k < n; k++) strataStart[stratum[k]! + 1]!++;
  for (let s = 0; s < nStrata; s++) strataStart[s + 1]! += strataStart[s]!;

  let entryOrder: Int32Array | null = null;
  if (entry !== null) entryOrder = stableSortByCode(argsortFloat64(entry, true), stratum, nStrata);

  return {
    fn,
    n,
    p,
    names,
    order,
    x,
    center,
    scale,
    means,
    time,
    entry,
    status,
    weight,
    weighted: data.weights !== undefined,
    stratum,
    strataLabels,
    strataStart,
    entryOrder,
    cluster,
    nClusters,
    nEvents,
  };
}

/**
 * R's `aeqSurv` (the rule and its overflow-free mean live in `survival/internal/timefix.ts`, shared
 * with `survival/`), in place on the sorted columns: time values (stop and entry together) within
 * the tolerance of the previous distinct value, absolutely or relative to the mean absolute
 * distinct value, become equal to the first value of their chain. When there is one stratum and
 * no entry, `time` is already sorted (descending): the distinct values are walked in place, with
 * no copy and no search.
 */
function aeqSurv(
  fn: string,
  time: Float64Array,
  entry: Float64Array | null,
  order: Int32Array,
  sortedDescending: boolean,
): void {
  if (sortedDescending && entry === null) {
    aeqSurvSorted(time);
    return;
  }
  const n = time.length;
  const all = new Float64Array(entry === null ? n : 2 * n);
  all.set(time);
  if (entry !== null) all.set(entry, n);
  all.sort();
  let m = 0;
  for (let k = 0; k < all.length; k++) if (m === 0 || all[k] !== all[m - 1]) all[m++] = all[k]!;
  const u = all.subarray(0, m);
  const distinct = new DistinctTimes();
  for (let k = 0; k < m; k++) distinct.add(u[k]!);
  const meanAbs = distinct.meanAbs();
  const mapped = new Float64Array(m);
  let anyTied = false;
  mapped[0] = u[0]!;
  for (let k = 1; k < m; k++) {
    const tied = isNearTie(u[k]! - u[k - 1]!, meanAbs);
    if (tied) anyTied = true;
    mapped[k] = tied ? mapped[k - 1]! : u[k]!;
  }
  if (!anyTied) return;
  const lookup = (v: number): number => {
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return mapped[lo]!;
  };
  for (let k = 0; k < n; k++) time[k] = lookup(time[k]!);
  if (entry === null) return;
  for (let k = 0; k < n; k++) {
    entry[k] = lookup(entry[k]!);
    if (entry[k] === time[k])
      throw new StatsInputError(
        fn,
        'entry and time are equal after the time fix (R: aeqSurv exception, an interval has effective length 0)',
        { field: 'entry', row: order[k]! },
      );
  }
}

/** `aeqSurv` on one column sorted descending: two walks from its end (ascending values), in place. */
function aeqSurvSorted(time: Float64Array): void {
  const n = time.length;
  const distinct = new DistinctTimes();
  let minGap = Number.POSITIVE_INFINITY;
  let previous = Number.NaN;
  for (let k = n - 1; k >= 0; k--) {
    const v = time[k]!;
    if (v === previous) continue;
    distinct.add(v);
    if (v - previous < minGap) minGap = v - previous;
    previous = v;
  }
  const meanAbs = distinct.meanAbs();
  // the rule is monotone in the gap: no near-tie anywhere unless the smallest gap is one
  if (!isNearTie(minGap, meanAbs)) return;
  previous = Number.NaN;
  let cut = Number.NaN;
  for (let k = n - 1; k >= 0; k--) {
    const v = time[k]!;
    if (v !== previous) {
      if (Number.isNaN(cut) || !isNearTie(v - previous, meanAbs)) cut = v;
      previous = v;
    }
    time[k] = cut;
  }
}

/** Reusable scratch space for repeated evaluations on one `PreparedCox`. */
export interface CoxWorkspace {
  readonly a: Float64Array;
  readonly a2: Float64Array;
  readonly cmat: Float64Array;
  readonly cmat2: Float64Array;
  /** Linear predictor x·β of each sorted row (scaled covariates). */
  readonly eta: Float64Array;
  /** w·exp(x·β) of each sorted row. */
  readonly risk: Float64Array;
  readonly added: Uint8Array | null;
  /** Running scalars of a pass (log-likelihood, S0, number at risk, …), shared by its steps. */
  readonly state: Float64Array;
}

export function coxWorkspace(prep: PreparedCox): CoxWorkspace {
  const p = prep.p;
  return {
    a: new Float64Array(p),
    a2: new Float64Array(p),
    cmat: new Float64Array(p * p),
    cmat2: new Float64Array(p * p),
    eta: new Float64Array(prep.n),
    risk: new Float64Array(prep.n),
    added: prep.entry === null ? null : new Uint8Array(prep.n),
    state: new Float64Array(5),
  };
}

/** acc[i][j] += r·x_i·x_j (j ≤ i) and a[i] += r·x_i for the row at `off`. */
function addOuter(
  x: Float64Array,
  off: number,
  p: number,
  r: number,
  a: Float64Array,
  acc: Float64Array,
): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const rx = r * x[off + i]!;
    a[i]! += rx;
    for (let j = 0; j <= i; j++) acc[ip + j]! += rx * x[off + j]!;
  }
}

/** `addOuter` for two rows at once. */
function addOuterPair(
  x: Float64Array,
  o1: number,
  o2: number,
  p: number,
  r1: number,
  r2: number,
  a: Float64Array,
  acc: Float64Array,
): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const rx1 = r1 * x[o1 + i]!;
    const rx2 = r2 * x[o2 + i]!;
    a[i]! += rx1 + rx2;
    for (let j = 0; j <= i; j++) acc[ip + j]! += rx1 * x[o1 + j]! + rx2 * x[o2 + j]!;
  }
}

/**
 * One pass of coxfit6.c's `coxfit6_iter` / agfit4.c's inner loop on the centred-and-scaled
 * covariates: fills `u` (score) and `imat` (information, p×p row-major, full and symmetric;
 * `cholesky2` reads its upper triangle) and returns the log partial
 * likelihood at `beta` (scaled). Rows enter the risk set at the first event time ≤ their stop
 * time and, for `(entry, time]` data, leave once an event time ≤ their entry is reached; a row
 * that spans no event time never enters, as R's `ignore` rows.
 *
 * The sums are R's; only the bookkeeping differs for speed: risk scores are formed in one
 * sweep first, and the deaths of a time go into separate sums (R's a2/cmat2) only when Efron's
 * correction needs them (more than one death), otherwise straight into the risk-set sums, which
 * is where R adds them too.
 *
 * The work is split into small functions (one per step of an event time) that share their
 * running scalars through `ws.state`: V8 compiles a hot loop together with everything in its
 * function, and one large function with all the branches was recompiled several times per fit
 * (over 0.4 s of compilation at 10⁶ rows), running unoptimised meanwhile.
 */
export function coxPassScaled(
  prep: PreparedCox,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace = coxWorkspace(prep),
): number {
  const { n, p, x, weight, strataStart } = prep;
  const nStrata = strataStart.length - 1;
  u.fill(0);
  imat.fill(0);
  if (ws.added !== null) ws.added.fill(0);
  riskScores(x, beta, weight, ws.eta, ws.risk, n, p);
  const st = ws.state;
  st[LOGLIK] = 0;
  for (let s = 0; s < nStrata; s++) stratumPass(prep, s, efron, u, imat, ws);
  // accumulated in the lower triangle; cholesky2 reads the upper one
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * p + i] = imat[i * p + j]!;
  return st[LOGLIK]!;
}

/** Slots of `CoxWorkspace.state`: running sums of a pass and the current event time's sums. */
const LOGLIK = 0;
const DENOM = 1;
const NRISK = 2;
const DEADWT = 3;
const DENOM2 = 4;

/** eta = x·β and risk = w·exp(eta) for every sorted row. */
function riskScores(
  x: Float64Array,
  beta: Float64Array,
  weight: Float64Array,
  eta: Float64Array,
  risk: Float64Array,
  n: number,
  p: number,
): void {
  let zero = true;
  for (let i = 0; i < p; i++) if (beta[i] !== 0) zero = false;
  if (zero) {
    // β = 0 (the usual first pass): x·β is ±0 for finite x and exp(±0)·w is exactly w
    eta.fill(0, 0, n);
    risk.set(weight.subarray(0, n));
    return;
  }
  for (let k = 0, off = 0; k < n; k++, off += p) {
    let z = 0;
    for (let i = 0; i < p; i++) z += beta[i]! * x[off + i]!;
    eta[k] = z;
    risk[k] = Math.exp(z) * weight[k]!;
  }
}

/** The event times of stratum `s`, in descending order: the risk set grows as time decreases. */
function stratumPass(
  prep: PreparedCox,
  s: number,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  ws: CoxWorkspace,
): void {
  const { p, time, status, entry, strataStart } = prep;
  const st = ws.state;
  const end = strataStart[s + 1]!;
  let addPtr = strataStart[s]!;
  let remPtr = addPtr;
  st[DENOM] = 0;
  st[NRISK] = 0;
  ws.a.fill(0);
  ws.cmat.fill(0);
  for (;;) {
    // next event time in this stratum (rows are in descending stop time)
    let k = addPtr;
    while (k < end && status[k] === 0) k++;
    if (k === end) break;
    const dtime = time[k]!;
    if (entry !== null) remPtr = dropEntered(prep, ws, remPtr, end, dtime);
    // the rows joining at this time: [addPtr, g); count its deaths first
    let g = k;
    let deaths = 0;
    while (g < end && time[g]! >= dtime) {
      if (status[g] === 1) deaths++;
      g++;
    }
    const separate = efron && deaths > 1;
    addGroup(prep, ws, addPtr, g, dtime, separate, u);
    addPtr = g;
    if (separate) efronStep(p, ws, deaths, u, imat);
    else breslowStep(p, ws, u, imat);
  }
}

/** agfit4.c: drops the rows whose entry time is at or after `dtime`; returns the new pointer. */
function dropEntered(prep: PreparedCox, ws: CoxWorkspace, from: number, end: number, dtime: number): number {
  const { p, x, entry, entryOrder } = prep;
  const { a, cmat, risk, added, state: st } = ws;
  let denom = st[DENOM]!;
  let nrisk = st[NRISK]!;
  let remPtr = from;
  for (; remPtr < end; remPtr++) {
    const q = entryOrder![remPtr]!;
    if (entry![q]! < dtime) break;
    if (added![q] === 0) continue;
    nrisk--;
    if (nrisk === 0) {
      denom = 0;
      a.fill(0);
      cmat.fill(0);
    } else {
      const r = risk[q]!;
      denom -= r;
      addOuter(x, q * p, p, -r, a, cmat);
    }
  }
  st[DENOM] = denom;
  st[NRISK] = nrisk;
  return remPtr;
}

/**
 * Adds the rows [from, to) (one stop time) to the risk-set sums, or their deaths to the separate
 * sums a2/cmat2 when `separate`; the deaths' weights and w·eta go to `u` and the log-likelihood.
 */
function addGroup(
  prep: PreparedCox,
  ws: CoxWorkspace,
  from: number,
  to: number,
  dtime: number,
  separate: boolean,
  u: Float64Array,
): void {
  const { p, x, status, weight, entry } = prep;
  const { a, a2, cmat, cmat2, eta, risk, added, state: st } = ws;
  let loglik = st[LOGLIK]!;
  let denom = st[DENOM]!;
  let nrisk = st[NRISK]!;
  let deadwt = 0;
  let denom2 = 0;
  if (separate) {
    a2.fill(0);
    cmat2.fill(0);
  }
  // Rows are added to the sums two at a time (one pass over the p×p sums per pair): about
  // a third faster than one at a time, and only the order of additions changes.
  let pend = -1; // a row waiting for a partner in the risk-set sums
  let pend2 = -1; // same for the deaths' separate sums
  for (let q = from; q < to; q++) {
    if (entry !== null) {
      if (entry[q]! >= dtime) continue;
      added![q] = 1;
    }
    nrisk++;
    const r = risk[q]!;
    if (status[q] === 1) {
      const w = weight[q]!;
      const off = q * p;
      deadwt += w;
      loglik += w * eta[q]!;
      for (let i = 0; i < p; i++) u[i]! += w * x[off + i]!;
      if (separate) {
        denom2 += r;
        if (pend2 < 0) pend2 = q;
        else {
          addOuterPair(x, pend2 * p, off, p, risk[pend2]!, r, a2, cmat2);
          pend2 = -1;
        }
        continue;
      }
    }
    denom += r;
    if (pend < 0) pend = q;
    else {
      addOuterPair(x, pend * p, q * p, p, risk[pend]!, r, a, cmat);
      pend = -1;
    }
  }
  if (pend >= 0) addOuter(x, pend * p, p, risk[pend]!, a, cmat);
  if (pend2 >= 0) addOuter(x, pend2 * p, p, risk[pend2]!, a2, cmat2);
  st[LOGLIK] = loglik;
  st[DENOM] = denom;
  st[NRISK] = nrisk;
  st[DEADWT] = deadwt;
  st[DENOM2] = denom2;
}

/** One event time without Efron's correction (Breslow, or a single death). */
function breslowStep(p: number, ws: CoxWorkspace, u: Float64Array, imat: Float64Array): void {
  const { a, cmat, state: st } = ws;
  const denom = st[DENOM]!;
  const deadwt = st[DEADWT]!;
  st[LOGLIK]! -= deadwt * Math.log(denom);
  const c = deadwt / denom;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const mean = a[i]! / denom;
    u[i]! -= deadwt * mean;
    for (let j = 0; j <= i; j++) imat[ip + j]! += c * (cmat[ip + j]! - mean * a[j]!);
  }
}

/**
 * One event time with `deaths` > 1 tied deaths under Efron's correction: the tied deaths leave
 * the risk set in `deaths` equal steps; at step d (0-based) the risk set holds the survivors
 * plus the fraction f = (d+1)/deaths of each death: S0 = denom + f·denom2, S1 = a + f·a2,
 * S2 = cmat + f·cmat2. coxfit6.c adds wtave·(S2 − S1·S1ᵀ/S0)/S0 for every step; the same sum is
 * formed here from three scalar sums over the steps, so the p×p work is once per event time.
 * The deaths then join the risk-set sums.
 */
function efronStep(p: number, ws: CoxWorkspace, deaths: number, u: Float64Array, imat: Float64Array): void {
  const { a, a2, cmat, cmat2, state: st } = ws;
  const denom = st[DENOM]!;
  const denom2 = st[DENOM2]!;
  const wtave = st[DEADWT]! / deaths;
  let loglik = st[LOGLIK]!;
  let c0 = 0; // Σ wtave/S0
  let c1 = 0; // Σ wtave·f/S0
  let e0 = 0; // Σ wtave/S0²
  let e1 = 0; // Σ wtave·f/S0²
  let e2 = 0; // Σ wtave·f²/S0²
  for (let d = 0; d < deaths; d++) {
    const f = (d + 1) / deaths;
    const s0 = denom + f * denom2;
    loglik -= wtave * Math.log(s0);
    const c = wtave / s0;
    c0 += c;
    c1 += c * f;
    e0 += c / s0;
    e1 += (c * f) / s0;
    e2 += (c * f * f) / s0;
  }
  st[LOGLIK] = loglik;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    u[i]! -= c0 * a[i]! + c1 * a2[i]!;
    const ai = a[i]!;
    const a2i = a2[i]!;
    for (let j = 0; j <= i; j++) {
      const aj = a[j]!;
      const a2j = a2[j]!;
      imat[ip + j]! +=
        c0 * cmat[ip + j]! +
        c1 * cmat2[ip + j]! -
        (e0 * ai * aj + e1 * (ai * a2j + a2i * aj) + e2 * a2i * a2j);
    }
  }
  st[DENOM] = denom + denom2;
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    a[i]! += a2[i]!;
    for (let j = 0; j <= i; j++) cmat[ip + j]! += cmat2[ip + j]!;
  }
}

/**
 * Log partial likelihood, score and information at `beta` given on the centred-and-scaled
 * scale of `prep.x` (β_s[j] = β[j] / scale[j]). Information is returned full and symmetric.
 */
export function evaluateCoxScaled(prep: PreparedCox, betaScaled: Float64Array, ties: CoxTies): CoxEvaluation {
  const p = prep.p;
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  const loglik = coxPassScaled(prep, betaScaled, ties === 'efron', score, information);
  return { loglik, score, information };
}

/**
 * Log partial likelihood l(β), score U(β) = ∂l/∂β and observed information
 * I(β) = −∂²l/∂β² (p×p row-major) at `beta` on the ORIGINAL covariate scale, for Efron or
 * Breslow ties. Equals R's `coxph(..., init = beta, iter.max = 0)`: `fit$loglik[1]` and
 * `solve(fit$var)`. Pure; O(n·p²).
 */
export function evaluateCox(prep: PreparedCox, beta: ArrayLike<number>, ties: CoxTies): CoxEvaluation {
  const p = prep.p;
  const bs = new Float64Array(p);
  for (let j = 0; j < p; j++) bs[j] = beta[j]! / prep.scale[j]!;
  const ev = evaluateCoxScaled(prep, bs, ties);
  const { score, information } = ev;
  for (let i = 0; i < p; i++) {
    // d/dβ = (d/dβ_s)·(1/scale): coxfit6.c's `u[i] /= scale[i]`
    score[i]! /= prep.scale[i]!;
    for (let j = 0; j < p; j++) information[i * p + j]! /= prep.scale[i]! * prep.scale[j]!;
  }
  return ev;
}
