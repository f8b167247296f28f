import type { Cohort } from '@survkit/cohort';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from './schema.js';

type Kind = 'categorical' | 'table1' | 'cox' | 'any';

/**
 * Checks every name in the plan against the cohort's dictionary before any computation, and reports
 * all problems at once, each with its plan key: unknown variables or endpoints, a continuous variable
 * where levels are needed, unknown level names.
 */
export function checkPlanAgainstCohort(plan: AnalysisPlan, cohort: Cohort): void {
  const problems: string[] = [];
  const byName = new Map(cohort.variables.map((v) => [v.name, v]));
  const known = () => [...byName.keys()].join(', ');
  const variable = (key: string, name: string, kind: Kind) => {
    const v = byName.get(name);
    if (v === undefined) {
      problems.push(
        `${key}: unknown variable "${name}" (the dictionary "${cohort.dictionary.study.name}" has: ${known()})`,
      );
      return undefined;
    }
    if (kind === 'categorical' && v.type !== 'categorical')
      problems.push(`${key}: "${name}" is ${v.type}; a categorical variable is needed`);
    if (kind === 'table1' && v.type === 'date')
      problems.push(`${key}: "${name}" is a date; Table 1 shows categorical or continuous variables`);
    if (kind === 'cox' && v.type === 'date')
      problems.push(`${key}: "${name}" is a date; a Cox covariate is categorical or continuous`);
    return v;
  };
  const level = (key: string, name: string, value: string) => {
    const v = byName.get(name);
    if (v?.type === 'categorical' && !v.levels.includes(value))
      problems.push(`${key}: "${value}" is not a level of ${name} (levels: ${v.levels.join(', ')})`);
  };

  const groupName = plan.group?.variable ?? cohort.dictionary.group?.variable;
  if (groupName === undefined) problems.push('group.variable: not given, and the dictionary has no "group"');
  else {
    variable(
      plan.group?.variable !== undefined ? 'group.variable' : 'dictionary group.variable',
      groupName,
      'categorical',
    );
    plan.group?.order?.forEach((l, i) => {
      level(`group.order[${i}]`, groupName, l);
    });
    if (plan.group?.reference !== undefined) level('group.reference', groupName, plan.group.reference);
    for (const l of Object.keys(plan.group?.labels ?? {})) level(`group.labels.${l}`, groupName, l);
  }
  const endpointNames = cohort.endpoints.map((e) => e.name);
  plan.endpoints.forEach((e, i) => {
    if (!endpointNames.includes(e.name))
      problems.push(
        `endpoints[${i}].name: unknown endpoint "${e.name}" (the dictionary defines: ${endpointNames.join(', ') || 'none'})`,
      );
  });
  plan.table1.variables.forEach((item, i) => {
    const key = `table1.variables[${i}]`;
    if (typeof item === 'string') variable(key, item, 'table1');
    else if ('heading' in item)
      item.variables.forEach((sub, j) => {
        variable(`${key}.variables[${j}]`, typeof sub === 'string' ? sub : sub.variable, 'table1');
      });
    else variable(`${key}.variable`, item.variable, 'table1');
  });
  const covariates = (key: string, list: AnalysisPlan['cox']['covariates'], kind: Kind) =>
    list.forEach((c, i) => {
      const item = typeof c === 'string' ? { variable: c } : c;
      const v = variable(
        typeof c === 'string' ? `${key}[${i}]` : `${key}[${i}].variable`,
        item.variable,
        kind,
      );
      if (v === undefined) return;
      if ('reference' in item && item.reference !== undefined)
        level(`${key}[${i}].reference`, item.variable, item.reference);
      if ('per' in item && item.per !== undefined && v.type !== 'continuous')
        problems.push(
          `${key}[${i}].per: "${item.variable}" is ${v.type}; "per" applies to a continuous variable`,
        );
    });
  covariates('cox.covariates', plan.cox.covariates, 'cox');
  const covNames = plan.cox.covariates.map((c) => (typeof c === 'string' ? c : c.variable));
  const mv = plan.cox.multivariable;
  const listed = mv.rule === 'explicit' ? mv.variables : mv.alwaysInclude;
  const listKey = mv.rule === 'explicit' ? 'cox.multivariable.variables' : 'cox.multivariable.alwaysInclude';
  listed.forEach((name, i) => {
    if (!covNames.includes(name))
      problems.push(`${listKey}[${i}]: "${name}" is not one of cox.covariates (${covNames.join(', ')})`);
  });
  covariates('forest.variables', plan.forest.variables, 'categorical');
  plan.subgroupKm.forEach((s, i) => {
    if (variable(`subgroupKm[${i}].variable`, s.variable, 'categorical') !== undefined)
      level(`subgroupKm[${i}].level`, s.variable, s.level);
  });
  if (problems.length > 0)
    throw new ReportError(`the analysis plan does not fit the data dictionary:\n  ${problems.join('\n  ')}`);
}
