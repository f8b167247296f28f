// Browser-safe (no node: imports): the web app reports plan problems with the CLI's words.
import { z } from 'zod';
import type { PlanProblem } from './checkPlan.js';
import { planSchema } from './schema.js';

type Issue = z.core.$ZodIssue;

/** Renders a zod issue path as the key a user would look for in the plan file: `cox.covariates[2].variable`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * A union's failure as the problems of the alternative the user evidently meant: the one with the
 * fewest problems once alternatives of another type altogether (a string where an object was
 * written) are set aside — "table1.variables[2].missing: …; expected "category" or "exclude"", not
 * one problem per alternative.
 */
function unionIssues(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] {
  const branches = issue.errors
    .map((branch) => branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue))
    .filter(
      (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === issue.path.length),
    );
  if (branches.length === 0) return [issue];
  return branches.reduce((a, b) => (b.length < a.length ? b : a)).flatMap(flatten);
}

function flatten(issue: Issue): Issue[] {
  return issue.code === 'invalid_union' && issue.errors.length > 0 ? unionIssues(issue) : [issue];
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** What the plan file holds at a key, as a reader of the file would name it. */
function found(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'a set of keys';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a set of keys',
  record: 'a set of keys',
  null: 'null',
};

/** `"a", "b" or "c"` */
function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v) ?? String(v));
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

function bound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const plural = (noun: string) => `${limit} ${noun}${limit === 1 ? '' : 's'}`;
  if (issue.origin === 'string')
    return small && limit === 1
      ? 'non-empty text'
      : `text of ${small ? 'at least' : 'at most'} ${plural('character')}`;
  if (issue.origin === 'array' || issue.origin === 'set')
    return `a list of ${small ? 'at least' : 'at most'} ${plural('item')}`;
  const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  return `a number ${op} ${limit}`;
}

/**
 * Every key a plan may hold at `path` (the union of the alternatives' keys), read from the plan's
 * JSON Schema — the same derivation of the zod schema that editors see — so the list cannot drift.
 */
function knownKeys(path: readonly PropertyKey[]): string[] {
  type Node = { properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; oneOf?: Node[] };
  const expand = (nodes: Node[]): Node[] =>
    nodes.flatMap((n) => [n, ...expand([...(n.anyOf ?? []), ...(n.oneOf ?? [])])]);
  let nodes = expand([planShape()]);
  for (const key of path) {
    nodes = expand(
      nodes.flatMap((n) => {
        const next = typeof key === 'number' ? n.items : n.properties?.[String(key)];
        return next === undefined ? [] : [next];
      }),
    );
  }
  return [...new Set(nodes.flatMap((n) => Object.keys(n.properties ?? {})))];
}

let shape: Record<string, unknown> | undefined;
function planShape(): Record<string, unknown> {
  shape ??= z.toJSONSchema(planSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return shape;
}

/** What the plan format expects where the issue arose, in the plan's words (never zod's). */
function expected(issue: Issue): string {
  // A schema's own message is written as "expected …" (variableName in schema.ts).
  if (issue.message.startsWith('expected ')) return issue.message.slice('expected '.length);
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? issue.expected;
    case 'invalid_value':
      return issue.values.length === 1 ? oneOf(issue.values) : `one of ${oneOf(issue.values)}`;
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
      return `text in the ${issue.format} format`;
    case 'invalid_union':
      return 'one of the forms the plan format allows (see plan.schema.json)';
    default:
      return 'what the plan format allows here (see plan.schema.json)';
  }
}

function problem(issue: Issue, root: unknown): PlanProblem {
  const key = issuePath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    const known = knownKeys(issue.path);
    const allowed = known.length === 0 ? 'no other keys' : `one of ${known.join(', ')}`;
    return {
      key,
      message: `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${keys}; expected ${allowed}`,
    };
  }
  return { key, message: `is ${found(valueAt(root, issue.path))}; expected ${expected(issue)}` };
}

/**
 * The plan's shape problems, each as "key: is <what the file has>; expected <what the format
 * allows>" — the template of the dictionary's problems — so no zod wording reaches a user.
 */
export function shapeProblems(error: z.ZodError, root: unknown): PlanProblem[] {
  return error.issues.flatMap(flatten).map((issue) => problem(issue, root));
}
