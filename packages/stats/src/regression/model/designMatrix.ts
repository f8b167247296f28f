import { checkObject, checkStringList, StatsInputError } from '../../errors.js';
import { checkLength } from '../../internal/prepare.js';
import { markOwned } from '../internal/coxOwnedColumns.js';
import { JobScoped } from '../internal/jobScoped.js';
import { type CategoricalDesign, keepCategorical, recallCategorical } from './designColumnMemo.js';
import type { DesignColumn, DesignVariable } from './designTypes.js';
import type { CategoricalColumn, ModelFrame, NumericColumn } from './types.js';

export type { DesignColumn, DesignVariable } from './designTypes.js';

/** The complete-case design of a model: outcome and indicator/numeric columns for the analysed rows. */
export interface Design {
  readonly time: Float64Array;
  readonly event: Float64Array;
  /** Design columns in model order (categorical variables expanded), ready for `coxPH`. */
  readonly covariates: Record<string, Float64Array>;
  readonly variables: readonly DesignVariable[];
  /** Input row index of each analysed row. */
  readonly rows: Int32Array;
  readonly nDropped: number;
  readonly warnings: readonly string[];
}

function isMissingEvent(e: number | boolean): boolean {
  return typeof e === 'number' && Number.isNaN(e);
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { length?: unknown }).length === 'number';
}

/**
 * The shape checks every public function of the modelling layer makes first: `frame` an object
 * with array `time` and `event` and an object of variables, `variables` a list of names. Wrong
 * calls (`fitCoxModel(undefined)`) then fail as a `StatsInputError` naming the argument.
 */
export function checkModelFrame(fn: string, frame: unknown, variables: unknown, field = 'variables'): void {
  checkObject(fn, frame, 'frame');
  const f = frame as Partial<ModelFrame>;
  if (!isArrayLike(f.time))
    throw new StatsInputError(fn, 'expected an array of numbers', { field: 'frame.time' });
  if (!isArrayLike(f.event)) throw new StatsInputError(fn, 'expected an array', { field: 'frame.event' });
  checkObject(fn, f.variables, 'frame.variables');
  checkStringList(fn, variables, field);
}

/**
 * Builds the complete-case design matrix R's `model.matrix` would build for
 * `Surv(time, event) ~ v1 + v2 + …` with treatment contrasts: rows missing the outcome or any model
 * variable are dropped (R's `na.omit`), each categorical variable becomes one 0/1 column per
 * non-reference level, and levels with no analysed rows are dropped (R would keep an all-zero column
 * and report an NA coefficient; dropping it says the same thing without a hole in the table).
 */
export function buildDesign(fn: string, frame: ModelFrame, variableNames: readonly string[]): Design {
  checkModelFrame(fn, frame, variableNames);
  const n = frame.time.length;
  checkLength(fn, 'event', frame.event, n);
  if (variableNames.length === 0)
    throw new StatsInputError(fn, 'at least one variable is required', { field: 'variables' });
  const columns = checkedColumns(fn, frame, variableNames, n);

  const rows = completeRows(frame, columns, n);
  const m = rows.length;
  if (m === 0)
    throw new StatsInputError(fn, 'no row is complete on the outcome and every model variable', {
      field: 'variables',
    });
  // With every row analysed, Float64Array outcome columns are used as they are (only read, by the
  // fits): a copy would be 8 MB of fresh pages per model at 10⁶ rows and the same numbers.
  const time = m === n && frame.time instanceof Float64Array ? frame.time : new Float64Array(m);
  const event = m === n && frame.event instanceof Float64Array ? frame.event : new Float64Array(m);
  if (time !== frame.time) for (let k = 0; k < m; k++) time[k] = frame.time[rows[k]!]!;
  if (event !== frame.event) copyEvents(frame.event, rows, event);

  const warnings: string[] = [];
  const covariates: Record<string, Float64Array> = {};
  const variables = variableNames.map((name, v) => {
    const col = columns[v]!;
    if (col.type === 'numeric') return numericVariable(name, col, rows, n, covariates, warnings);
    const made = recallCategorical(name, col, rows, n) ?? categoricalVariable(fn, name, col, rows, n);
    for (const [term, x] of made.columns) covariates[term] = x;
    warnings.push(...made.warnings);
    return made.variable;
  });

  return { time, event, covariates, variables, rows, nDropped: n - m, warnings };
}

function copyEvents(from: ArrayLike<number | boolean>, rows: Int32Array, to: Float64Array): void {
  for (let k = 0; k < to.length; k++) {
    const e = from[rows[k]!]!;
    to[k] = typeof e === 'boolean' ? (e ? 1 : 0) : e;
  }
}

/**
 * The rows complete on the outcome and every model column, in order. Column by column into one
 * mask (a loop per column stays monomorphic; a row-by-row walk over mixed columns did not, and at
 * 10⁶ rows it was a visible part of every model a report fits).
 */
function completeRows(
  frame: ModelFrame,
  columns: ReadonlyArray<CategoricalColumn | NumericColumn>,
  n: number,
): Int32Array {
  // nothing missing (the usual case of a report's frame): every row, without a mask
  if (!anyMissing(frame, columns)) return allRows(n);
  const missing = new Uint8Array(n);
  markNaN(missing, frame.time);
  const event = frame.event;
  for (let i = 0; i < n; i++) if (isMissingEvent(event[i]!)) missing[i] = 1;
  for (const col of columns) {
    if (col.type === 'categorical') markMissingCode(missing, col.codes);
    else markNaN(missing, col.values);
  }
  const out = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (missing[i] === 0) out[m++] = i;
  return m === n ? out : out.slice(0, m);
}

function anyMissing(frame: ModelFrame, columns: ReadonlyArray<CategoricalColumn | NumericColumn>): boolean {
  if (hasNaN(frame.time)) return true;
  const event = frame.event;
  for (let i = 0; i < event.length; i++) if (isMissingEvent(event[i]!)) return true;
  for (const col of columns)
    if (col.type === 'categorical' ? hasCode(col.codes, -1) : hasNaN(col.values)) return true;
  return false;
}

function hasNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) return true;
  return false;
}

function hasCode(codes: ArrayLike<number>, code: number): boolean {
  for (let i = 0; i < codes.length; i++) if (codes[i] === code) return true;
  return false;
}

/**
 * 0, 1, …, n − 1, shared by the designs of a job that analyse every row: only read (by the design
 * memo's comparison), and a fresh one was 4 MB of new pages per model at 10⁶ rows.
 */
const everyRow = new JobScoped<Int32Array>();

function allRows(n: number): Int32Array {
  const kept = everyRow.get();
  if (kept !== null && kept.length === n) return kept;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  everyRow.set(rows);
  return rows;
}

function markNaN(missing: Uint8Array, values: ArrayLike<number>): void {
  for (let i = 0; i < missing.length; i++) if (Number.isNaN(values[i]!)) missing[i] = 1;
}

function markMissingCode(missing: Uint8Array, codes: ArrayLike<number>): void {
  for (let i = 0; i < missing.length; i++) if (codes[i] === -1) missing[i] = 1;
}

/** Every model variable exists once in the frame, with one valid code or value per row. */
function checkedColumns(
  fn: string,
  frame: ModelFrame,
  variableNames: readonly string[],
  n: number,
): Array<CategoricalColumn | NumericColumn> {
  const seen = new Set<string>();
  const columns: Array<CategoricalColumn | NumericColumn> = [];
  for (const name of variableNames) {
    if (seen.has(name))
      throw new StatsInputError(fn, `variable "${name}" is listed twice`, { field: 'variables' });
    seen.add(name);
    const col = frame.variables[name];
    if (col === undefined || !Object.hasOwn(frame.variables, name))
      throw new StatsInputError(fn, `no variable "${name}" in the frame`, { field: 'variables' });
    const field = `variables.${name}`;
    checkObject(fn, col, field);
    if (col.type === 'categorical') {
      checkLength(fn, `${field}.codes`, col.codes, n);
      if (col.levels.length === 0) throw new StatsInputError(fn, 'has no levels', { field });
      if (new Set(col.levels).size !== col.levels.length)
        throw new StatsInputError(fn, 'has duplicate level names', { field });
      if (col.reference !== undefined && !col.levels.includes(col.reference)) {
        throw new StatsInputError(fn, `reference level "${col.reference}" is not one of its levels`, {
          field,
        });
      }
      for (let i = 0; i < n; i++) {
        const c = col.codes[i]!;
        if (!Number.isInteger(c) || c < -1 || c >= col.levels.length) {
          throw new StatsInputError(fn, `code ${c} is not -1 (missing) or an index into levels`, {
            field: `${field}.codes`,
            row: i,
          });
        }
      }
    } else if (col.type === 'numeric') {
      checkLength(fn, `${field}.values`, col.values, n);
      for (let i = 0; i < n; i++) {
        const v = col.values[i]!;
        if (!Number.isNaN(v) && !Number.isFinite(v)) {
          throw new StatsInputError(fn, `value ${v} is not finite (use NaN for missing)`, {
            field: `${field}.values`,
            row: i,
          });
        }
      }
    } else {
      throw new StatsInputError(
        fn,
        `type is ${String((col as { type?: unknown }).type)}; expected 'categorical' or 'numeric'`,
        { field },
      );
    }
    columns.push(col);
  }

  return columns;
}

/**
 * A numeric variable's one design column over the analysed rows (R: the value itself): the
 * caller's Float64Array itself when every row is analysed (read only; the fits treat it as any
 * caller's column), else a copy the package owns (coxOwnedColumns.ts).
 */
function numericVariable(
  name: string,
  col: NumericColumn,
  rows: Int32Array,
  n: number,
  covariates: Record<string, Float64Array>,
  warnings: string[],
): DesignVariable {
  const m = rows.length;
  const label = col.label ?? name;
  const shared = m === n && col.values instanceof Float64Array;
  const x = shared ? (col.values as Float64Array) : new Float64Array(m);
  if (!shared) {
    for (let k = 0; k < m; k++) x[k] = col.values[rows[k]!]!;
    markOwned(x);
  }
  covariates[name] = x;
  const constant = allEqual(x);
  if (constant) warnings.push(`${name}: constant in the analysed rows; its coefficient is NA`);
  return {
    name,
    label,
    type: 'numeric',
    referenceN: 0,
    columns: [{ term: name, level: name, n: m }],
    constant,
  };
}

function allEqual(x: Float64Array): boolean {
  for (let k = 1; k < x.length; k++) if (x[k] !== x[0]) return false;
  return true;
}

/**
 * The codes of the analysed rows: an Int32Array of codes itself when no row was dropped (only
 * read), else a copy through `rows`.
 */
function analysedCodes(codes: ArrayLike<number>, rows: Int32Array): Int32Array {
  const m = rows.length;
  if (m === codes.length && codes instanceof Int32Array) return codes;
  const out = new Int32Array(m);
  if (m === codes.length) for (let k = 0; k < m; k++) out[k] = codes[k]!;
  else for (let k = 0; k < m; k++) out[k] = codes[rows[k]!]!;
  return out;
}

/**
 * A categorical variable's treatment-coded indicator columns over the analysed rows, as R's
 * `model.matrix` with `contr.treatment`: the reference level (or the first used one) has none;
 * levels without patients are dropped, with a warning.
 */
function categoricalVariable(
  fn: string,
  name: string,
  col: CategoricalColumn,
  rows: Int32Array,
  n: number,
): CategoricalDesign {
  const m = rows.length;
  const warnings: string[] = [];
  const columns: [string, Float64Array][] = [];
  const label = col.label ?? name;
  const codes = analysedCodes(col.codes, rows);
  const counts = new Array<number>(col.levels.length).fill(0);
  for (let k = 0; k < m; k++) counts[codes[k]!]! += 1;
  let refIndex = col.reference === undefined ? 0 : col.levels.indexOf(col.reference);
  const used = counts.filter((c) => c > 0).length;
  // A single level in the analysed rows: R's model.matrix keeps every declared level, so each
  // non-reference column is constant and coxph reports its coefficient as NA. Keep those columns
  // (coxPH aliases them) rather than refuse the whole model.
  const constant = used === 1;
  const empty = col.levels.filter((_, j) => counts[j] === 0);
  if (constant) {
    const only = col.levels[counts.findIndex((c) => c > 0)] ?? '';
    warnings.push(`${name}: a single level ("${only}") in the analysed rows; its coefficients are NA`);
  } else {
    if (counts[refIndex] === 0) {
      const firstUsed = counts.findIndex((c) => c > 0);
      warnings.push(
        `${name}: reference level "${col.levels[refIndex]}" has no patients in the analysed rows; "${col.levels[firstUsed] ?? ''}" used as reference`,
      );
      refIndex = firstUsed;
    }
    if (empty.length > 0) {
      warnings.push(
        `${name}: level${empty.length > 1 ? 's' : ''} ${empty.map((l) => `"${l}"`).join(', ')} ha${empty.length > 1 ? 've' : 's'} no patients in the analysed rows and ${empty.length > 1 ? 'were' : 'was'} dropped`,
      );
    }
  }
  const designCols: DesignColumn[] = [];
  // the indicator columns start at 0 (fresh memory) and get their 1s in one walk over the codes
  const byLevel: (Float64Array | null)[] = col.levels.map(() => null);
  col.levels.forEach((level, j) => {
    if (j === refIndex || (counts[j] === 0 && !constant)) return;
    const term = `${name}=${level}`;
    const x = new Float64Array(m);
    markOwned(x);
    byLevel[j] = x;
    columns.push([term, x]);
    designCols.push({ term, level, n: counts[j]! });
  });
  for (let k = 0; k < m; k++) {
    const x = byLevel[codes[k]!] ?? null;
    if (x !== null) x[k] = 1;
  }
  if (designCols.length === 0) {
    throw new StatsInputError(
      fn,
      `has a single declared level ("${col.levels[refIndex] ?? ''}"); it cannot enter a model`,
      {
        field: `variables.${name}`,
      },
    );
  }
  const variable: DesignVariable = {
    name,
    label,
    type: 'categorical',
    reference: col.levels[refIndex]!,
    referenceN: counts[refIndex]!,
    columns: designCols,
    constant,
  };
  const made = { variable, columns, warnings };
  keepCategorical(name, col, rows, n, made);
  return made;
}
