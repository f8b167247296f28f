/**
 * Covariate columns that only this package's own code can reach, and what `prepareCoxData` learnt
 * about each once.
 *
 * A column is *owned* when it was allocated inside @survkit/stats and is never handed to code
 * outside it: the indicator and numeric columns `buildDesign` makes for `fitCoxModel` (read by
 * `coxPH`, `coxFirth` and `coxZph`, none of which writes to its input or returns it). Nothing can
 * change such a column after it was written, so its identity stands for its values: a memo keyed by
 * the array needs no private copy to compare at each recall, which a caller's column always needs
 * (coxColumnMemo.ts, coxSortMemo.ts). That is the whole guarantee identity gives here — a caller's
 * column of the same identity may hold other values the next time, and is never marked.
 *
 * What is kept for an owned column is its centring and scaling sums without weights
 * (coxPrepareRows.ts's `columnSums` and `absDeviation`): two passes over 10⁶ values that a
 * report's models on one design (a univariable fit, the multivariable fit and its drop-one refits,
 * the proportional-hazards test) otherwise repeated for every fit. The memory lives as long as the
 * column (WeakMap).
 */

/** Sums of one owned column without weights, as `prepareCoxData` computes them. */
export interface OwnedColumnSums {
  /** Σ x (every value finite: an owned column is checked when it is made). */
  readonly sum: number;
  /** 1 when every value is in {−1, 0, 1} (R's `nocenter`), else 0. */
  readonly zeroOne: number;
  /** Σ |x − Σx / n|, or 0 when `zeroOne` (not computed). */
  readonly absDeviation: number;
}

/** Each owned column's id: a number, so that a memo can name a column without keeping it alive. */
const owned = new WeakMap<Float64Array, number>();
const sums = new WeakMap<Float64Array, OwnedColumnSums>();
let lastId = 0;

/** Marks a column the package made and never lets out of its own code (see the header). */
export function markOwned(col: Float64Array): void {
  if (!owned.has(col)) owned.set(col, ++lastId);
}

/** Whether `col` is an owned column: its values are those it had when it was marked. */
export function isOwned(col: Float64Array): boolean {
  return owned.has(col);
}

/** The id of an owned column (unique for the life of the program), or 0 for any other array. */
export function ownedId(col: Float64Array): number {
  return owned.get(col) ?? 0;
}

/** The unweighted sums kept for an owned column, or null. */
export function ownedSums(col: Float64Array): OwnedColumnSums | null {
  return sums.get(col) ?? null;
}

/** Keeps the unweighted sums of `col` when it is owned. */
export function keepOwnedSums(col: Float64Array, kept: OwnedColumnSums): void {
  if (owned.has(col)) sums.set(col, kept);
}
