import { BOOLEAN_LEVELS, type VariableSpec } from './dictionary/schema.js';

/**
 * The internal column store of an import: one typed array per variable over the same rows.
 * Categorical and boolean variables hold level indices (`-1` = missing); continuous and date
 * variables hold numbers (`NaN` = missing; dates as days since 1970-01-01).
 */
export type Column =
  | { readonly kind: 'codes'; readonly codes: Int32Array }
  | { readonly kind: 'values'; readonly values: Float64Array };

export interface Table {
  readonly n: number;
  readonly columns: Map<string, Column>;
  readonly specs: Map<string, VariableSpec>;
  /** Where derived columns and endpoints are allocated (default private). */
  readonly memory?: ColumnMemory | undefined;
}

/**
 * Where an import allocates the per-patient columns that become the cohort's: `'shared'` puts them
 * in SharedArrayBuffers (where the host has them; else they are private), so that a worker thread
 * can be handed the cohort without a copy of every column. Nothing writes a column after the
 * import, so sharing needs no synchronisation.
 */
export type ColumnMemory = 'private' | 'shared';

type Typed = Int32Array | Float64Array | Uint8Array;

/** A zeroed typed array of `n` elements in `memory`. */
export function allocate<T extends Typed>(
  Ctor: { new (n: number): T; new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number },
  n: number,
  memory: ColumnMemory | undefined,
): T {
  return memory === 'shared' && typeof SharedArrayBuffer === 'function'
    ? new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT))
    : new Ctor(n);
}

/** Level values of a categorical or boolean variable (booleans read as `no`, `yes`). */
export function levelsOf(spec: VariableSpec): readonly string[] | null {
  if (spec.type === 'categorical') return spec.levels.map((l) => l.value);
  if (spec.type === 'boolean') return BOOLEAN_LEVELS.map((l) => l.value);
  return null;
}

export function emptyColumn(spec: VariableSpec, n: number, memory?: ColumnMemory): Column {
  if (spec.type === 'categorical' || spec.type === 'boolean')
    return { kind: 'codes', codes: allocate(Int32Array, n, memory).fill(-1) };
  return { kind: 'values', values: allocate(Float64Array, n, memory).fill(Number.NaN) };
}

export function isMissing(column: Column, i: number): boolean {
  return column.kind === 'codes' ? column.codes[i]! < 0 : Number.isNaN(column.values[i]!);
}
