import { BOOLEAN_LEVELS, type StudyDictionary } from './dictionary/schema.js';
import type { TimeUnit } from './endpoints/timeUnits.js';
import { CohortError, makeIssue } from './errors.js';
import type { Column, Table } from './table.js';

/**
 * One variable of an imported cohort, over the analysed patients in file order. Booleans are
 * categorical with levels `['no', 'yes']` (labels No/Yes) and reference `'no'`.
 */
export type CohortVariable =
  | {
      readonly name: string;
      readonly label: string;
      readonly type: 'categorical';
      readonly levels: readonly string[];
      readonly levelLabels: readonly string[];
      readonly reference: string;
      /** How a missing value is shown in tables, e.g. "Unknown". */
      readonly missingLabel: string;
      /** Level index per patient; -1 = missing. */
      readonly codes: Int32Array;
      readonly derived: boolean;
    }
  | {
      readonly name: string;
      readonly label: string;
      readonly type: 'continuous';
      readonly unit?: string;
      /** NaN = missing. */
      readonly values: Float64Array;
      readonly derived: boolean;
    }
  | {
      readonly name: string;
      readonly label: string;
      readonly type: 'date';
      /** Days since 1970-01-01; NaN = missing. */
      readonly values: Float64Array;
      readonly derived: boolean;
    };

/**
 * A time-to-event endpoint over the analysed patients; `event` is 1 for an event, 0 for censored.
 * `time` is in `unit`: days for an endpoint from dates, the dictionary's `timeUnit` otherwise.
 */
export interface CohortEndpoint {
  readonly name: string;
  readonly label: string;
  readonly unit: TimeUnit;
  /** NaN for the patients in `missing`. */
  readonly time: Float64Array;
  /** 0 for the patients in `missing`. */
  readonly event: Uint8Array;
  /**
   * The patients (indices into the cohort, increasing) whose time or status for this endpoint is
   * not known: left out of this endpoint's analyses only, as R's na.omit drops such a row.
   */
  readonly missing: Int32Array;
}

/** The patient flow from screening to analysis: each excluded patient counted once, under the first rule failed. */
export interface CohortFlow {
  readonly screened: number;
  readonly excluded: readonly { readonly rule: string; readonly reason: string; readonly n: number }[];
  readonly analysed: number;
}

/** A complete, valid imported cohort: the analysed patients after eligibility. */
export interface Cohort {
  readonly dictionary: StudyDictionary;
  /** Number of analysed patients (after eligibility). */
  readonly n: number;
  /** File row (header = row 1) of each analysed patient. */
  readonly rowNumbers: Int32Array;
  /** Patient identifiers from the dictionary's `id` column, or `null` when it has none. */
  readonly ids: readonly string[] | null;
  /** Every dictionary variable, raw and derived, in dictionary order. */
  readonly variables: readonly CohortVariable[];
  /** @throws CohortError naming the unknown variable and listing the known names */
  variable(name: string): CohortVariable;
  readonly endpoints: readonly { readonly name: string; readonly label: string }[];
  /** @throws CohortError naming the unknown endpoint and listing the known names */
  endpoint(name: string): CohortEndpoint;
  readonly flow: CohortFlow;
}

/**
 * Assembles a cohort from the full import table, keeping the analysed rows `keep` (indices into
 * `table`, increasing). The table's columns, `fileRows` and `ids` become the cohort's, compacted
 * in place (`compact`): the table must not be used afterwards. At 10⁷ rows a copy of every column
 * was 1.5 GB more at the import's peak, and most of its time.
 */
export function buildCohort(
  dictionary: StudyDictionary,
  table: Table,
  keep: Int32Array,
  fileRows: Int32Array,
  ids: string[] | null,
  endpoints: readonly CohortEndpoint[],
  flow: CohortFlow,
): Cohort {
  const n = keep.length;
  const compacted = new Set<ArrayBufferLike>();
  const variables = dictionary.variables.map((spec) =>
    cohortVariable(spec, table.columns.get(spec.name)!, keep, compacted),
  );
  const rowNumbers = compact(fileRows, keep, compacted);
  if (ids !== null) {
    for (let i = 0; i < n; i++) ids[i] = ids[keep[i]!]!;
    ids.length = n;
  }
  const keptIds = ids === null ? null : Object.freeze(ids);
  return assembleCohort({ dictionary, n, rowNumbers, ids: keptIds, variables, endpoints, flow });
}

/**
 * A cohort's data without its lookup methods: what `cohortParts` takes apart and `assembleCohort`
 * puts together, e.g. to send a cohort to a worker thread (a structured clone drops methods).
 */
export interface CohortParts {
  readonly dictionary: StudyDictionary;
  readonly n: number;
  readonly rowNumbers: Int32Array;
  readonly ids: readonly string[] | null;
  readonly variables: readonly CohortVariable[];
  readonly endpoints: readonly CohortEndpoint[];
  readonly flow: CohortFlow;
}

/** The cohort's data, every endpoint's times and events included. */
export function cohortParts(cohort: Cohort): CohortParts {
  return {
    dictionary: cohort.dictionary,
    n: cohort.n,
    rowNumbers: cohort.rowNumbers,
    ids: cohort.ids,
    variables: cohort.variables,
    endpoints: cohort.endpoints.map((e) => cohort.endpoint(e.name)),
    flow: cohort.flow,
  };
}

/** A cohort over these parts, with the lookups by name (the parts are used, not copied). */
export function assembleCohort(parts: CohortParts): Cohort {
  const { dictionary, n, rowNumbers, ids, variables, endpoints, flow } = parts;
  const byName = new Map(variables.map((v) => [v.name, v]));
  const endpointByName = new Map(endpoints.map((e) => [e.name, e]));
  return Object.freeze({
    dictionary,
    n,
    rowNumbers,
    ids,
    variables: Object.freeze([...variables]),
    variable(name: string): CohortVariable {
      const v = byName.get(name);
      if (v === undefined) throw unknownName('variable', name, [...byName.keys()]);
      return v;
    },
    endpoints: Object.freeze(endpoints.map((e) => Object.freeze({ name: e.name, label: e.label }))),
    endpoint(name: string): CohortEndpoint {
      const e = endpointByName.get(name);
      if (e === undefined) throw unknownName('endpoint', name, [...endpointByName.keys()]);
      return e;
    },
    flow,
  });
}

/** One variable of the cohort: its column's kept rows (`compact`) and what the dictionary says of it. */
function cohortVariable(
  spec: StudyDictionary['variables'][number],
  column: Column,
  keep: Int32Array,
  compacted: Set<ArrayBufferLike>,
): CohortVariable {
  const derived = spec.derive !== undefined;
  if (column.kind === 'codes') {
    const codes = compact(column.codes, keep, compacted);
    const [levels, levelLabels, reference, missingLabel] =
      spec.type === 'categorical'
        ? [
            spec.levels.map((l) => l.value),
            spec.levels.map((l) => l.label),
            spec.reference,
            spec.missingLabel,
          ]
        : [
            BOOLEAN_LEVELS.map((l) => l.value),
            BOOLEAN_LEVELS.map((l) => l.label),
            BOOLEAN_LEVELS[0]!.value,
            spec.type === 'boolean' ? spec.missingLabel : 'Unknown',
          ];
    return Object.freeze({
      name: spec.name,
      label: spec.label,
      type: 'categorical',
      levels: Object.freeze(levels),
      levelLabels: Object.freeze(levelLabels),
      reference,
      missingLabel,
      codes,
      derived,
    });
  }
  const values = compact(column.values, keep, compacted);
  if (spec.type === 'date')
    return Object.freeze({ name: spec.name, label: spec.label, type: 'date', values, derived });
  return Object.freeze({
    name: spec.name,
    label: spec.label,
    type: 'continuous',
    ...(spec.type === 'continuous' && spec.unit !== undefined ? { unit: spec.unit } : {}),
    values,
    derived,
  });
}

/**
 * The rows `keep` of `a`, moved to its start (row keep[i] ≥ i is read before row i is written) and
 * cut to their number. An array whose memory another column shares (`done`) is copied instead.
 */
function compact<T extends Int32Array | Float64Array>(a: T, keep: Int32Array, done: Set<ArrayBufferLike>): T {
  const n = keep.length;
  if (done.has(a.buffer)) {
    const copy = new (a.constructor as new (n: number) => T)(n);
    for (let i = 0; i < n; i++) copy[i] = a[keep[i]!]!;
    return copy;
  }
  done.add(a.buffer);
  for (let i = 0; i < n; i++) a[i] = a[keep[i]!]!;
  return a.subarray(0, n) as T;
}

function unknownName(what: string, name: string, known: readonly string[]): CohortError {
  const issue = makeIssue({
    value: name,
    problem: `There is no ${what} named ${JSON.stringify(name)} in this cohort`,
    expected: `one of ${known.map((k) => JSON.stringify(k)).join(', ')}`,
  });
  return new CohortError(`Unknown ${what} ${JSON.stringify(name)}:`, [issue]);
}
