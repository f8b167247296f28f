// The dictionary's cross-reference checks, run by parseDictionary as a zod refinement once the
// shape is known to be right.
import {
  BOOLEAN_LEVELS,
  type Condition,
  DEFAULT_FALSE_VALUES,
  DEFAULT_TRUE_VALUES,
  type DictionaryParsed,
  type VariableParsed,
} from './schema.js';

type Path = readonly (string | number)[];
/** Records one problem at a key path, as "<problem>; expected <expected>". */
export type Report = (path: Path, problem: string, expected: string) => void;
type EndpointParsed = DictionaryParsed['endpoints'][number];

interface KnownVariable {
  readonly type: VariableParsed['type'];
  /** Level values for categorical and boolean variables. */
  readonly levels: readonly string[] | null;
}

function levelValues(v: VariableParsed): string[] | null {
  if (v.type === 'categorical') return v.levels.map((l) => (typeof l === 'string' ? l : l.value));
  if (v.type === 'boolean') return BOOLEAN_LEVELS.map((l) => l.value);
  return null;
}

/**
 * What the dictionary's shape cannot express: unique names, references to variables defined
 * earlier (or anywhere, for endpoints and rules) of a fitting type, levels that exist and do not
 * collide, one form per endpoint and derived variable. Each problem goes to `report` with its key path.
 */
export function checkReferences(d: DictionaryParsed, report: Report): void {
  const known = new Map<string, KnownVariable>();
  const all = new Map<string, KnownVariable>();
  for (const v of d.variables) all.set(v.name, { type: v.type, levels: levelValues(v) });

  d.variables.forEach((v, i) => {
    const at: Path = ['variables', i];
    if (known.has(v.name)) report([...at, 'name'], `"${v.name}" is used by two variables`, 'unique names');
    if (d.id !== undefined && v.name === d.id) {
      report([...at, 'name'], `"${v.name}" is also the id column`, 'a name other than the id column');
    }
    checkVariable(v, at, known, report);
    known.set(v.name, { type: v.type, levels: levelValues(v) });
  });

  const endpointNames = new Set<string>();
  d.endpoints.forEach((e, i) => {
    const at: Path = ['endpoints', i];
    if (endpointNames.has(e.name))
      report([...at, 'name'], `"${e.name}" is used by two endpoints`, 'unique names');
    endpointNames.add(e.name);
    checkEndpoint(e, at, all, report);
  });

  d.eligibility.forEach((r, i) => {
    checkCondition(r.include, ['eligibility', i, 'include'], all, report);
  });
  d.dateOrder.forEach((r, i) => {
    checkRef(r.earlier, ['dateOrder', i, 'earlier'], all, ['date'], report);
    checkRef(r.later, ['dateOrder', i, 'later'], all, ['date'], report);
  });
  if (d.group !== undefined) {
    const g = checkRef(d.group.variable, ['group', 'variable'], all, ['categorical', 'boolean'], report);
    d.group.order?.forEach((level, i) => {
      if (g?.levels && !g.levels.includes(String(level))) {
        report(
          ['group', 'order', i],
          `"${level}" is not a level of ${d.group?.variable}`,
          quoteList(g.levels),
        );
      }
    });
  }
  checkTreatmentStarts(d, all, report);
}

/** Each declared treatment start names a level of a categorical/boolean variable and a date or number column, once per level. */
function checkTreatmentStarts(d: DictionaryParsed, all: Map<string, KnownVariable>, report: Report): void {
  const seen = new Set<string>();
  d.treatmentStarts?.forEach((t, i) => {
    const at: Path = ['treatmentStarts', i];
    const v = checkRef(t.variable, [...at, 'variable'], all, ['categorical', 'boolean'], report);
    if (v?.levels && !v.levels.includes(String(t.level)))
      report([...at, 'level'], `"${t.level}" is not a level of ${t.variable}`, quoteList(v.levels));
    if ('date' in t) checkRef(t.date, [...at, 'date'], all, ['date'], report);
    else checkRef(t.time, [...at, 'time'], all, ['continuous'], report);
    const key = `${t.variable}=${t.level}`;
    if (seen.has(key))
      report(at, `a second start for ${t.variable} = "${t.level}"`, 'one start per treatment level');
    seen.add(key);
  });
}

function checkVariable(v: VariableParsed, at: Path, known: Map<string, KnownVariable>, report: Report): void {
  checkVariableValues(v, at, report);
  checkDerive(v, at, known, report);
}

/** Per type: levels that cannot be confused, a reference that is a level, true/false/missing tokens read one way, min ≤ max. */
function checkVariableValues(v: VariableParsed, at: Path, report: Report): void {
  const missing = v.missing ?? [];
  if (v.type === 'categorical') {
    const values = v.levels.map((l) => (typeof l === 'string' ? l : l.value));
    const labels = v.levels.map((l) => (typeof l === 'string' ? l : (l.label ?? l.value)));
    // Cells match a level by value or label, case-insensitively, so these must not collide.
    const seen = new Map<string, number>();
    values.forEach((value, j) => {
      for (const token of new Set([value.toLowerCase(), (labels[j] ?? value).toLowerCase()])) {
        const other = seen.get(token);
        if (other !== undefined && other !== j) {
          report(
            [...at, 'levels', j],
            `level "${value}" collides with level "${values[other]}"`,
            'levels whose values and labels differ (ignoring case)',
          );
        }
        seen.set(token, j);
      }
    });
    if (v.reference !== undefined && !values.includes(v.reference)) {
      report([...at, 'reference'], `"${v.reference}" is not a level`, `one of ${quoteList(values)}`);
    }
    for (const m of missing) {
      if (m !== '' && seen.has(m.toLowerCase())) {
        report([...at, 'missing'], `"${m}" is both a level and a missing-value token`, 'distinct tokens');
      }
    }
  } else if (v.type === 'boolean') {
    const t = (v.trueValues ?? DEFAULT_TRUE_VALUES).map((s) => s.toLowerCase());
    const f = (v.falseValues ?? DEFAULT_FALSE_VALUES).map((s) => s.toLowerCase());
    const clash = t.find((s) => f.includes(s) || missing.some((m) => m.toLowerCase() === s));
    if (clash !== undefined) {
      report(at, `"${clash}" would be read two ways`, 'distinct true, false and missing tokens');
    }
  } else if (v.type === 'continuous') {
    if (v.min !== undefined && v.max !== undefined && v.min > v.max) {
      report([...at, 'max'], `max ${v.max} is below min ${v.min}`, 'min ≤ max');
    }
  }
}

/** A derived variable has one form, fitting its type, over variables defined before it. */
function checkDerive(v: VariableParsed, at: Path, known: Map<string, KnownVariable>, report: Report): void {
  const dv = v.derive;
  if (dv === undefined) return;
  const at2: Path = [...at, 'derive'];
  const forms = (['when', 'cut', 'cases', 'count'] as const).filter((k) => dv[k] !== undefined);
  if (forms.length !== 1) {
    report(
      at2,
      `found ${forms.length === 0 ? 'no form' : forms.join(' and ')}`,
      'exactly one of "when", "cut", "cases" or "count"',
    );
    return;
  }
  const form = forms[0]!;
  const fits = { when: 'boolean', cut: 'categorical', cases: 'categorical', count: 'continuous' }[form];
  if (fits !== v.type) {
    report(
      [...at2, form],
      `"${form}" derives a ${fits} variable but the type is ${v.type}`,
      `type "${fits}"`,
    );
    return;
  }
  if (dv.otherwise !== undefined && form !== 'cases') {
    report([...at2, 'otherwise'], '"otherwise" belongs to "cases"', 'no "otherwise" here');
  }
  const levels = levelValues(v) ?? [];
  if (dv.when !== undefined) checkCondition(dv.when, [...at2, 'when'], known, report);
  if (dv.count !== undefined) {
    dv.count.forEach((c, j) => {
      checkCondition(c, [...at2, 'count', j], known, report);
    });
  }
  if (dv.cut !== undefined) {
    checkRef(dv.cut.var, [...at2, 'cut', 'var'], known, ['continuous'], report);
    const b = dv.cut.breaks;
    for (let j = 1; j < b.length; j++) {
      if (!(b[j]! > b[j - 1]!))
        report(
          [...at2, 'cut', 'breaks', j],
          `break ${b[j]} does not exceed ${b[j - 1]}`,
          'strictly increasing breaks',
        );
    }
    if (levels.length !== b.length + 1) {
      report(
        [...at, 'levels'],
        `${levels.length} levels for ${b.length} breaks`,
        `${b.length + 1} levels (one more than breaks)`,
      );
    }
  }
  if (dv.cases !== undefined) {
    dv.cases.forEach((c, j) => {
      checkCondition(c.when, [...at2, 'cases', j, 'when'], known, report);
      if (!levels.includes(String(c.level))) {
        report([...at2, 'cases', j, 'level'], `"${c.level}" is not a level`, `one of ${quoteList(levels)}`);
      }
    });
    if (dv.otherwise !== undefined && !levels.includes(String(dv.otherwise))) {
      report([...at2, 'otherwise'], `"${dv.otherwise}" is not a level`, `one of ${quoteList(levels)}`);
    }
  }
}

/** An endpoint has exactly one form, dates or a time column, and each reference fits its role. */
const ENDPOINT_FORMS =
  '"from", "events" and "censor" (event dates), "from", "to" and "event" (start and end dates with a status) or "time", "timeUnit" and "event"';

function checkEndpoint(e: EndpointParsed, at: Path, all: Map<string, KnownVariable>, report: Report): void {
  if (e.to !== undefined || (e.from !== undefined && e.event !== undefined)) {
    checkPeriodEndpoint(e, at, all, report);
    return;
  }
  const dates = e.from !== undefined || e.events !== undefined || e.censor !== undefined;
  const times = e.time !== undefined || e.event !== undefined;
  if (dates === times) {
    report(at, 'an endpoint needs one form', ENDPOINT_FORMS);
    return;
  }
  if (dates) {
    if (e.from === undefined) report(at, 'no "from" date', 'the date variable time is measured from');
    if (e.events === undefined) report(at, 'no "events" dates', 'a list of event date variables');
    if (e.censor === undefined) report(at, 'no "censor" date', 'the last follow-up date variable');
    if (e.from !== undefined) checkRef(e.from, [...at, 'from'], all, ['date'], report);
    e.events?.forEach((n, j) => {
      checkRef(n, [...at, 'events', j], all, ['date'], report);
    });
    if (e.censor !== undefined) checkRef(e.censor, [...at, 'censor'], all, ['date'], report);
    if (e.timeUnit !== undefined)
      report(
        [...at, 'timeUnit'],
        'an endpoint from dates is measured in days',
        'no "timeUnit" (it belongs to the "time" form)',
      );
  } else {
    if (e.time === undefined) report(at, 'no "time" column', 'a continuous variable holding follow-up time');
    else checkRef(e.time, [...at, 'time'], all, ['continuous'], report);
    if (e.timeUnit === undefined)
      report(
        [...at, 'timeUnit'],
        `no unit for the time column${e.time === undefined ? '' : ` "${e.time}"`}`,
        'one of "days", "weeks", "months", "years"',
      );
    if (e.event === undefined) report(at, 'no "event" condition', 'a condition that is true for an event');
    else checkCondition(e.event, [...at, 'event'], all, report);
  }
}

/**
 * The start/end/status form: `from` and `to` dates and an `event` condition, none of the other
 * forms' keys (a mixed endpoint would leave it unclear which rule gives the time).
 */
function checkPeriodEndpoint(
  e: EndpointParsed,
  at: Path,
  all: Map<string, KnownVariable>,
  report: Report,
): void {
  const others = (['events', 'censor', 'time', 'timeUnit'] as const).filter((k) => e[k] !== undefined);
  if (others.length > 0) {
    report(
      at,
      `"from"/"to"/"event" mixed with ${others.map((k) => `"${k}"`).join(', ')}`,
      `one form: ${ENDPOINT_FORMS}`,
    );
    return;
  }
  if (e.from === undefined)
    report(at, 'no "from" date', 'the start date variable (e.g. the date of diagnosis)');
  else checkRef(e.from, [...at, 'from'], all, ['date'], report);
  if (e.to === undefined)
    report(at, 'no "to" date', 'the end date variable (the date of the event or of last contact)');
  else checkRef(e.to, [...at, 'to'], all, ['date'], report);
  if (e.event === undefined)
    report(
      at,
      'no "event" condition',
      'a condition that is true for an event (e.g. the vital status is dead)',
    );
  else checkCondition(e.event, [...at, 'event'], all, report);
}

function checkRef(
  name: string,
  at: Path,
  known: Map<string, KnownVariable>,
  types: readonly VariableParsed['type'][],
  report: Report,
): KnownVariable | undefined {
  const v = known.get(name);
  if (v === undefined) {
    report(
      at,
      `"${name}" is not a variable defined before this point`,
      `one of ${quoteList([...known.keys()])}`,
    );
    return undefined;
  }
  if (!types.includes(v.type)) {
    report(at, `"${name}" is ${v.type}`, `a ${types.join(' or ')} variable`);
    return undefined;
  }
  return v;
}

function checkCondition(c: Condition, at: Path, known: Map<string, KnownVariable>, report: Report): void {
  for (const key of ['allOf', 'anyOf', 'noneOf'] as const) {
    c[key]?.forEach((sub, j) => {
      checkCondition(sub, [...at, key, j], known, report);
    });
  }
  if (c.not !== undefined) checkCondition(c.not, [...at, 'not'], known, report);
  if (c.var === undefined) return;
  const v = checkRef(c.var, [...at, 'var'], known, ['categorical', 'boolean', 'continuous', 'date'], report);
  if (v === undefined) return;
  const ordered = (['gt', 'gte', 'lt', 'lte'] as const).filter((k) => c[k] !== undefined);
  const listed: [string, readonly (string | number)[]][] = [];
  if (c.eq !== undefined) listed.push(['eq', [c.eq]]);
  if (c.ne !== undefined) listed.push(['ne', [c.ne]]);
  if (c.in !== undefined) listed.push(['in', c.in]);
  if (c.notIn !== undefined) listed.push(['notIn', c.notIn]);
  if (v.type === 'date') {
    for (const k of [...ordered, ...listed.map((l) => l[0])]) {
      report([...at, k], `dates can only be tested with "missing"`, '{ "var": ..., "missing": true|false }');
    }
  } else if (v.levels !== null) {
    for (const k of ordered)
      report([...at, k], `"${c.var}" is ${v.type} and has no order`, 'eq, ne, in, notIn or missing');
    for (const [k, values] of listed) {
      for (const value of values) {
        if (!v.levels.includes(String(value))) {
          report([...at, k], `"${value}" is not a level of "${c.var}"`, `one of ${quoteList(v.levels)}`);
        }
      }
    }
  } else {
    for (const [k, values] of listed) {
      if (values.some((x) => typeof x !== 'number'))
        report([...at, k], `"${c.var}" is continuous`, 'numbers');
    }
  }
}

function quoteList(values: readonly string[]): string {
  return values.map((s) => `"${s}"`).join(', ');
}
