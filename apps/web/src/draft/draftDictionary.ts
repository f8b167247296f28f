// A minimal dictionary draft from a CSV's columns: a type and level guess per column, an endpoint and
// a group when the names make them obvious. One small module on purpose: the CLI's `init` drafter
// (packages/cohort/src/draft/) replaces it once it lands.
import { parse } from 'csv-parse/sync';

const MISSING = new Set(['', 'NA', 'N/A', '.', 'NaN']);
const NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** More distinct numeric values than this and a numeric column is continuous, not coded levels. */
const MAX_NUMERIC_LEVELS = 6;
const MAX_TEXT_LEVELS = 30;

export interface DraftResult {
  readonly dictionary: Record<string, unknown>;
  readonly notes: readonly string[];
}

/** Reads a CSV's header and cells (comma, semicolon or tab, by the header line). */
export function readCsvCells(text: string): { header: string[]; rows: string[][] } {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].reduce((a, b) =>
    first.split(b).length > first.split(a).length ? b : a,
  );
  const records = parse(text.replace(/^\uFEFF/, ''), {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  return { header: records[0] ?? [], rows: records.slice(1) };
}

function numeric(value: string): boolean {
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim());
}

function guessVariable(
  name: string,
  values: readonly string[],
  notes: string[],
): Record<string, unknown> | null {
  if (!NAME.test(name)) {
    notes.push(
      `Column "${name}" is not a valid variable name (letters, digits, "_" or "." starting with a letter); it was left out.`,
    );
    return null;
  }
  const known = values.filter((v) => !MISSING.has(v.trim()));
  const distinct = [...new Set(known.map((v) => v.trim()))];
  const base = { name, label: name.replace(/[._]/g, ' '), required: true };
  if (known.length > 0 && known.every((v) => ISO_DATE.test(v.trim())))
    return { ...base, type: 'date', format: 'YYYY-MM-DD' };
  if (known.length > 0 && known.every(numeric)) {
    if (distinct.length <= MAX_NUMERIC_LEVELS)
      return { ...base, type: 'categorical', levels: distinct.sort((a, b) => Number(a) - Number(b)) };
    return { ...base, type: 'continuous' };
  }
  if (distinct.length === 0) {
    notes.push(`Column "${name}" is empty; it was read as text levels with none seen.`);
    return { ...base, type: 'categorical', levels: ['(none)'] };
  }
  if (distinct.length > MAX_TEXT_LEVELS)
    notes.push(
      `Column "${name}" has ${distinct.length} different texts; check it is not an identifier or free text.`,
    );
  return { ...base, type: 'categorical', levels: distinct.sort() };
}

/** Guesses a time + event endpoint from the usual column names (time/status, futime/fustat, …). */
function guessEndpoint(
  variables: readonly Record<string, unknown>[],
  notes: string[],
): Record<string, unknown> | null {
  const time = variables.find(
    (v) =>
      v.type === 'continuous' &&
      /(^|[._])(time|futime|os|pfs|days|months|survival)([._]|$)/i.test(String(v.name)),
  );
  const status = variables.find(
    (v) =>
      v.type === 'categorical' &&
      /(status|event|dead|death|fustat|censor)/i.test(String(v.name)) &&
      (v.levels as string[]).length === 2,
  );
  if (time === undefined || status === undefined) {
    notes.push('No endpoint was guessed: add one below (a time column and an event column).');
    return null;
  }
  const levels = status.levels as string[];
  const unit = /month/i.test(String(time.name))
    ? 'months'
    : /year/i.test(String(time.name))
      ? 'years'
      : 'days';
  notes.push(
    `Endpoint guessed: time "${time.name}" (in ${unit} — check), event when "${status.name}" = "${levels[1]}".`,
  );
  return {
    name: 'OS',
    label: 'Overall survival',
    time: time.name,
    timeUnit: unit,
    event: { var: status.name, eq: levels[1] },
  };
}

/** Drafts a dictionary for a CSV text; `notes` say what was guessed and what the user must check. */
export function draftDictionary(text: string, fileName: string): DraftResult {
  const notes: string[] = [];
  const { header, rows } = readCsvCells(text);
  const variables = header
    .map((name, j) =>
      guessVariable(
        name.trim(),
        rows.map((r) => r[j] ?? ''),
        notes,
      ),
    )
    .filter((v): v is Record<string, unknown> => v !== null);
  const endpoint = guessEndpoint(variables, notes);
  const eventVariable = endpoint === null ? null : (endpoint.event as { var: string }).var;
  const group = variables.find(
    (v) =>
      v.type === 'categorical' &&
      v.name !== eventVariable &&
      (v.levels as string[]).length >= 2 &&
      (v.levels as string[]).length <= 4,
  );
  const studyName =
    fileName
      .replace(/\.[^.]+$/, '')
      .replace(/[^A-Za-z0-9_.]/g, '_')
      .replace(/^[^A-Za-z]+/, '') || 'study';
  return {
    dictionary: {
      study: { name: studyName, title: `Study of ${fileName}` },
      missingValues: [...MISSING],
      variables,
      endpoints: endpoint === null ? [] : [endpoint],
      ...(group === undefined ? {} : { group: { variable: group.name } }),
    },
    notes,
  };
}
