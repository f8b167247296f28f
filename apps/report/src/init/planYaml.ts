import { type DraftVariable, draftEndpointColumns, type StudyDraft } from '@survkit/cohort';
import { commentLines, flowList, guessLines, scalar } from './yamlLines.js';

/** Categorical covariates with more levels than this are left to a person (sparse levels, long tables). */
const MAX_COVARIATE_LEVELS = 5;
/** Categorical variables with more levels than this (lung's 18 institutions) are left out of Table 1 too. */
const MAX_TABLE1_LEVELS = 12;

/**
 * The variables of Table 1 and the Cox models: all but the group, the endpoints' columns, dates and
 * times reached during follow-up (not baseline characteristics: `findIntermediateTimes`).
 */
export function planVariables(draft: StudyDraft): {
  table1: string[];
  covariates: string[];
  forest: string[];
  /** Categorical variables with too many levels for Table 1 (a person decides: merge levels, or strata). */
  manyLevels: string[];
} {
  const endpointColumns = new Set(draft.endpoints.flatMap(draftEndpointColumns));
  const duringFollowUp = new Set(draft.intermediateTimes.map((t) => t.variable));
  const variables = draft.columns.flatMap((c) => (c.role === 'variable' ? [c.variable] : []));
  const rest = variables.filter(
    (v) =>
      v.name !== draft.group?.variable &&
      !endpointColumns.has(v.name) &&
      !duringFollowUp.has(v.name) &&
      v.type !== 'date',
  );
  const levels = (v: DraftVariable) =>
    v.type === 'categorical' ? v.levels.length : v.type === 'boolean' ? 2 : 0;
  const modelled = rest.filter(
    (v) => v.type === 'continuous' || (levels(v) >= 2 && levels(v) <= MAX_COVARIATE_LEVELS),
  );
  return {
    table1: rest.filter((v) => levels(v) <= MAX_TABLE1_LEVELS).map((v) => v.name),
    manyLevels: rest.filter((v) => levels(v) > MAX_TABLE1_LEVELS).map((v) => v.name),
    covariates: modelled.map((v) => v.name),
    forest: modelled.filter((v) => v.type !== 'continuous' && levels(v) <= 3).map((v) => v.name),
  };
}

/**
 * The drafted analysis plan as commented YAML that `readPlanFile` reads: the group and endpoints
 * of the draft, every other variable in Table 1, the group and the other variables as Cox
 * covariates with a univariable screen (p < 0.05) for the multivariable model.
 */
export function planYaml(draft: StudyDraft, dictionaryFile: string, generatedBy: string): string {
  const { table1, covariates, forest, manyLevels } = planVariables(draft);
  const group = draft.group?.variable;
  const lines = [
    ...commentLines('', [
      `Analysis plan drafted by ${generatedBy} for ${draft.fileName}, with the dictionary ${dictionaryFile}.`,
      'Lines marked "guess:" were chosen from the data: check each. Reference: apps/report/plan.schema.json.',
    ]),
    `title: ${scalar(group === undefined ? `Survival in ${draft.fileName}` : `Survival by ${group}`)}  # write the report's title`,
    `population: ${scalar(`patients of ${draft.fileName}`)}  # e.g. "patients with advanced lung cancer"`,
  ];
  if (group !== undefined)
    lines.push('group:', ...guessLines('  ', draft.group!.guesses), `  variable: ${scalar(group)}`);
  else lines.push('# group: no candidate was found; the report needs one (group: { variable: … })');
  lines.push('endpoints:');
  if (draft.endpoints.length === 0)
    lines.push('  []  # none recognised: name the dictionary’s endpoint here');
  for (const e of draft.endpoints)
    lines.push(
      `  - name: ${scalar(e.name)}`,
      `    abbreviation: ${scalar(e.name)}`,
      `    label: ${scalar(e.label)}`,
    );
  const t1 = table1.length > 0 ? table1 : group === undefined ? [] : [group];
  lines.push(
    'confLevel: 0.95',
    'table1:',
    '  # Fisher’s exact test when an expected count is below 5, else Pearson’s chi-square.',
    '  test: auto',
    ...(draft.intermediateTimes.length === 0
      ? []
      : [
          `  # left out: ${draft.intermediateTimes.map((t) => t.variable).join(', ')} — times reached during follow-up, not baseline characteristics (see the drafting notes)`,
        ]),
    ...(manyLevels.length === 0
      ? []
      : [
          `  # left out: ${manyLevels.join(', ')} — more than ${MAX_TABLE1_LEVELS} levels (merge levels to add one here)`,
        ]),
    '  variables:',
    ...(t1.length === 0 ? ['    []  # no variable found'] : t1.map((v) => `    - ${scalar(v)}`)),
    'survival:',
    '  # The unit every time is shown in; the endpoint’s own unit is in the dictionary.',
    '  timeUnit: months',
    '  landmarks: []  # e.g. [12, 24, 60]: survival rates at these times',
    '  confidenceBands: true',
    'cox:',
    '  ties: efron',
    '  covariates:',
  );
  const cox = [...(group === undefined ? [] : [group]), ...covariates];
  lines.push(...(cox.length === 0 ? ['    []  # no covariate found'] : cox.map((v) => `    - ${scalar(v)}`)));
  lines.push(
    '  multivariable:',
    '    # guess: every covariate with a univariable likelihood-ratio p below 0.05, and always the group',
    '    rule: univariate-p',
    '    pBelow: 0.05',
    `    alwaysInclude: ${flowList(group === undefined ? [] : [group])}`,
    'forest:',
    `  variables: []${forest.length === 0 ? '' : `  # subgroups for the forest plot, e.g. ${flowList(forest.slice(0, 3))}`}`,
  );
  return `${lines.join('\n')}\n`;
}
