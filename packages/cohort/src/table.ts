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
}

/** Level values of a categorical or boolean variable (booleans read as `no`, `yes`). */
export function levelsOf(spec: VariableSpec): readonly string[] | null {
  if (spec.type === 'categorical') return spec.levels.map((l) => l.value);
  if (spec.type === 'boolean') return BOOLEAN_LEVELS.map((l) => l.value);
  return null;
}

export function emptyColumn(spec: VariableSpec, n: number): Column {
  if (spec.type === 'categorical' || spec.type === 'boolean')
    return { kind: 'codes', codes: new Int32Array(n).fill(-1) };
  return { kind: 'values', values: new Float64Array(n).fill(Number.NaN) };
}

export function isMissing(column: Column, i: number): boolean {
  return column.kind === 'codes' ? column.codes[i]! < 0 : Number.isNaN(column.values[i]!);
}
