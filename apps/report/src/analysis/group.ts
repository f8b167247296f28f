import type { Cohort, CohortVariable } from '@survkit/cohort';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { type CategoricalVariable, categorical, type Rows } from './data.js';
import type { FlowResult, GroupInfo, GroupLevel } from './types.js';

/** The comparison groups: which patients are in which group, in display order. */
export interface GroupSplit {
  readonly info: GroupInfo;
  readonly variable: CategoricalVariable;
  /** Group levels (dictionary level names) in display order. */
  readonly levels: readonly string[];
  /** Code (index into the variable's levels) of each display group. */
  readonly codes: readonly number[];
  readonly rowsByGroup: readonly Rows[];
  /** Every analysed patient: a known group among the compared levels. */
  readonly rows: Rows;
  /** Patients whose group is missing (not analysed). */
  readonly missing: number;
  /** Levels left out by a plan's `group.order` that lists a subset, with their patients (not analysed). */
  readonly notCompared: readonly GroupLevel[];
  /** Compared levels without a patient: left out of every table and figure, as survfit leaves out an empty stratum. */
  readonly empty: readonly GroupLevel[];
}

/**
 * A group level's display name, defined in one place: the plan's `group.labels` override, else the
 * dictionary's level label. Every table, figure and sentence reads it from here (through
 * {@link GroupInfo} or {@link withGroupLabels}).
 */
function groupLabel(plan: AnalysisPlan, v: CategoricalVariable, level: string): string {
  return plan.group?.labels?.[level] ?? v.levelLabels[v.levels.indexOf(level)] ?? level;
}

export function splitGroups(cohort: Cohort, plan: AnalysisPlan): GroupSplit {
  const name = plan.group?.variable ?? cohort.dictionary.group?.variable;
  if (name === undefined)
    throw new ReportError(
      'group.variable: the plan names no group variable and the dictionary has no "group"',
    );
  const v = categorical(cohort, name, 'group.variable');
  const dictOrder = cohort.dictionary.group?.variable === name ? cohort.dictionary.group.order : undefined;
  const order = plan.group?.order ?? dictOrder ?? [...v.levels];
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
  const { buckets, all, missing, left } = rowsOfGroups(v.codes, codes, v.levels.length);
  // An arm without patients is left out (R: survfit has no stratum for it, survdiff compares the
  // others, Table 1's tests drop its empty column), with a note, not shown as a zero-size arm.
  const kept = order.flatMap((_level, j) => (buckets[j]!.length > 0 ? [j] : []));
  const empty = order
    .filter((_, j) => buckets[j]!.length === 0)
    .map((level) => ({ level, label: groupLabel(plan, v, level), n: 0 }));
  if (empty.some((l) => l.level === reference) && kept.length >= 2)
    throw new ReportError(
      `group.reference: the reference arm "${reference}" has no patients; expected a reference among the arms with patients (${kept.map((j) => order[j]).join(', ')})`,
    );
  const rowsByGroup = kept.map((j) => buckets[j]!);
  const info: GroupInfo = {
    variable: name,
    label: v.label,
    levels: kept.map((j, k) => ({
      level: order[j]!,
      label: groupLabel(plan, v, order[j]!),
      n: rowsByGroup[k]!.length,
    })),
    reference,
  };
  const notCompared = v.levels
    .filter((level, k) => !order.includes(level) && left[k]! > 0)
    .map((level) => ({ level, label: groupLabel(plan, v, level), n: left[v.levels.indexOf(level)]! }));
  if (kept.length < 2)
    throw new ReportError(
      `group "${name}": fewer than two groups have patients (${order.map((l, j) => `${groupLabel(plan, v, l)} ${buckets[j]!.length}`).join(', ')}); nothing to compare`,
    );
  return {
    info,
    variable: v,
    levels: kept.map((j) => order[j]!),
    codes: kept.map((j) => codes[j]!),
    rowsByGroup,
    rows: all,
    missing,
    notCompared,
    empty,
  };
}

/**
 * The cohort as the analyses see it: the group variable's level labels replaced by the groups'
 * display names, so a Cox row or a Table 1 row of the group variable names each arm exactly as the
 * Table 1 columns and the figure legends do.
 */
export function withGroupLabels(cohort: Cohort, split: GroupSplit): Cohort {
  const v = split.variable;
  const relabelled: CohortVariable = {
    ...v,
    levelLabels: v.levels.map(
      (level, k) =>
        split.info.levels.find((l) => l.level === level)?.label ??
        split.notCompared.find((l) => l.level === level)?.label ??
        v.levelLabels[k]!,
    ),
  };
  const variables = cohort.variables.map((x) => (x.name === v.name ? relabelled : x));
  // A spread keeps every other field and method of the cohort (its methods are own properties).
  return {
    ...cohort,
    variables,
    variable: (name) => (name === v.name ? relabelled : cohort.variable(name)),
  };
}

/**
 * The patient flow of the analysis: the dictionary's eligibility exclusions, then the patients the
 * comparison leaves out — a missing group, and levels a plan's `group.order` does not compare — so
 * that "analysed" counts exactly the patients every table, figure and sentence uses.
 */
export function analysisFlow(cohort: Cohort, split: GroupSplit): FlowResult {
  const excluded = cohort.flow.excluded.map((e) => ({ reason: e.reason, n: e.n }));
  if (split.missing > 0) excluded.push({ reason: `${split.info.label} unknown`, n: split.missing });
  for (const l of split.notCompared)
    excluded.push({ reason: `not in the compared arms: ${l.label}`, n: l.n });
  return {
    screened: cohort.flow.screened,
    excluded,
    analysed: split.rows.length,
    groupMissing: split.missing,
    notCompared: split.notCompared,
    ...(split.empty.length === 0 ? {} : { emptyArms: split.empty }),
  };
}

/**
 * The rows of each compared group (`groupCodes[j]` is group j's level code), all of them in row
 * order, the patients without a level, and per level code the patients of levels not compared. Two
 * passes over typed arrays (count, then fill): at 10⁶ patients, pushing the rows into plain arrays
 * and copying them took a few hundred ms on the analysis worker's critical path. A level named twice
 * has its patients in its first place only.
 */
function rowsOfGroups(
  levelCodes: ArrayLike<number>,
  groupCodes: readonly number[],
  nLevels: number,
): { buckets: Int32Array[]; all: Int32Array; missing: number; left: number[] } {
  const slot = new Int32Array(nLevels).fill(-1); // level code → compared group j, or −1
  groupCodes.forEach((code, j) => {
    if (slot[code]! < 0) slot[code] = j;
  });
  const counts = new Int32Array(nLevels);
  let missing = 0;
  const n = levelCodes.length;
  for (let r = 0; r < n; r++) {
    const code = levelCodes[r]!;
    if (code < 0) missing++;
    else counts[code]!++;
  }
  const left = Array.from(counts, (count, code) => (slot[code]! < 0 ? count : 0));
  const buckets = groupCodes.map((code, j) => new Int32Array(slot[code] === j ? counts[code]! : 0));
  const filled = new Int32Array(groupCodes.length);
  const all = new Int32Array(buckets.reduce((sum, b) => sum + b.length, 0));
  let m = 0;
  for (let r = 0; r < n; r++) {
    const code = levelCodes[r]!;
    const j = code < 0 ? -1 : slot[code]!;
    if (j < 0) continue;
    buckets[j]![filled[j]!++] = r;
    all[m++] = r;
  }
  return { buckets, all, missing, left };
}
