import type { CohortEndpoint } from '../cohort.js';
import { evaluateCondition } from '../derive/evaluateCondition.js';
import type { DateOrderRule, EndpointSpec } from '../dictionary/schema.js';
import { type ImportIssue, makeIssue } from '../errors.js';
import { formatDay } from '../import/cellReaders.js';
import { allocate, type Table } from '../table.js';
import type { TimeUnit } from './timeUnits.js';

/**
 * Checks the dictionary's date-order rules on the analysed rows, reporting each broken pair
 * once with its row. Returns the set of table indices with a date-order error so that endpoint
 * derivation does not report the same row twice.
 */
export function checkDateOrder(
  rules: readonly DateOrderRule[],
  table: Table,
  keep: Int32Array,
  fileRows: Int32Array,
  issues: ImportIssue[],
): Set<number> {
  const bad = new Set<number>();
  for (const r of rules) {
    const a = table.columns.get(r.earlier)!;
    const b = table.columns.get(r.later)!;
    if (a.kind !== 'values' || b.kind !== 'values') continue;
    for (const i of keep) {
      const x = a.values[i]!;
      const y = b.values[i]!;
      if (y < x) {
        bad.add(i);
        issues.push(
          makeIssue({
            row: fileRows[i]!,
            column: r.later,
            value: formatDay(y),
            problem: `${r.problem}: ${r.later} ${formatDay(y)} is earlier than ${r.earlier} ${formatDay(x)}`,
            expected: `${r.later} on or after ${r.earlier}`,
          }),
        );
      }
    }
  }
  return bad;
}

/**
 * Derives each endpoint for the analysed rows `keep`, in its own unit: days for an endpoint from
 * dates, the dictionary's `timeUnit` for a time column. Nothing is converted here, so a time is
 * exactly what the file says; the report converts once, to the unit it displays.
 *
 * From dates (e.g. PFS): the event time is the earliest present event date (progression or
 * death), else the patient is censored at the censor date (last follow-up); time = that date
 * minus the `from` date (diagnosis), in days. From a start date, an end date and a status: the
 * end minus the start, in days, with the status condition as the event. Given directly (e.g. R's `lung`): the time column
 * and the event condition.
 * A patient whose time or status cannot be computed (no origin date, neither event nor follow-up
 * date, no time, an unknown status) is left out of that endpoint's analyses, as R's na.omit leaves
 * out a row with an NA in `Surv(time, status)`: the time is NaN and the patient's index is in the
 * endpoint's `missing`. Only when no patient is left is that an error. Data errors (a negative
 * time, an end before the start) are collected into `issues` with their rows; rows already
 * reported by a date-order rule are not reported again.
 */
export function deriveEndpoints(
  specs: readonly EndpointSpec[],
  table: Table,
  keep: Int32Array,
  fileRows: Int32Array,
  alreadyBad: ReadonlySet<number>,
  issues: ImportIssue[],
): CohortEndpoint[] {
  const rows: AnalysedRows = { table, keep, fileRows, issues };
  return specs.map((e) => {
    const time = allocate(Float64Array, keep.length, table.memory);
    const event = allocate(Uint8Array, keep.length, table.memory);
    const unknown: number[] = [];
    if (e.kind === 'dates') fromDates(e, rows, alreadyBad, time, event, unknown);
    else if (e.kind === 'period') fromPeriod(e, rows, time, event, unknown);
    else fromTimeColumn(e, rows, time, event, unknown);
    for (const j of unknown) time[j] = Number.NaN;
    if (keep.length > 0 && unknown.length === keep.length) {
      const rowsShown = unknown.slice(0, 5).map((j) => fileRows[keep[j]!]!);
      issues.push(
        makeIssue({
          problem: `every analysed patient (${keep.length}) has no known ${e.name} time or status, so ${e.name} cannot be analysed (rows ${rowsShown.join(', ')}${keep.length > 5 ? ', …' : ''})`,
          expected: `${needs(e)} for at least one patient`,
        }),
      );
    }
    const unit: TimeUnit = e.kind === 'time' ? e.timeUnit : 'days';
    const missing = Int32Array.from(unknown);
    return Object.freeze({ name: e.name, label: e.label, unit, time, event, missing });
  });
}

/** What a patient needs for an endpoint to be known, for messages. */
function needs(e: EndpointSpec): string {
  if (e.kind === 'dates') return `a ${e.from} date and a ${[...e.events, e.censor].join(' or ')} date`;
  if (e.kind === 'period') return `${e.from} and ${e.to} dates and a known status`;
  return `a ${e.time} value and a known status`;
}

/** The analysed rows `keep` of `table`, their file rows for messages, and where problems go. */
interface AnalysedRows {
  readonly table: Table;
  readonly keep: Int32Array;
  readonly fileRows: Int32Array;
  readonly issues: ImportIssue[];
}

type DatesEndpoint = Extract<EndpointSpec, { kind: 'dates' }>;
type PeriodEndpoint = Extract<EndpointSpec, { kind: 'period' }>;
type TimeEndpoint = Extract<EndpointSpec, { kind: 'time' }>;

/**
 * Fills `time` (days) and `event` for an endpoint from dates: the earliest event date, else the
 * censor date, minus the origin date.
 */
function fromDates(
  e: DatesEndpoint,
  { table, keep, fileRows, issues }: AnalysedRows,
  alreadyBad: ReadonlySet<number>,
  time: Float64Array,
  event: Uint8Array,
  unknown: number[],
): void {
  const label = (name: string) => table.specs.get(name)?.label ?? name;
  const from = valuesOf(table, e.from);
  const events = e.events.map((name) => valuesOf(table, name));
  const censor = valuesOf(table, e.censor);
  for (let j = 0; j < keep.length; j++) {
    const i = keep[j]!;
    const row = fileRows[i]!;
    const origin = from[i]!;
    if (Number.isNaN(origin)) {
      unknown.push(j);
      continue;
    }
    let end = Number.POSITIVE_INFINITY;
    for (const ev of events) {
      const d = ev[i]!;
      if (d < end) end = d;
    }
    if (end !== Number.POSITIVE_INFINITY) {
      event[j] = 1;
    } else {
      end = censor[i]!;
      if (Number.isNaN(end)) {
        unknown.push(j);
        continue;
      }
    }
    if (end < origin && !alreadyBad.has(i)) {
      issues.push(
        makeIssue({
          row,
          column: e.from,
          value: formatDay(origin),
          problem: `${e.name} would end (${formatDay(end)}) before ${label(e.from)} (${formatDay(origin)})`,
          expected: `${label(e.from)} on or before every event and follow-up date`,
        }),
      );
    }
    time[j] = end - origin;
  }
}

/**
 * Fills `time` (days) and `event` from a start date, an end date and the event condition, as R's
 * `as.numeric(difftime(to, from, units = "days"))` with the status as the event. An end before the
 * start is an error naming both columns: a negative time is a data error, never a censoring.
 */
function fromPeriod(
  e: PeriodEndpoint,
  { table, keep, fileRows, issues }: AnalysedRows,
  time: Float64Array,
  event: Uint8Array,
  unknown: number[],
): void {
  const from = valuesOf(table, e.from);
  const to = valuesOf(table, e.to);
  const status = evaluateCondition(e.event, table);
  for (let j = 0; j < keep.length; j++) {
    const i = keep[j]!;
    const row = fileRows[i]!;
    const start = from[i]!;
    const end = to[i]!;
    if (Number.isNaN(start) || Number.isNaN(end)) {
      unknown.push(j);
      continue;
    }
    if (end < start) {
      issues.push(
        makeIssue({
          row,
          column: e.to,
          value: formatDay(end),
          problem: `${e.name} would end (${e.to} ${formatDay(end)}) before it starts (${e.from} ${formatDay(start)})`,
          expected: `${e.to} on or after ${e.from}`,
        }),
      );
      continue;
    }
    if (status[i]! < 0) {
      unknown.push(j);
      continue;
    }
    time[j] = end - start;
    event[j] = status[i]!;
  }
}

/** Fills `time` (the dictionary's unit) and `event` from a time column and the event condition. */
function fromTimeColumn(
  e: TimeEndpoint,
  { table, keep, fileRows, issues }: AnalysedRows,
  time: Float64Array,
  event: Uint8Array,
  unknown: number[],
): void {
  const t = valuesOf(table, e.time);
  const status = evaluateCondition(e.event, table);
  for (let j = 0; j < keep.length; j++) {
    const i = keep[j]!;
    const row = fileRows[i]!;
    const ti = t[i]!;
    if (Number.isNaN(ti) || status[i]! < 0) {
      unknown.push(j);
      continue;
    }
    if (ti < 0) {
      issues.push(
        makeIssue({
          row,
          column: e.time,
          value: String(ti),
          problem: `${e.name} time is negative`,
          expected: `a follow-up time of at least 0 ${e.timeUnit}`,
        }),
      );
      continue;
    }
    time[j] = ti;
    event[j] = status[i]!;
  }
}

function valuesOf(table: Table, name: string): Float64Array {
  const c = table.columns.get(name)!;
  return c.kind === 'values' ? c.values : new Float64Array(table.n).fill(Number.NaN);
}
