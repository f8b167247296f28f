import type { z } from 'zod';
import { CohortError, type ImportIssue } from '../errors.js';
import { checkReferences } from './checkReferences.js';
import {
  DEFAULT_FALSE_VALUES,
  DEFAULT_TRUE_VALUES,
  type DictionaryParsed,
  dictionaryInputSchema,
  type EndpointSpec,
  type StudyDictionary,
  type VariableSpec,
} from './schema.js';

/**
 * The dictionary schema: zod checks the shape, then a refinement checks what a shape cannot
 * express (unique names, references to earlier variables, levels that exist, types that fit),
 * then the result is normalised.
 */
const dictionarySchema = dictionaryInputSchema
  .superRefine((d, ctx) => {
    checkReferences(d, (path, problem, expected) =>
      ctx.addIssue({ code: 'custom', path: [...path], message: `${problem}; expected ${expected}` }),
    );
  })
  .transform(normalise);

/**
 * Validates a data dictionary (already read from JSON or YAML) and returns it normalised.
 *
 * @param input the parsed JSON/YAML value
 * @param source where it came from, for messages (a file name; default "dictionary")
 * @throws CohortError listing every problem, each with its key path (e.g. `variables[3].levels`)
 * @example
 * const dictionary = parseDictionary(JSON.parse(readFileSync('lung-dictionary.json', 'utf8')), 'lung-dictionary.json');
 */
export function parseDictionary(input: unknown, source = 'dictionary'): StudyDictionary {
  const result = dictionarySchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => zodIssueToImportIssue(i, input, source));
  throw new CohortError(
    `${source} is not a valid study dictionary (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):`,
    issues,
  );
}

function zodIssueToImportIssue(issue: z.core.$ZodIssue, input: unknown, source: string): ImportIssue {
  const path = formatPath(issue.path);
  const where = `${source}, at ${path === '' ? 'the top level' : path}`;
  const column = path === '' ? null : path;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    // group.columns (display order with a second set of labels) became group.order: an arm's name
    // is its level's label, or the analysis plan's group.labels.
    const expected =
      path === 'group' && issue.keys.includes('columns')
        ? '"order" (level values in display order); an arm is named by its level\'s label or the plan\'s group.labels'
        : 'only the keys the dictionary format defines (see the @survkit/cohort README)';
    return {
      row: null,
      column,
      value: keys,
      expected,
      message: `${where}: unknown key ${keys}; expected ${expected}.`,
    };
  }
  const raw = valueAt(input, issue.path);
  if (raw === undefined && issue.code === 'invalid_type') {
    const expected = `a ${issue.expected}`;
    return {
      row: null,
      column,
      value: null,
      expected,
      message: `${where}: required key missing; expected ${expected}.`,
    };
  }
  const value = raw === undefined ? null : JSON.stringify(raw);
  const shown = value === null ? '' : ` (found ${value.length > 80 ? `${value.slice(0, 77)}...` : value})`;
  return {
    row: null,
    column,
    value,
    expected: issue.message,
    message: `${where}: ${issue.message}${shown}.`,
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s === '' ? String(p) : `.${String(p)}`;
  }
  return s;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function normalise(d: DictionaryParsed): StudyDictionary {
  const variables = d.variables.map((v): VariableSpec => {
    const missing = [...new Set(['', ...(v.missing ?? d.missingValues)])];
    const base = {
      name: v.name,
      label: v.label,
      ...(v.description === undefined ? {} : { description: v.description }),
      required: v.required,
      allowMissing: v.allowMissing,
      missing,
      ...(v.derive === undefined ? {} : { derive: v.derive }),
    };
    switch (v.type) {
      case 'categorical': {
        const levels = v.levels.map((l) =>
          typeof l === 'string' ? { value: l, label: l } : { value: l.value, label: l.label ?? l.value },
        );
        return {
          ...base,
          type: 'categorical',
          levels,
          reference: v.reference ?? levels[0]!.value,
          missingLabel: v.missingLabel,
        };
      }
      case 'boolean':
        return {
          ...base,
          type: 'boolean',
          trueValues: v.trueValues ?? DEFAULT_TRUE_VALUES,
          falseValues: v.falseValues ?? DEFAULT_FALSE_VALUES,
          missingLabel: v.missingLabel,
        };
      case 'continuous':
        return {
          ...base,
          type: 'continuous',
          ...(v.unit === undefined ? {} : { unit: v.unit }),
          ...(v.min === undefined ? {} : { min: v.min }),
          ...(v.max === undefined ? {} : { max: v.max }),
          integer: v.integer,
        };
      default:
        return { ...base, type: 'date', format: v.format };
    }
  });
  const endpoints = d.endpoints.map(normaliseEndpoint);
  return {
    study: d.study,
    ...(d.id === undefined ? {} : { id: d.id }),
    missingValues: d.missingValues,
    variables,
    endpoints,
    eligibility: d.eligibility,
    dateOrder: d.dateOrder,
    ...(d.group === undefined
      ? {}
      : {
          group: {
            variable: d.group.variable,
            ...(d.group.order === undefined ? {} : { order: d.group.order.map(String) }),
          },
        }),
    ...(d.treatmentStarts === undefined
      ? {}
      : { treatmentStarts: d.treatmentStarts.map((t) => ({ ...t, level: String(t.level) })) }),
  };
}

/** One endpoint in its form: start/end/status dates, a time column, or event dates (checked before). */
function normaliseEndpoint(e: DictionaryParsed['endpoints'][number]): EndpointSpec {
  if (e.to !== undefined && e.from !== undefined && e.event !== undefined)
    return { name: e.name, label: e.label, kind: 'period', from: e.from, to: e.to, event: e.event };
  if (e.time !== undefined && e.event !== undefined && e.timeUnit !== undefined)
    return { name: e.name, label: e.label, kind: 'time', time: e.time, timeUnit: e.timeUnit, event: e.event };
  return { name: e.name, label: e.label, kind: 'dates', from: e.from!, events: e.events!, censor: e.censor! };
}
