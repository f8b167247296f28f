import { type Cohort, convertTime, type TimeUnit } from '@survkit/cohort';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from '../plan/schema.js';
import type { GroupSplit } from './group.js';

type Endpoint = AnalysisPlan['endpoints'][number];
type ImmortalTimePlan = NonNullable<AnalysisPlan['immortalTime']>;

const KEY = 'immortalTime.treatmentStart';
/** Rows listed in one error message; the rest are counted. */
const MAX_LISTED = 8;

/** The treatment start of each analysed patient for one endpoint, checked against the group and follow-up. */
export interface TreatmentStart {
  /** Patients analysed (the group's rows minus treated ones without a start, when excluded). */
  readonly rows: Int32Array;
  /** Per cohort row: time from the endpoint's origin to treatment in the report's unit; NaN = untreated. */
  readonly time: Float64Array;
  readonly excludedMissingStart: number;
  readonly kind: 'date' | 'time';
  readonly variable: string;
  readonly label: string;
  readonly origin: string | null;
}

/** The group level that is the treatment: the one level besides the reference of a two-level comparison. */
export function treatedLevel(split: GroupSplit): number {
  if (split.info.levels.length !== 2)
    throw new ReportError(
      `immortalTime: the comparison has ${split.info.levels.length} groups; a treatment analysis needs two (treated and untreated), e.g. group.order with two levels`,
    );
  return split.info.levels[0]!.level === split.info.reference ? 1 : 0;
}

type StartColumn = { readonly date: string } | { readonly time: string };
/** The start column and the key that named it (the plan's, or the dictionary's declaration), for messages. */
interface ResolvedStart {
  readonly start: StartColumn;
  readonly key: string;
}

/**
 * The treatment start the analyses read: the plan's `immortalTime.treatmentStart` when given, else
 * the dictionary's `treatmentStarts` declaration for the plan's group variable and its treated level.
 * @throws {ReportError} naming the plan key when neither exists, or when the dictionary declares
 * the start of another level than the one the plan compares as treated.
 */
export function resolveTreatmentStart(
  cohort: Cohort,
  split: GroupSplit,
  options: ImmortalTimePlan,
): ResolvedStart {
  if (options.treatmentStart !== undefined) return { start: options.treatmentStart, key: KEY };
  const variable = split.info.variable;
  const treated = split.info.levels[treatedLevel(split)]!.level;
  const declared = (cohort.dictionary.treatmentStarts ?? [])
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => t.variable === variable);
  const match = declared.find(({ t }) => t.level === treated);
  if (match === undefined)
    throw new ReportError(
      declared.length === 0
        ? `${KEY}: not given, and the dictionary declares no treatment start for the group variable "${variable}"; expected immortalTime.treatmentStart: { date: <date column> } (or { time: <column> }) in the plan, or treatmentStarts: [{ variable: ${variable}, level: "${treated}", date: <date column> }] in the dictionary`
        : `${KEY}: not given, and the dictionary declares the start of ${variable} = ${declared.map(({ t }) => `"${t.level}"`).join(', ')}, but the plan compares "${treated}" as the treated level (the one besides group.reference); expected a declaration for "${treated}" or immortalTime.treatmentStart in the plan`,
    );
  const { t, i } = match;
  return {
    start: 'date' in t ? { date: t.date } : { time: t.time },
    key: `dictionary treatmentStarts[${i}]`,
  };
}

/**
 * Times from the endpoint's origin to the treatment start, in the endpoint's own unit (days for a
 * date column), read from the plan's `treatmentStart` column.
 */
function rawStart(
  cohort: Cohort,
  endpoint: Endpoint,
  { start, key }: ResolvedStart,
): { raw: Float64Array; unit: TimeUnit; kind: 'date' | 'time'; variable: string; origin: string | null } {
  const spec = cohort.dictionary.endpoints.find((e) => e.name === endpoint.name);
  const ep = cohort.endpoint(endpoint.name);
  if ('date' in start) {
    const v = cohort.variables.find((x) => x.name === start.date);
    if (v === undefined) throw new ReportError(`${key}.date: unknown variable "${start.date}"`);
    if (v.type !== 'date')
      throw new ReportError(`${key}.date: "${start.date}" is ${v.type}; a date is needed`);
    if (spec === undefined || spec.kind === 'time')
      throw new ReportError(
        `${key}.date: endpoint ${endpoint.name} is given as a time column, so it has no origin date to count "${start.date}" from; give the start as { time: <column in ${ep.unit}> }`,
      );
    const origin = cohort.variable(spec.from);
    if (origin.type !== 'date') throw new ReportError(`${key}.date: origin "${spec.from}" is not a date`);
    // A plain loop: Float64Array.from with a mapping callback costs a call per patient.
    const raw = new Float64Array(v.values.length);
    for (let i = 0; i < raw.length; i++) raw[i] = v.values[i]! - origin.values[i]!;
    return { raw, unit: 'days', kind: 'date', variable: v.name, origin: spec.from };
  }
  const v = cohort.variables.find((x) => x.name === start.time);
  if (v === undefined) throw new ReportError(`${key}.time: unknown variable "${start.time}"`);
  if (v.type !== 'continuous')
    throw new ReportError(
      `${key}.time: "${start.time}" is ${v.type}; a number (time from the origin) is needed`,
    );
  return {
    raw: Float64Array.from(v.values),
    unit: ep.unit,
    kind: 'time',
    variable: v.name,
    origin: spec?.kind === 'dates' || spec?.kind === 'period' ? spec.from : null,
  };
}

/** The end of follow-up in the start's unit: the longest of the plan's endpoints. */
function followUpEnd(cohort: Cohort, plan: AnalysisPlan, rawUnit: TimeUnit): Float64Array {
  const end = new Float64Array(cohort.n);
  for (const e of plan.endpoints) {
    const ep = cohort.endpoint(e.name);
    // A patient without a known time for this endpoint (NaN) has its end from the others.
    for (let i = 0; i < cohort.n; i++)
      if (!Number.isNaN(ep.time[i]!)) end[i] = Math.max(end[i]!, convertTime(ep.time[i]!, ep.unit, rawUnit));
  }
  return end;
}

/** Each analysed patient's start: kept, missing (treated without a start), or one of the impossible cases. */
function classifyStarts(split: GroupSplit, raw: Float64Array, end: Float64Array, treatedCode: number) {
  const problems = {
    untreatedWithStart: [] as number[],
    beforeOrigin: [] as number[],
    afterEnd: [] as number[],
  };
  const missing: number[] = [];
  // Kept rows in a typed buffer trimmed once (most patients are kept: 10⁶ pushes cost more).
  const kept = new Int32Array(split.rows.length);
  let m = 0;
  for (const r of split.rows) {
    const t = raw[r]!;
    const treated = split.variable.codes[r] === treatedCode;
    if (!treated) {
      if (!Number.isNaN(t)) problems.untreatedWithStart.push(r);
      else kept[m++] = r;
      continue;
    }
    if (Number.isNaN(t)) missing.push(r);
    else if (t < 0) problems.beforeOrigin.push(r);
    // A rounding margin: a time column converted from dates may differ in the last digit.
    else if (t > end[r]! * (1 + 1e-12)) problems.afterEnd.push(r);
    else kept[m++] = r;
  }
  return { problems, missing, keep: m === kept.length ? kept : kept.slice(0, m) };
}

/**
 * Reads and checks the treatment start for one endpoint. Each analysed patient must be consistent:
 * an untreated patient has no start; a treated one has a start on or after the origin and on or
 * before the end of follow-up (the longest of the plan's endpoints, so that a start after an
 * earlier event such as progression is allowed and counts as untreated for that endpoint, as
 * tmerge counts it). A treated patient without a start is an error, or left out when the plan says
 * `missingStart: exclude`.
 * @throws {ReportError} naming the file rows, the column and what was expected.
 */
export function readTreatmentStart(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  plan: AnalysisPlan,
  options: ImmortalTimePlan,
): TreatmentStart {
  const unit = plan.survival.timeUnit;
  const resolved = resolveTreatmentStart(cohort, split, options);
  const { raw, unit: rawUnit, kind, variable, origin } = rawStart(cohort, endpoint, resolved);
  const column = `${resolved.key}.${kind} (column ${variable})`;
  const treatedCode = split.codes[treatedLevel(split)]!;
  const { problems, missing, keep } = classifyStarts(
    split,
    raw,
    followUpEnd(cohort, plan, rawUnit),
    treatedCode,
  );
  const treatedLabel = split.info.levels[treatedLevel(split)]!.label;
  const untreatedLabel = split.info.levels[1 - treatedLevel(split)]!.label;
  const fail = (rows: number[], what: string, expected: string) => {
    if (rows.length === 0) return;
    const listed = rows.slice(0, MAX_LISTED).map((r) => cohort.rowNumbers[r]!);
    const more = rows.length > MAX_LISTED ? ` and ${rows.length - MAX_LISTED} more` : '';
    throw new ReportError(
      `${column}: ${what} in file row${rows.length > 1 ? 's' : ''} ${listed.join(', ')}${more}; expected ${expected}`,
    );
  };
  const originText = origin === null ? 'the origin' : `the origin (${origin})`;
  fail(
    problems.untreatedWithStart,
    `a treatment start is given for ${untreatedLabel} patients`,
    `no start for patients of the untreated group (or the patient in the "${treatedLabel}" group)`,
  );
  fail(
    problems.beforeOrigin,
    `the treatment starts before ${originText}`,
    `a start on or after ${originText}`,
  );
  fail(
    problems.afterEnd,
    'the treatment starts after the end of follow-up',
    'a start on or before the last follow-up (a treatment after it was not observed)',
  );
  if (options.missingStart === 'error')
    fail(
      missing,
      `the treatment start is missing for ${treatedLabel} patients`,
      `a start for every treated patient, or missingStart: exclude in the plan to leave them out`,
    );
  const time = new Float64Array(cohort.n).fill(Number.NaN);
  for (const r of keep) time[r] = convertTime(raw[r]!, rawUnit, unit);
  const label = cohort.variable(variable).label;
  return {
    rows: keep,
    time,
    excludedMissingStart: missing.length,
    kind,
    variable,
    label,
    origin: origin === null ? null : cohort.variable(origin).label,
  };
}
