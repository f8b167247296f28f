/**
 * The covariates of the last fits in sorted order, kept for the next model on the same columns and
 * the same sort (coxSortMemo.ts).
 *
 * `prepareCoxData` writes the n×p matrix of centred and scaled covariates in sorted order: one
 * random access per row and column, memory-latency bound, and at 10⁶ rows the largest single cost
 * of preparing a fit. A report's fits of one endpoint take their columns from one design: the
 * multivariable model and its drop-one refits for the likelihood-ratio tests (fitCoxModel), the
 * reduced and full interaction models of a forest plot — the same Float64Array columns on the same
 * times. A column's sorted, centred and scaled values depend only on its values, its centring and
 * scaling, and the sort order; so each column a fit gathered is kept (keyed by the column array
 * itself, in a WeakMap, and by the id of the sort order), and the next fit whose every column is
 * kept fills its matrix by sequential copies instead of the gather.
 *
 * Safety: a kept column carries a private copy of the values it was made from, compared element by
 * element at every recall (one sequential pass), so a caller who changes a column in place gets a
 * fresh gather; and the centring and scaling must be the same numbers. The copied values are then
 * the very doubles the gather would write (the same `(x − center)·scale`), except that a −0 of an
 * uncentred column is kept as +0, which no sum of the passes can tell apart. Columns whose values
 * are all in {−1, 0, 1} and that are left uncentred (R's `nocenter`: the indicator columns most of a
 * report's models are made of) are kept as Int8Array, 2 bytes a row instead of 16.
 *
 * A column the package made itself (an owned column, coxOwnedColumns.ts: `fitCoxModel`'s design
 * columns) cannot change, so it is kept without the private copy, at its first fit, and recalled
 * without the comparison.
 *
 * The memory lives as long as the caller's column (WeakMap): a design that is dropped frees its
 * kept columns with it.
 */
import { isOwned } from './coxOwnedColumns.js';

/** One column's sorted values under one sort. */
interface ColumnMemo {
  readonly sortId: number;
  readonly center: number;
  readonly scale: number;
  /**
   * The raw column (input order) the values were made from, a private copy; null for an owned
   * column (coxOwnedColumns.ts), whose identity stands for its values.
   */
  readonly key: Float64Array | Int8Array | null;
  /** (raw − center)·scale in sorted order. */
  readonly sorted: Float64Array | Int8Array;
}

const memos = new WeakMap<Float64Array, ColumnMemo>();
/**
 * The sort each column was last gathered for. A column is kept only when a second fit gathers it
 * for the same sort: a column fitted once (a univariable model) then costs nothing but this entry,
 * while the refits of a model (the drop-one refits) keep theirs from the second fit on.
 */
const seen = new WeakMap<Float64Array, number>();

/** Rows per block of the copy into the row-major matrix: the block's rows stay in cache while the columns are written. */
const BLOCK = 512;

function sameValues(a: Float64Array, b: Float64Array | Int8Array): boolean {
  const n = a.length;
  if (b.length !== n) return false;
  if (b instanceof Int8Array) {
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  } else for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function validMemo(col: Float64Array, center: number, scale: number, sortId: number): ColumnMemo | null {
  const m = memos.get(col);
  if (m === undefined || m.sortId !== sortId || m.center !== center || m.scale !== scale) return null;
  return m.key === null || sameValues(col, m.key) ? m : null;
}

/**
 * Fills `x` (n×p row-major) from the kept sorted columns when every column of `cols` is kept for
 * the sort `sortId` with this centring and scaling, and returns true; false, with nothing written,
 * otherwise.
 */
export function recallColumns(
  cols: readonly Float64Array[],
  center: Float64Array,
  scale: Float64Array,
  sortId: number,
  x: Float64Array,
): boolean {
  const p = cols.length;
  if (sortId === 0 || p === 0) return false;
  const sorted: (Float64Array | Int8Array)[] = [];
  for (let j = 0; j < p; j++) {
    const m = validMemo(cols[j]!, center[j]!, scale[j]!, sortId);
    if (m === null) return false;
    sorted.push(m.sorted);
  }
  const n = sorted[0]!.length;
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    for (let j = 0; j < p; j++) {
      const s = sorted[j]!;
      if (s instanceof Int8Array) copyInt8(s, x, from, to, j, p);
      else copyFloat64(s, x, from, to, j, p);
    }
  }
  return true;
}

function copyInt8(s: Int8Array, x: Float64Array, from: number, to: number, j: number, p: number): void {
  for (let k = from, off = from * p + j; k < to; k++, off += p) x[off] = s[k]!;
}

function copyFloat64(s: Float64Array, x: Float64Array, from: number, to: number, j: number, p: number): void {
  for (let k = from, off = from * p + j; k < to; k++, off += p) x[off] = s[k]!;
}

/**
 * Keeps column j of `x` (just written for the sort `sortId`) for every column of `cols` that is
 * the caller's own array (`own[j]`), not already kept for this sort, and gathered for it before.
 */
export function rememberColumns(
  cols: readonly Float64Array[],
  own: readonly boolean[],
  center: Float64Array,
  scale: Float64Array,
  sortId: number,
  x: Float64Array,
): void {
  const p = cols.length;
  if (sortId === 0) return;
  for (let j = 0; j < p; j++) {
    const col = cols[j]!;
    if (!own[j] || validMemo(col, center[j]!, scale[j]!, sortId) !== null) continue;
    // an owned column is kept at once: no copy to compare, and the design it belongs to is
    // refitted (drop-one refits, the proportional-hazards test)
    const owned = isOwned(col);
    if (!owned && seen.get(col) !== sortId) {
      seen.set(col, sortId);
      continue;
    }
    const uncentred = center[j] === 0 && scale[j] === 1;
    const small = uncentred && allSmallIntegers(col);
    const key = owned ? null : small ? Int8Array.from(col) : col.slice();
    const sorted = small ? new Int8Array(col.length) : new Float64Array(col.length);
    extractColumn(x, j, p, sorted);
    memos.set(col, { sortId, center: center[j]!, scale: scale[j]!, key, sorted });
  }
}

/** Every value in {−1, 0, 1}. */
function allSmallIntegers(col: Float64Array): boolean {
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (v !== 0 && v !== 1 && v !== -1) return false;
  }
  return true;
}

function extractColumn(x: Float64Array, j: number, p: number, out: Float64Array | Int8Array): void {
  const n = out.length;
  for (let k = 0, off = j; k < n; k++, off += p) out[k] = x[off]!;
}
