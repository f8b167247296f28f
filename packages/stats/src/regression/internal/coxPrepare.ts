/**
 * Preparation of one Cox model's data, R survival's front and middle layers (`coxph.R`,
 * `coxph.fit` / `agreg.fit`): validation, R's `aeqSurv` time fix, the single sort (stratum, then
 * stop time descending) and coxfit6.c's centring and scaling of the covariates. This is the only
 * layer of the Cox code that looks at user input or throws; the passes (coxPass.ts) run on what
 * it returns.
 *
 * Input: any `CoxData` (unchecked). Output: a `PreparedCox` whose preconditions are stated on the
 * interface below and which the passes rely on without checking again.
 */
import { StatsInputError } from '../../errors.js';
import { argsortFloat64, stableSortByCode } from '../../internal/sort.js';
import type { CoxData } from '../types.js';
import { recallColumns, rememberColumns } from './coxColumnMemo.js';
import { gatherFloat64, gatherInt32, gatherUint8, scatterRows } from './coxGather.js';
import { isOwned, keepOwnedSums, ownedId, ownedSums } from './coxOwnedColumns.js';
import {
  absDeviation,
  checkedColumn,
  checkedRows,
  codeLabels,
  columnSums,
  typedRows,
} from './coxPrepareRows.js';
import {
  currentSortId,
  memoWorthwhile,
  recallSort,
  recallStatus,
  rememberSort,
  rememberStatus,
  sortPosition,
} from './coxSortMemo.js';
import { aeqSurv } from './coxTimefix.js';
import { coxWorkLayout } from './coxWorkBuffer.js';
import { JobScoped } from './jobScoped.js';

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
  /**
   * The covariate columns' ids and the id of the remembered sort when every column is an owned column
   * (coxOwnedColumns.ts: its identity stands for its values), so that `x` is known from them alone
   * (with `center` and `scale`); null otherwise. Lets the covariate patterns of a model be derived
   * from those of an earlier model on more of the same columns (coxPatterns.ts).
   */
  readonly owned: { readonly ids: readonly number[]; readonly sortId: number } | null;
  /** Original row index of each sorted position. */
  readonly order: Int32Array;
  /**
   * The inverse of `order` (row i's sorted position) when the sort is remembered (coxSortMemo.ts),
   * shared with the other fits on that sort, only read, and valid until the next `prepareCoxData`
   * (a fit reads it before any nested preparation); null otherwise.
   */
  readonly position: Int32Array | null;
  /**
   * Covariates, n×p row-major in sorted order, centred and scaled as R does before iterating:
   * `x[k*p + j] = (raw − center[j]) * scale[j]`. Columns whose values are all in {−1, 0, 1} are
   * left alone (center 0, scale 1), R's `nocenter = c(-1, 0, 1)`.
   */
  readonly x: Float64Array;
  /**
   * The main part of the fit's work buffer (coxWorkBuffer.ts), at least `WORK_COLUMNS`·n + 2
   * values: `x` is its start, the rest is scratch. Once `x` is no longer read, all of it is
   * scratch (the concordance's work arrays). The per-row arrays below (and `rows`) may live in
   * the same buffer, which `coxOrdinary` hands back for the next fit once nothing reads them.
   */
  readonly work: Float64Array;
  /** 3n values of scratch for one `CoxWorkspace`'s eta, risk and step (coxOrdinary's). */
  readonly rows: Float64Array;
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

/**
 * n zeros, the stratum code of every row of an unstratified model: shared by the fits of a job
 * (every reader only reads it; a fresh one was 4 MB of new pages per fit at 10⁶ rows).
 */
const zeros = new JobScoped<Int32Array>();

function zeroCodes(n: number): Int32Array {
  const kept = zeros.get();
  if (kept !== null && kept.length === n) return kept;
  const fresh = new Int32Array(n);
  zeros.set(fresh);
  return fresh;
}

/** The data's shape: an object whose time, event, covariate and optional columns all have n rows. */
function checkShape(
  fn: string,
  data: CoxData,
): { n: number; names: string[]; covariates: CoxData['covariates'] } {
  if (data === null || typeof data !== 'object') throw new StatsInputError(fn, 'data: expected an object');
  const { time: timeIn, event: eventIn, covariates } = data;
  if (timeIn === undefined || timeIn === null || typeof timeIn.length !== 'number')
    throw new StatsInputError(fn, 'expected an array of numbers', { field: 'time' });
  const n = timeIn.length;
  if (n === 0) throw new StatsInputError(fn, 'no observations', { field: 'time' });
  const checkLength = (field: string, col: ArrayLike<unknown> | undefined | null): void => {
    if (col === undefined || col === null || typeof col.length !== 'number')
      throw new StatsInputError(fn, 'expected an array', { field });
    if (col.length !== n)
      throw new StatsInputError(fn, `has length ${col.length}; expected ${n} (one per row of time)`, {
        field,
      });
  };
  checkLength('event', eventIn);
  if (covariates === null || typeof covariates !== 'object')
    throw new StatsInputError(fn, 'expected an object of numeric columns', { field: 'covariates' });
  const names = Object.keys(covariates);
  for (const name of names) checkLength(`covariates.${name}`, covariates[name]);
  if (data.entry !== undefined) checkLength('entry', data.entry);
  if (data.strata !== undefined) checkLength('strata', data.strata);
  if (data.weights !== undefined) checkLength('weights', data.weights);
  if (data.cluster !== undefined) checkLength('cluster', data.cluster);

  return { n, names, covariates };
}

/**
 * The covariates as Float64Array columns with R's centring and scaling (coxfit6.c / agfit4.c's
 * doscale). `weight` is null without weights; `allWeights` holds the unit weights then.
 */
function centreAndScale(
  fn: string,
  names: readonly string[],
  covariates: CoxData['covariates'],
  weight: Float64Array | null,
  allWeights: Float64Array,
  counting: boolean,
): { cols: Float64Array[]; center: Float64Array; scale: Float64Array; means: Float64Array } {
  const n = allWeights.length;
  const p = names.length;
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
  const sums = new Float64Array(3);
  // without weights Σ 1 is n exactly (the unit weights' sum, below 2^53), with no pass over them
  let wTotal = weight === null ? n : 0;
  if (weight !== null) for (let i = 0; i < n; i++) wTotal += allWeights[i]!;
  for (let j = 0; j < p; j++) {
    const col = checkedColumn(fn, names[j]!, covariates[names[j]!]!);
    cols.push(col);
    // an owned column's unweighted sums are those of its first fit (coxOwnedColumns.ts)
    const kept = weight === null ? ownedSums(col) : null;
    if (kept !== null) {
      if (kept.zeroOne === 1) continue;
      const mean = kept.sum / wTotal;
      center[j] = mean;
      means[j] = counting ? kept.sum / n : mean;
      scale[j] = kept.absDeviation > 0 ? wTotal / kept.absDeviation : 1;
      continue;
    }
    const bad = columnSums(col, weight, sums);
    if (bad >= 0)
      throw new StatsInputError(fn, `is ${String(col[bad])}; expected a finite number`, {
        field: `covariates.${names[j]!}`,
        row: bad,
      });
    const abs = sums[2] === 1 ? 0 : absDeviation(col, weight, sums[0]! / wTotal);
    if (weight === null) keepOwnedSums(col, { sum: sums[0]!, zeroOne: sums[2]!, absDeviation: abs });
    if (sums[2] === 1) continue; // all values in {-1, 0, 1}
    const mean = sums[0]! / wTotal;
    center[j] = mean;
    means[j] = counting ? sums[1]! / n : mean;
    scale[j] = abs > 0 ? wTotal / abs : 1;
  }
  return { cols, center, scale, means };
}

/**
 * Validates and prepares one Cox model's data: checks every row, applies R's time fix,
 * performs the single sort (stratum, then stop time descending), and centres/scales the
 * covariates as R does. Throws `StatsInputError` naming `fn`, the field and the row.
 */
// long: the sort and the gathers share the one work buffer's views in a set order (x's memory first
// hosts the sort's work arrays, then the scattered covariates); one body keeps that order in sight.
export function prepareCoxData(fn: string, data: CoxData, options: PrepareCoxOptions = {}): PreparedCox {
  const { n, names, covariates } = checkShape(fn, data);
  const p = names.length;
  const timeIn = data.time;

  // The fit's large arrays are views of one work buffer (coxWorkBuffer.ts): on this kind of
  // machine fresh pages cost more than the passes over them, and a report's next fit reuses it.
  const layout = coxWorkLayout(n, p);
  const work = layout.main;

  // Raw columns in input order. Typed-array columns (what large data arrive as) are copied and
  // checked in one sequential pass each; other inputs, or any invalid value, go through the
  // row-by-row loop, which throws for the first bad row.
  const rawStatus = layout.rawStatus;
  const rawEntry: Float64Array | null = data.entry === undefined ? null : new Float64Array(n);
  const rawWeight = layout.weight;
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

  const weighted = data.weights !== undefined;
  const { cols, center, scale, means } = centreAndScale(
    fn,
    names,
    covariates,
    weighted ? rawWeight : null,
    rawWeight,
    rawEntry !== null,
  );

  // Strata and cluster codes.
  const strata = data.strata === undefined ? null : codeLabels(fn, 'strata', data.strata, n);
  const strataLabels: readonly (string | number | undefined)[] = strata?.labels ?? [undefined];
  const rawStratum = strata?.codes ?? zeroCodes(n);
  const clusters = data.cluster === undefined ? null : codeLabels(fn, 'cluster', data.cluster, n);
  const rawCluster = clusters?.codes ?? null;
  const nClusters = clusters?.labels.length ?? 0;

  // The one sort: stratum ascending, stop time descending (stable LSD composition). Unstratified
  // right-censored data reuse the previous model's sort when the times are the same (coxSortMemo).
  const nStrata = strataLabels.length;
  const timefix = options.timefix !== false;
  const memoizable = nStrata === 1 && rawEntry === null && memoWorthwhile(n);
  const recalled = memoizable && recallSort(rawTime, timefix, layout.order, layout.time);
  // x is the start of the work buffer, whose (not yet written) memory first holds the sort's
  // work arrays
  const x = work.subarray(0, n * p);
  let order: Int32Array = layout.order;
  const time = layout.time;
  if (!recalled) {
    // with one stratum the sort's own keys give the sorted times (no gather through the order)
    const sorted = argsortFloat64(rawTime, true, work, nStrata === 1 ? time : null);
    order = stableSortByCode(sorted, rawStratum, nStrata);
    if (order === sorted) {
      layout.order.set(sorted);
      order = layout.order;
    }
    if (nStrata > 1) gatherFloat64(rawTime, order, time);
  }

  // Into sorted order: the one-column arrays are gathered, the covariates scattered by rows.
  // a recalled sort's fits share their events too, mostly: their sorted status is copied (coxSortMemo)
  const statusRecalled = recalled && recallStatus(rawStatus, layout.status);
  const status = statusRecalled ? layout.status : gatherUint8(rawStatus, order, layout.status);
  const weight = weighted ? gatherFloat64(rawWeight, order) : rawWeight;
  const stratum = nStrata > 1 ? gatherInt32(rawStratum, order) : rawStratum;
  const entry = rawEntry === null ? null : gatherFloat64(rawEntry, order);
  const cluster = rawCluster === null ? null : gatherInt32(rawCluster, order);
  // R's time fix, applied after the sort: it maps times monotonically (merging near-ties), so
  // the order stays valid. Recalled times are already fixed.
  if (!recalled) {
    if (timefix) aeqSurv(fn, time, entry, order, nStrata === 1);
    if (memoizable) rememberSort(rawTime, timefix, order, time);
  }
  // before x is written: rawStatus lives where x goes (coxWorkBuffer.ts)
  if (memoizable && !statusRecalled) rememberStatus(rawStatus, status);
  // the columns of an earlier fit on the same sort are copied, not gathered again (coxColumnMemo)
  const copied = recalled && recallColumns(cols, center, scale, currentSortId(), x);
  if (!copied) {
    // the remembered sort's inverse permutation, made once per sort (coxSortMemo.ts)
    const kept = memoizable ? sortPosition() : null;
    const scratch = new Int32Array(layout.rows.buffer, layout.rows.byteOffset, n);
    scatterRows(cols, center, scale, order, x, kept ?? scratch, kept !== null);
  }
  if (memoizable && !copied)
    rememberColumns(
      cols,
      names.map((name, j) => covariates[name] === cols[j]),
      center,
      scale,
      currentSortId(),
      x,
    );
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
    position: memoizable ? sortPosition() : null,
    owned:
      memoizable && p > 0 && cols.every((col, j) => isOwned(col) && covariates[names[j]!] === col)
        ? { ids: cols.map(ownedId), sortId: currentSortId() }
        : null,
    x,
    work,
    rows: layout.rows,
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
