import type { DictionaryInput } from '../../dictionary/schema.js';
import type { SavFile, SavMissing, SavVariable } from './readSav.js';

type VariableInput = DictionaryInput['variables'][number];

/**
 * SPSS print formats that hold a date or a date-time (PSPP's format type codes): DATE 20,
 * DATETIME 22, ADATE 23, JDATE 24, MOYR 28, QYR 29, WKYR 30, EDATE 38, SDATE 39, YMDHMS 41.
 * TIME and DTIME (21, 25) are durations, not dates, and stay continuous.
 */
const DATE_FORMATS = new Set([20, 22, 23, 24, 28, 29, 30, 38, 39, 41]);

export function isDateVariable(v: SavVariable): boolean {
  return v.width === 0 && DATE_FORMATS.has(v.formatType);
}

/** Whether `x` is one of the variable's user-missing values (discrete or in its range). */
export function isUserMissing(missing: SavMissing, x: number | string): boolean {
  if (missing.values.includes(x)) return true;
  return typeof x === 'number' && missing.range !== null && x >= missing.range[0] && x <= missing.range[1];
}

/** A number as a level value: the shortest round-trip form, as R's `as.character` writes it. */
export function numberText(x: number): string {
  return String(x);
}

/**
 * Derives one dictionary variable from SPSS metadata:
 * - a date or date-time format → a date (read as `YYYY-MM-DD`);
 * - value labels → categorical, one level per labelled value (value = the code, label = the
 *   value label) in ascending order of the code, plus any unlabelled value that occurs in the
 *   data (labelled by itself, so nothing is refused for lack of a label); user-missing codes are
 *   missing, not levels;
 * - a numeric variable without labels → continuous; a string variable without labels →
 *   categorical with its distinct values in sorted order.
 * The label is the SPSS variable label, else the name.
 */
export function deriveVariable(v: SavVariable, column: Float64Array | string[]): VariableInput {
  const common = { name: v.name, label: v.label?.trim() || v.name };
  if (isDateVariable(v)) return { ...common, type: 'date', format: 'YYYY-MM-DD' };
  if (v.width === 0 && v.valueLabels.length === 0) return { ...common, type: 'continuous' };
  const labels = new Map<string, string>();
  const codes: (number | string)[] = [];
  for (const l of v.valueLabels) {
    if (isUserMissing(v.missing, l.value)) continue;
    const key = typeof l.value === 'number' ? numberText(l.value) : l.value;
    if (!labels.has(key)) codes.push(l.value);
    labels.set(key, l.label.trim() || key);
  }
  for (const x of column) {
    if (typeof x === 'number' ? Number.isNaN(x) : x === '') continue;
    if (isUserMissing(v.missing, x)) continue;
    const key = typeof x === 'number' ? numberText(x) : x;
    if (!labels.has(key)) {
      labels.set(key, key);
      codes.push(x);
    }
  }
  codes.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
  const levels = codes.map((code) => {
    const value = typeof code === 'number' ? numberText(code) : code;
    return { value, label: labels.get(value)! };
  });
  if (levels.length === 0) return { ...common, type: 'continuous' };
  return { ...common, type: 'categorical', levels };
}

/**
 * The dictionary for a .sav file. Contract: the dictionary given (JSON/YAML, optional) lists what
 * a file cannot say — study, endpoints, group, eligibility, date order, derived variables — and may
 * leave out `variables`; every variable of the file is derived from its metadata
 * ({@link deriveVariable}), in file order, and a variable the dictionary lists by the same name
 * replaces the derived one whole (to set a reference level, a unit, a range, `allowMissing`, …).
 * Dictionary variables the file lacks (derived ones) follow, in the dictionary's order.
 * Without a dictionary the study is named after the file and has no endpoints.
 */
export function completeDictionary(input: unknown, sav: SavFile, fileName: string): unknown {
  const given = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const explicit = Array.isArray(given.variables) ? (given.variables as unknown[]) : [];
  const byName = new Map<string, unknown>();
  for (const v of explicit) {
    const name = (v as { name?: unknown } | null)?.name;
    if (typeof name === 'string') byName.set(name, v);
  }
  const fileNames = new Set(sav.variables.map((v) => v.name));
  // The patient id column (the dictionary's `id`) is read as ids, not as a variable.
  const variables = [
    ...sav.variables.flatMap((v, j) =>
      v.name === given.id ? [] : [byName.get(v.name) ?? deriveVariable(v, sav.columns[j]!)],
    ),
    ...explicit.filter((v) => !fileNames.has((v as { name?: unknown } | null)?.name as string)),
  ];
  const stem = fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_.]/g, '_');
  const study = given.study ?? { name: /^[A-Za-z]/.test(stem) ? stem : `sav_${stem}`, title: fileName };
  return { ...given, study, variables };
}
