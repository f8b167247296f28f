import { type Cohort, type CohortVariable, convertTime, type TimeUnit } from '@survkit/cohort';
import { ReportError } from '../errors.js';

export type CategoricalVariable = Extract<CohortVariable, { type: 'categorical' }>;

/** The categorical variable `name`, or a {@link ReportError} naming the plan key that asked for it. */
export function categorical(cohort: Cohort, name: string, key: string): CategoricalVariable {
  const v = cohort.variables.find((x) => x.name === name);
  if (v === undefined) throw new ReportError(`${key}: unknown variable "${name}"`);
  if (v.type !== 'categorical')
    throw new ReportError(`${key}: "${name}" is ${v.type}, a categorical variable is needed`);
  return v;
}

/** A subset of patients (indices into the cohort's columns). */
export type Rows = Int32Array;

/**
 * `values` at `rows`. One copying loop per kind of column: a single loop reading Float64Array,
 * Int32Array, Uint8Array and number[] columns alike is megamorphic, and at 10⁶ rows a report makes
 * hundreds of these copies.
 */
export function pick(values: ArrayLike<number>, rows: Rows): Float64Array {
  if (values instanceof Float64Array) return pickFloat64(values, rows);
  if (values instanceof Uint8Array) return pickUint8(values, rows);
  if (values instanceof Int32Array) return pickInt32(values, rows);
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function pickFloat64(values: Float64Array, rows: Rows): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function pickUint8(values: Uint8Array, rows: Rows): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function pickInt32(values: Int32Array, rows: Rows): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

/**
 * 0/1 events at `rows`, as the Uint8Array the survival functions take: one copy, where
 * `Uint8Array.from(pick(event, rows))` made an 8-byte-per-row Float64Array first and then a
 * second pass over it.
 */
export function pickEvents(event: Uint8Array, rows: Rows): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = event[rows[i]!]!;
  return out;
}

/** Whether `rows` selects every position of an n-row column, in order (0, 1, …, n − 1). */
export function selectsAll(rows: Rows, n: number): boolean {
  if (rows.length !== n) return false;
  for (let i = 0; i < n; i++) if (rows[i] !== i) return false;
  return true;
}

/**
 * `pick(values, rows)`, or `values` itself when `rows` selects all of it in order: for columns only
 * read, where a copy would be 8 MB of fresh pages at 10⁶ rows and the same numbers.
 */
export function pickShared(values: Float64Array, rows: Rows): Float64Array {
  return selectsAll(rows, values.length) ? values : pickFloat64(values, rows);
}

/** The rows of several groups one after the other. */
export function concatRows(parts: readonly Rows[]): Rows {
  const out = new Int32Array(parts.reduce((m, r) => m + r.length, 0));
  let at = 0;
  for (const r of parts) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

/**
 * The log-rank test's group column for the groups' rows one after the other: each row's group as
 * the rank of its level name among the groups' names in text order. logRankTest orders its groups
 * as R's factor() does, by the labels' text; the ranks sort the same way, so the test runs on the
 * very same group codes as with the names, without a string per patient (10⁶ of them).
 */
export function groupRanks(groups: readonly { rows: Rows; level: string }[]): Int32Array {
  const byText = groups.map((g) => g.level).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = new Int32Array(groups.reduce((m, g) => m + g.rows.length, 0));
  let at = 0;
  for (const g of groups) {
    out.fill(byText.indexOf(g.level), at, at + g.rows.length);
    at += g.rows.length;
  }
  return out;
}

export function pickCodes(codes: Int32Array, rows: Rows): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = codes[rows[i]!]!;
  return out;
}

export function filterRows(rows: Rows, keep: (row: number) => boolean): Rows {
  // Typed buffer, trimmed once: a growing number[] of 10⁶ rows is most of this function's cost.
  const out = new Int32Array(rows.length);
  let m = 0;
  for (let i = 0; i < rows.length; i++) if (keep(rows[i]!)) out[m++] = rows[i]!;
  return out.slice(0, m);
}

/** The positions 0…n−1 where `keep` holds (not an n-element number[] of keys, filtered). */
export function positionsWhere(n: number, keep: (i: number) => boolean): Rows {
  const out = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (keep(i)) out[m++] = i;
  return out.slice(0, m);
}

/** Converted endpoint times by the column converted and the units: one array per endpoint, shared by every section. */
const CONVERTED = new WeakMap<Float64Array, Map<string, Float64Array>>();

/**
 * An endpoint's times in the unit the report shows (`survival.timeUnit`), converted once from the
 * dictionary's unit with @survkit/cohort's constants; unchanged when the units agree. The array is
 * shared (the cohort's own column, or one conversion kept as long as that column): read only.
 * Sections of the report each asked for it, and at 10⁶ patients every fresh copy is 8 MB of new
 * pages and later garbage.
 */
export function endpointTimes(cohort: Cohort, name: string, unit: TimeUnit): Float64Array {
  const ep = cohort.endpoint(name);
  if (ep.unit === unit) return ep.time;
  let byUnits = CONVERTED.get(ep.time);
  if (byUnits === undefined) CONVERTED.set(ep.time, (byUnits = new Map()));
  const key = `${ep.unit}→${unit}`;
  const kept = byUnits.get(key);
  if (kept !== undefined) return kept;
  // A plain loop: Float64Array.from with a mapping callback costs a call per patient.
  const out = new Float64Array(ep.time.length);
  for (let i = 0; i < out.length; i++) out[i] = convertTime(ep.time[i]!, ep.unit, unit);
  byUnits.set(key, out);
  return out;
}
