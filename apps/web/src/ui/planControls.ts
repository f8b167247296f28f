import { h } from './dom.ts';

// biome-ignore lint/suspicious/noExplicitAny: the plan and dictionary are the CLI's JSON, edited in place
type Json = any;

/** Variable names listed in Table 1, in order (headings flattened). */
function table1Names(items: readonly Json[]): string[] {
  return items.flatMap((item) =>
    typeof item === 'string'
      ? [item]
      : item.variables !== undefined
        ? table1Names(item.variables)
        : [item.variable],
  );
}

/** Removes `name` from Table 1 items, dropping headings left empty. */
function withoutTable1(items: readonly Json[], name: string): Json[] {
  return items.flatMap((item) => {
    if (typeof item === 'string') return item === name ? [] : [item];
    if (item.variables !== undefined) {
      const variables = withoutTable1(item.variables, name);
      return variables.length === 0 ? [] : [{ ...item, variables }];
    }
    return item.variable === name ? [] : [item];
  });
}

/** The plan's group; when none is set, the dictionary's. */
export function groupVariable(plan: Json, dictionary: Json): string | undefined {
  return plan.group?.variable ?? dictionary.group?.variable;
}

function checkboxes(
  legend: string,
  id: string,
  names: readonly { name: string; label: string }[],
  checked: (n: string) => boolean,
  toggle: (n: string, on: boolean) => void,
): HTMLElement {
  return h(
    'fieldset',
    { id, class: 'checks' },
    h('legend', {}, legend),
    ...names.map(({ name, label }) =>
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          value: name,
          checked: checked(name),
          onchange: (e: Event) => toggle(name, (e.target as HTMLInputElement).checked),
        }),
        ` ${label}`,
      ),
    ),
  );
}

/** A variable as a choice: its name, and its label with the name when they differ. */
const named = (v: Json) => ({
  name: v.name as string,
  label: v.label === v.name ? v.name : `${v.label} (${v.name})`,
});

/**
 * The adjusted model kept the old group whatever its p; it now keeps the new one (when it is a Cox
 * covariate), so Table 2's adjusted HR and the E-values are of the groups compared.
 */
function keepGroupInAdjustedModel(plan: Json, old: string | undefined, variable: string): void {
  const multivariable = plan.cox?.multivariable;
  if (!Array.isArray(multivariable?.alwaysInclude) || !multivariable.alwaysInclude.includes(old)) return;
  const covariates = (plan.cox.covariates ?? []) as Json[];
  const inCox = covariates.some((c) => (typeof c === 'string' ? c : c.variable) === variable);
  multivariable.alwaysInclude = [
    ...multivariable.alwaysInclude.filter((v: string) => v !== old && v !== variable),
    ...(inCox ? [variable] : []),
  ];
}

/** The group variable's drop-down: the dictionary's categorical and boolean variables. */
function groupSelect(plan: Json, dictionary: Json, changed: () => void): HTMLElement {
  const levelled = ((dictionary.variables ?? []) as Json[]).filter(
    (v) => v.type === 'categorical' || v.type === 'boolean',
  );
  const group = groupVariable(plan, dictionary);
  return h(
    'select',
    {
      id: 'group',
      onchange: (e: Event) => {
        const variable = (e.target as HTMLSelectElement).value;
        // A new group: the old one's level order, reference and arm labels no longer apply, nor do
        // the analyses of the old group as a treatment (its start date, its propensity model).
        plan.group = { variable };
        keepGroupInAdjustedModel(plan, group, variable);
        delete plan.immortalTime;
        delete plan.propensity;
        changed();
      },
    },
    ...levelled.map((v) => h('option', { value: v.name, selected: v.name === group }, named(v).label)),
  );
}

/** A Cox covariate in or out: the multivariable model's explicit list and forced variables follow. */
function toggleCovariate(plan: Json, name: string, on: boolean): void {
  const covariates = (plan.cox.covariates ?? []) as Json[];
  plan.cox.covariates = on
    ? [...covariates, { variable: name }]
    : covariates.filter((c) => c.variable !== name);
  const m = plan.cox.multivariable;
  if (m?.rule === 'explicit')
    m.variables = on ? [...m.variables, name] : m.variables.filter((v: string) => v !== name);
  if (m?.alwaysInclude !== undefined && !on)
    m.alwaysInclude = m.alwaysInclude.filter((v: string) => v !== name);
}

/**
 * The plan's main choices as form controls: group, endpoints, Table 1 variables, Cox covariates.
 * Each edit changes the plan object (the file the CLI reads) and calls `changed`.
 */
export function planControls(plan: Json, dictionary: Json, changed: () => void): HTMLElement {
  const variables = (dictionary.variables ?? []) as Json[];
  const describable = variables.filter((v) => v.type !== 'date').map(named);
  const endpoints = ((dictionary.endpoints ?? []) as Json[]).map((e) => ({
    name: e.name as string,
    label: `${e.label} (${e.name})`,
  }));
  const chosenEndpoints = new Set(((plan.endpoints ?? []) as Json[]).map((e) => e.name));
  const inTable1 = new Set(table1Names(plan.table1?.variables ?? []));
  const covariates = () => (plan.cox.covariates ?? []) as Json[];
  const title = h('input', {
    id: 'title',
    value: plan.title ?? '',
    size: 60,
    onchange: (e: Event) => {
      plan.title = (e.target as HTMLInputElement).value;
      changed();
    },
  });
  return h(
    'div',
    { class: 'controls' },
    h('p', {}, h('label', { for: 'title' }, 'Report title '), title),
    h(
      'p',
      {},
      h('label', { for: 'group' }, 'Compare groups of '),
      groupSelect(plan, dictionary, changed),
      h('span', { class: 'muted' }, ' — after changing the group, check the title'),
    ),
    checkboxes(
      'Endpoints',
      'endpoints',
      endpoints,
      (n) => chosenEndpoints.has(n),
      (name, on) => {
        const spec = ((dictionary.endpoints ?? []) as Json[]).find((e) => e.name === name);
        plan.endpoints = on
          ? [...(plan.endpoints ?? []), { name, abbreviation: name, label: spec?.label ?? name }]
          : (plan.endpoints as Json[]).filter((e) => e.name !== name);
        changed();
      },
    ),
    checkboxes(
      'Table 1 variables',
      'table1-vars',
      describable,
      (n) => inTable1.has(n),
      (name, on) => {
        plan.table1.variables = on
          ? [...plan.table1.variables, name]
          : withoutTable1(plan.table1.variables, name);
        changed();
      },
    ),
    checkboxes(
      'Cox covariates',
      'cox-vars',
      describable,
      (n) => covariates().some((c) => c.variable === n),
      (name, on) => {
        toggleCovariate(plan, name, on);
        changed();
      },
    ),
  );
}

/** A plan for a freshly drafted dictionary: its group, every endpoint, every other variable in Table 1. */
export function defaultPlan(dictionary: Json, fileName: string): Json {
  const variables = (dictionary.variables ?? []) as Json[];
  const endpointColumns = new Set(
    ((dictionary.endpoints ?? []) as Json[]).flatMap((e) => [e.time, e.event?.var]),
  );
  const group = dictionary.group?.variable ?? variables.find((v) => v.type === 'categorical')?.name;
  const described = variables
    .filter((v) => v.type !== 'date' && !endpointColumns.has(v.name) && v.name !== group)
    .map((v) => v.name);
  return {
    title: `Survival analysis of ${fileName}`,
    population: 'patients of the file',
    ...(group === undefined ? {} : { group: { variable: group } }),
    endpoints: ((dictionary.endpoints ?? []) as Json[]).map((e) => ({
      name: e.name,
      abbreviation: e.name,
      label: e.label,
    })),
    table1: { variables: described.length === 0 ? [group] : described },
    survival: { timeUnit: 'months' },
    cox: {
      covariates: group === undefined ? [] : [{ variable: group }],
      multivariable: { rule: 'explicit', variables: group === undefined ? [] : [group] },
    },
  };
}
