import type { Cohort } from '@survkit/cohort';

type Kind = 'categorical' | 'table1' | 'cox';

/** A problem with its plan key (`cox.covariates[2].variable`) and what is wrong there. */
export interface PlanProblem {
  readonly key: string;
  readonly message: string;
}

// The plan is checked against the dictionary whether or not zod's shape check succeeded, so every
// problem of a file is reported in one run. These readers take only what has the right type and
// leave a wrong type to zod's message.
const asString = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const asArray = (x: unknown): readonly unknown[] => (Array.isArray(x) ? x : []);
const asRecord = (x: unknown): Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {};

/** Collects problems and looks names up in the cohort's dictionary. */
class Checker {
  readonly problems: PlanProblem[] = [];
  private readonly byName: Map<string, Cohort['variables'][number]>;

  constructor(readonly cohort: Cohort) {
    this.byName = new Map(cohort.variables.map((v) => [v.name, v]));
  }

  /** One problem in the template of the dictionary's problems: "<what is there>; expected <what>". */
  add(key: string, problem: string, expected: string): void {
    this.problems.push({ key, message: `${problem}; expected ${expected}` });
  }

  /** The variable `name` if it exists and is of the kind needed (else a problem at `key`). */
  variable(key: string, name: string | undefined, kind: Kind) {
    if (name === undefined) return undefined;
    const v = this.byName.get(name);
    if (v === undefined) {
      const known = [...this.byName.keys()].join(', ');
      this.add(
        key,
        `unknown variable "${name}"`,
        `a variable of the dictionary "${this.cohort.dictionary.study.name}": ${known}`,
      );
      return undefined;
    }
    if (kind === 'categorical' && v.type !== 'categorical')
      this.add(key, `"${name}" is ${v.type}`, 'a categorical variable');
    if (kind === 'table1' && v.type === 'date')
      this.add(key, `"${name}" is a date`, 'a categorical or continuous variable (Table 1 shows no dates)');
    if (kind === 'cox' && v.type === 'date')
      this.add(key, `"${name}" is a date`, 'a categorical or continuous variable (a Cox covariate)');
    return v;
  }

  level(key: string, name: string, value: string | undefined): void {
    const v = this.byName.get(name);
    if (value !== undefined && v?.type === 'categorical' && !v.levels.includes(value))
      this.add(key, `"${value}" is not a level of ${name}`, `one of ${v.levels.join(', ')}`);
  }

  /**
   * Covariates with an optional reference level and, for a continuous one, its `per`: Cox
   * covariates (categorical or continuous) and forest variables (categorical).
   */
  covariates(key: string, list: unknown, kind: 'cox' | 'categorical'): void {
    asArray(list).forEach((c, i) => {
      const item = typeof c === 'string' ? { variable: c } : asRecord(c);
      const name = asString(item.variable);
      const at = typeof c === 'string' ? `${key}[${i}]` : `${key}[${i}].variable`;
      const v = this.variable(at, name, kind);
      if (name === undefined || v === undefined) return;
      this.level(`${key}[${i}].reference`, name, asString(item.reference));
      if (item.per !== undefined && v.type !== 'continuous')
        this.add(`${key}[${i}].per`, `"${name}" is ${v.type}`, 'a continuous variable ("per" scales its HR)');
    });
  }
}

function checkGroup(c: Checker, groupValue: unknown): void {
  const group = asRecord(groupValue);
  const name = asString(group.variable) ?? c.cohort.dictionary.group?.variable;
  if (name === undefined) {
    c.add('group.variable', 'is missing, and the dictionary has no "group"', 'a categorical variable');
    return;
  }
  const key = group.variable !== undefined ? 'group.variable' : 'dictionary group.variable';
  const v = c.variable(key, name, 'categorical');
  if (v?.type !== 'categorical') return;
  const order = asArray(group.order).map(asString);
  order.forEach((l, i) => {
    c.level(`group.order[${i}]`, name, l);
    const first = order.indexOf(l);
    if (l !== undefined && first < i)
      c.add(`group.order[${i}]`, `"${l}" is listed again (it is group.order[${first}])`, 'each level once');
  });
  c.level('group.reference', name, asString(group.reference));
  for (const l of Object.keys(asRecord(group.labels))) c.level(`group.labels.${l}`, name, l);
  const reference = asString(group.reference) ?? v.reference;
  if (order.length > 0 && !order.includes(reference))
    c.add(
      'group.reference',
      `"${reference}"${group.reference === undefined ? ' (the dictionary’s reference)' : ''} is not among the compared levels of group.order`,
      `one of ${order.join(', ')}`,
    );
}

function checkTable1(c: Checker, table1: unknown): void {
  const item = (key: string, x: unknown) => {
    if (typeof x === 'string') c.variable(key, x, 'table1');
    else c.variable(`${key}.variable`, asString(asRecord(x).variable), 'table1');
  };
  asArray(asRecord(table1).variables).forEach((x, i) => {
    const key = `table1.variables[${i}]`;
    const heading = asRecord(x);
    if ('heading' in heading)
      asArray(heading.variables).forEach((sub, j) => {
        item(`${key}.variables[${j}]`, sub);
      });
    else item(key, x);
  });
}

function checkCox(c: Checker, coxValue: unknown): void {
  const cox = asRecord(coxValue);
  c.covariates('cox.covariates', cox.covariates, 'cox');
  const names = asArray(cox.covariates).map((x) =>
    typeof x === 'string' ? x : asString(asRecord(x).variable),
  );
  const mv = asRecord(cox.multivariable);
  const explicit = mv.rule === 'explicit';
  const listKey = explicit ? 'cox.multivariable.variables' : 'cox.multivariable.alwaysInclude';
  asArray(explicit ? mv.variables : mv.alwaysInclude).forEach((name, i) => {
    if (typeof name === 'string' && !names.includes(name))
      c.add(`${listKey}[${i}]`, `"${name}" is not one of cox.covariates`, `one of ${names.join(', ')}`);
  });
}

/**
 * Checks every name in a plan (parsed JSON/YAML, valid or not) against the cohort's dictionary and
 * returns all problems, each with its plan key: unknown variables or endpoints, a continuous variable
 * where levels are needed, unknown level names, a reference outside the compared levels,
 * multivariable names that are not covariates.
 */
export function planDictionaryProblems(value: unknown, cohort: Cohort): PlanProblem[] {
  const c = new Checker(cohort);
  const plan = asRecord(value);
  checkGroup(c, plan.group);
  const endpointNames = cohort.endpoints.map((e) => e.name);
  asArray(plan.endpoints).forEach((e, i) => {
    const name = asString(asRecord(e).name);
    if (name !== undefined && !endpointNames.includes(name))
      c.add(
        `endpoints[${i}].name`,
        `unknown endpoint "${name}"`,
        `an endpoint of the dictionary: ${endpointNames.join(', ') || '(it defines none)'}`,
      );
  });
  checkTable1(c, plan.table1);
  checkCox(c, plan.cox);
  c.covariates('forest.variables', asRecord(plan.forest).variables, 'categorical');
  asArray(plan.subgroupKm).forEach((s, i) => {
    const name = asString(asRecord(s).variable);
    if (c.variable(`subgroupKm[${i}].variable`, name, 'categorical') !== undefined)
      c.level(`subgroupKm[${i}].level`, name!, asString(asRecord(s).level));
  });
  checkSensitivity(c, plan, cohort);
  // The propensity model's covariates: any variable a Cox model could take.
  asArray(asRecord(plan.propensity).covariates).forEach((v, i) => {
    c.variable(`propensity.covariates[${i}]`, asString(v), 'cox');
  });
  return c.problems;
}

/** The E-value is of the group's adjusted HR, so the group variable must be a Cox covariate. */
function checkSensitivity(c: Checker, plan: Record<string, unknown>, cohort: Cohort): void {
  if (asRecord(plan.sensitivity).eValue === undefined) return;
  const group = asString(asRecord(plan.group).variable) ?? cohort.dictionary.group?.variable;
  const names = asArray(asRecord(plan.cox).covariates).map((x) =>
    typeof x === 'string' ? x : asString(asRecord(x).variable),
  );
  if (group !== undefined && !names.includes(group))
    c.add(
      'sensitivity.eValue',
      `the group variable "${group}" is not among cox.covariates`,
      `"${group}" among cox.covariates (the E-value is of its adjusted HR)`,
    );
}
