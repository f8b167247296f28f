import type { Cohort } from '@survkit/cohort';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { type CategoricalVariable, categorical, type Rows } from './data.js';
import type { GroupInfo } from './types.js';

/** The comparison groups: which patients are in which group, in display order. */
export interface GroupSplit {
  readonly info: GroupInfo;
  readonly variable: CategoricalVariable;
  /** Group levels (dictionary level names) in display order. */
  readonly levels: readonly string[];
  /** Code (index into the variable's levels) of each display group. */
  readonly codes: readonly number[];
  readonly rowsByGroup: readonly Rows[];
  /** Every patient with a known group. */
  readonly rows: Rows;
  readonly missing: number;
}

export function splitGroups(cohort: Cohort, plan: AnalysisPlan): GroupSplit {
  const name = plan.group?.variable ?? cohort.dictionary.group?.variable;
  if (name === undefined)
    throw new ReportError(
      'group.variable: the plan names no group variable and the dictionary has no "group"',
    );
  const v = categorical(cohort, name, 'group.variable');
  const dictColumns =
    cohort.dictionary.group?.variable === name ? cohort.dictionary.group.columns : undefined;
  const order = plan.group?.order ?? dictColumns?.map((c) => c.level) ?? [...v.levels];
  order.forEach((level, i) => {
    if (!v.levels.includes(level))
      throw new ReportError(
        `group.order[${i}]: "${level}" is not a level of ${name} (levels: ${v.levels.join(', ')})`,
      );
  });
  const reference = plan.group?.reference ?? v.reference;
  if (!order.includes(reference))
    throw new ReportError(
      `group.reference: "${reference}" is not among the compared levels (${order.join(', ')})`,
    );
  const codes = order.map((l) => v.levels.indexOf(l));
  const buckets = codes.map(() => [] as number[]);
  let missing = 0;
  const all: number[] = [];
  for (let r = 0; r < cohort.n; r++) {
    const j = codes.indexOf(v.codes[r]!);
    if (j < 0) {
      missing++;
      continue;
    }
    buckets[j]!.push(r);
    all.push(r);
  }
  const labelOf = (level: string): string =>
    plan.group?.labels?.[level] ??
    dictColumns?.find((c) => c.level === level)?.label ??
    v.levelLabels[v.levels.indexOf(level)] ??
    level;
  const rowsByGroup = buckets.map((b) => Int32Array.from(b));
  const info: GroupInfo = {
    variable: name,
    label: v.label,
    levels: order.map((level, j) => ({ level, label: labelOf(level), n: rowsByGroup[j]!.length })),
    reference,
  };
  const nonEmpty = rowsByGroup.filter((r) => r.length > 0).length;
  if (nonEmpty < 2)
    throw new ReportError(
      `group "${name}": fewer than two groups have patients (${info.levels.map((l) => `${l.label} ${l.n}`).join(', ')}); nothing to compare`,
    );
  return { info, variable: v, levels: order, codes, rowsByGroup, rows: Int32Array.from(all), missing };
}
