import type { Cohort } from '@survkit/cohort';

type Kind = 'categorical' | 'table1' | 'cox' | 'any';

/** A problem with its plan key (`cox.covariates[2].variable`) and what is wrong there. */
export interface PlanProblem {
  readonly key: string;
  readonly message: string;
}

// The plan is checked against the dictionary before (or without) zod's shape check succeeding, so
// every problem of a file is reported in one run. These readers take only what has the right type
// and leave a wrong type to zod's message.
const asString = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const asArray = (x: unknown): readonly unknown[] => (Array.isArray(x) ? x : []);
const asRecord = (x: unknown): Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {};

/**
 * Checks every name in a plan (parsed JSON/YAML, valid or not) against the cohort's dictionary and
 * returns all problems, each with its plan key: unknown variables or endpoints, a continuous variable
 * where levels are needed, unknown level names, multivariable names that are not covariates.
 */
export function planDictionaryProblems(value: unknown, cohort: Cohort): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const add = (key: string, message: string) => problems.push({ key, message });
  const byName = new Map(cohort.variables.map((v) => [v.name, v]));
  const known = () => [...byName.keys()].join(', ');
  const variable = (key: string, name: string | undefined, kind: Kind) => {
    if (name === undefined) return undefined;
    const v = byName.get(name);
    if (v === undefined) {
      add(
        key,
        `unknown variable "${name}" (the dictionary "${cohort.dictionary.study.name}" has: ${known()})`,
      );
      return undefined;
    }
    if (kind === 'categorical' && v.type !== 'categorical')
      add(key, `"${name}" is ${v.type}; a categorical variable is needed`);
    if (kind === 'table1' && v.type === 'date')
      add(key, `"${name}" is a date; Table 1 shows categorical or continuous variables`);
    if (kind === 'cox' && v.type === 'date')
      add(key, `"${name}" is a date; a Cox covariate is categorical or continuous`);
    return v;
  };
  const level = (key: string, name: string, value: string | undefined) => {
    const v = byName.get(name);
    if (value !== undefined && v?.type === 'categorical' && !v.levels.includes(value))
      add(key, `"${value}" is not a level of ${name} (levels: ${v.levels.join(', ')})`);
  };
  const plan = asRecord(value);

  const group = asRecord(plan.group);
  const groupName = asString(group.variable) ?? cohort.dictionary.group?.variable;
  if (groupName === undefined) add('group.variable', 'not given, and the dictionary has no "group"');
  else if (
    variable(
      group.variable !== undefined ? 'group.variable' : 'dictionary group.variable',
      groupName,
      'categorical',
    )
  ) {
    asArray(group.order).forEach((l, i) => {
      level(`group.order[${i}]`, groupName, asString(l));
    });
    level('group.reference', groupName, asString(group.reference));
    const v = byName.get(groupName);
    const order = asArray(group.order).map(asString);
    const reference = asString(group.reference) ?? (v?.type === 'categorical' ? v.reference : undefined);
    if (order.length > 0 && reference !== undefined && !order.includes(reference))
      add(
        'group.reference',
        `"${reference}"${group.reference === undefined ? ' (the dictionary’s reference)' : ''} is not among the compared levels of group.order (${order.join(', ')})`,
      );
    for (const l of Object.keys(asRecord(group.labels))) level(`group.labels.${l}`, groupName, l);
  }
  const endpointNames = cohort.endpoints.map((e) => e.name);
  asArray(plan.endpoints).forEach((e, i) => {
    const name = asString(asRecord(e).name);
    if (name !== undefined && !endpointNames.includes(name))
      add(
        `endpoints[${i}].name`,
        `unknown endpoint "${name}" (the dictionary defines: ${endpointNames.join(', ') || 'none'})`,
      );
  });
  const table1Item = (key: string, item: unknown) => {
    if (typeof item === 'string') variable(key, item, 'table1');
    else variable(`${key}.variable`, asString(asRecord(item).variable), 'table1');
  };
  asArray(asRecord(plan.table1).variables).forEach((item, i) => {
    const key = `table1.variables[${i}]`;
    const heading = asRecord(item);
    if ('heading' in heading)
      asArray(heading.variables).forEach((sub, j) => {
        table1Item(`${key}.variables[${j}]`, sub);
      });
    else table1Item(key, item);
  });
  const covariates = (key: string, list: unknown, kind: Kind) =>
    asArray(list).forEach((c, i) => {
      const item = typeof c === 'string' ? { variable: c } : asRecord(c);
      const name = asString(item.variable);
      const at = typeof c === 'string' ? `${key}[${i}]` : `${key}[${i}].variable`;
      const v = variable(at, name, kind);
      if (name === undefined || v === undefined) return;
      level(`${key}[${i}].reference`, name, asString(item.reference));
      if (item.per !== undefined && v.type !== 'continuous')
        add(`${key}[${i}].per`, `"${name}" is ${v.type}; "per" applies to a continuous variable`);
    });
  const cox = asRecord(plan.cox);
  covariates('cox.covariates', cox.covariates, 'cox');
  const covNames = asArray(cox.covariates).map((c) =>
    typeof c === 'string' ? c : asString(asRecord(c).variable),
  );
  const mv = asRecord(cox.multivariable);
  const explicit = mv.rule === 'explicit';
  const listKey = explicit ? 'cox.multivariable.variables' : 'cox.multivariable.alwaysInclude';
  asArray(explicit ? mv.variables : mv.alwaysInclude).forEach((name, i) => {
    if (typeof name === 'string' && !covNames.includes(name))
      add(`${listKey}[${i}]`, `"${name}" is not one of cox.covariates (${covNames.join(', ')})`);
  });
  covariates('forest.variables', asRecord(plan.forest).variables, 'categorical');
  asArray(plan.subgroupKm).forEach((s, i) => {
    const name = asString(asRecord(s).variable);
    if (variable(`subgroupKm[${i}].variable`, name, 'categorical') !== undefined)
      level(`subgroupKm[${i}].level`, name!, asString(asRecord(s).level));
  });
  return problems;
}
