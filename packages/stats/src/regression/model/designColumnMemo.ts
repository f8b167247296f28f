/**
 * A categorical variable's design (its indicator columns, level counts and warnings) kept for the
 * next `buildDesign` on the same codes and the same analysed rows.
 *
 * A report fits one endpoint's models from one frame: each covariate's univariable model, then the
 * multivariable model on the same variables, the same rows. Each `buildDesign` made every
 * indicator column anew — at 10⁶ rows 8 MB of fresh pages per level, whose first writes cost more
 * than the fit's arithmetic on them — and every new column was a stranger to the fits' memos
 * (coxColumnMemo.ts), which know a column by its identity. Kept, the next design gets the very
 * same arrays: no new pages, and the fits recognise them.
 *
 * Safety: the kept design is recalled only when the variable's name, label, levels and reference
 * are the same and the codes hold the same values at the same positions as when it was made
 * (compared element by element with a private copy: one sequential pass, far cheaper than the
 * columns), over the same analysed rows. So a caller who changes a code in place gets a new
 * design. The indicator columns themselves never leave the package (they are owned columns,
 * coxOwnedColumns.ts), so nobody can change them.
 *
 * The memory lives as long as the caller's codes array (WeakMap): a frame that is dropped frees its
 * designs with it.
 */
import type { DesignVariable } from './designTypes.js';
import type { CategoricalColumn } from './types.js';

/** One categorical variable's part of a design. */
export interface CategoricalDesign {
  readonly variable: DesignVariable;
  /** Indicator columns by term, in level order. */
  readonly columns: readonly (readonly [string, Float64Array])[];
  readonly warnings: readonly string[];
}

interface Kept {
  readonly name: string;
  readonly label: string | undefined;
  readonly levels: readonly string[];
  readonly reference: string | undefined;
  /** The codes the design was made from (all rows), a private copy. */
  readonly codes: Int8Array | Int32Array;
  /** The analysed rows, a private copy; null when every row was analysed. */
  readonly rows: Int32Array | null;
  readonly design: CategoricalDesign;
}

/** Below this many rows making the columns is cheaper than keeping them. */
const MIN_ROWS = 4096;

const kept = new WeakMap<object, Kept>();

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function sameCodes(codes: ArrayLike<number>, copy: Int8Array | Int32Array): boolean {
  const n = copy.length;
  if (codes.length !== n) return false;
  for (let i = 0; i < n; i++) if (codes[i] !== copy[i]) return false;
  return true;
}

function sameRows(rows: Int32Array, n: number, copy: Int32Array | null): boolean {
  if (copy === null) return rows.length === n;
  if (rows.length !== copy.length) return false;
  for (let k = 0; k < rows.length; k++) if (rows[k] !== copy[k]) return false;
  return true;
}

/**
 * The design kept for `col` over `rows` (of `n` rows in the frame), when every input it was made
 * from is unchanged; else null.
 */
export function recallCategorical(
  name: string,
  col: CategoricalColumn,
  rows: Int32Array,
  n: number,
): CategoricalDesign | null {
  if (typeof col.codes !== 'object' || col.codes === null) return null;
  const k = kept.get(col.codes);
  if (
    k === undefined ||
    k.name !== name ||
    k.label !== col.label ||
    k.reference !== col.reference ||
    !sameStrings(k.levels, col.levels) ||
    !sameRows(rows, n, k.rows) ||
    !sameCodes(col.codes, k.codes)
  )
    return null;
  return k.design;
}

/** Keeps the design just made for `col` over `rows` (replacing any other kept for its codes). */
export function keepCategorical(
  name: string,
  col: CategoricalColumn,
  rows: Int32Array,
  n: number,
  design: CategoricalDesign,
): void {
  if (n < MIN_ROWS || typeof col.codes !== 'object' || col.codes === null) return;
  // codes are −1 … levels − 1 (checked by buildDesign): a byte each for up to 127 levels
  const codes = col.levels.length <= 127 ? new Int8Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = col.codes[i]!;
  kept.set(col.codes, {
    name,
    label: col.label,
    levels: [...col.levels],
    reference: col.reference,
    codes,
    rows: rows.length === n ? null : rows.slice(),
    design,
  });
}
