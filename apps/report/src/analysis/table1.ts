import type { Cohort } from '@survkit/cohort';
import {
  compareCategorical,
  fisherMonteCarloTest,
  kruskalWallisTest,
  StatsInputError,
  StatsLimitError,
  summarizeContinuous,
  wilcoxonRankSumTest,
} from '@survkit/stats';
import { ReportError } from '../errors.js';
import type { AnalysisPlan, Table1VariableItem } from '../plan/schema.js';
import type { Rows } from './data.js';
import type { GroupSplit } from './group.js';
import type { Table1Categorical, Table1Continuous, Table1Result, Table1Row, TestUsed } from './types.js';

/**
 * Monte Carlo settings when a row's exact Fisher test is beyond reach and the plan gives none
 * (`table1.monteCarlo`): 10⁵ tables (Monte Carlo SE ≤ 0.0016 for any p) from R's default
 * generator after set.seed(2024), so the p-value is reproducible in R.
 */
export const DEFAULT_TABLE1_MONTE_CARLO = { B: 100_000, seed: 2024 } as const;

/** A continuous row: median (range) per group, Wilcoxon (two groups) or Kruskal–Wallis test. */
function continuousRow(
  v: Extract<Cohort['variables'][number], { type: 'continuous' }>,
  label: string,
  depth: number,
  split: GroupSplit,
): Table1Continuous {
  const known = split.rowsByGroup.map((rows) =>
    Array.from(rows, (r) => v.values[r]!).filter((x) => !Number.isNaN(x)),
  );
  const perGroup = known.map((values, j) => {
    const missing = split.rowsByGroup[j]!.length - values.length;
    if (values.length === 0) return { n: 0, missing, median: Number.NaN, min: Number.NaN, max: Number.NaN };
    const s = summarizeContinuous(values);
    return { n: s.n, missing, median: s.median, min: s.min, max: s.max };
  });
  const samples = known.filter((x) => x.length > 0);
  let test: Table1Continuous['test'] = null;
  let pValue: number | null = null;
  let statistic: number | null = null;
  try {
    if (samples.length === 2) {
      const r = wilcoxonRankSumTest(samples[0]!, samples[1]!);
      [test, pValue, statistic] = ['wilcoxon', r.pValue, r.statistic];
    } else if (samples.length > 2) {
      const r = kruskalWallisTest(samples);
      [test, pValue, statistic] = ['kruskal', r.pValue, r.statistic];
    }
  } catch (error) {
    // Too few values to rank (e.g. one patient per group): shown untested.
    if (!(error instanceof StatsInputError)) throw error;
  }
  return {
    kind: 'continuous',
    depth,
    variable: v.name,
    label,
    unit: v.unit ?? null,
    test,
    pValue,
    statistic,
    decimals: recordedDecimals(v.values),
    perGroup,
  };
}

function categoricalRow(
  cohort: Cohort,
  item: Exclude<Table1VariableItem, string> | { variable: string },
  depth: number,
  split: GroupSplit,
  plan: AnalysisPlan,
  key: string,
): Table1Categorical | Table1Continuous {
  const v = cohort.variables.find((x) => x.name === item.variable);
  if (v === undefined) throw new ReportError(`${key}: unknown variable "${item.variable}"`);
  const label = ('label' in item && item.label) || v.label;
  const g = split.levels.length;
  if (v.type === 'continuous' || v.type === 'date') {
    if (v.type === 'date')
      throw new ReportError(
        `${key}: "${v.name}" is a date; Table 1 shows categorical or continuous variables`,
      );
    return continuousRow(v, label, depth, split);
  }
  const k = v.levels.length;
  const counts = Array.from({ length: k + 1 }, () => new Array<number>(g).fill(0));
  split.rowsByGroup.forEach((rows: Rows, j) => {
    for (const r of rows) {
      const c = v.codes[r]!;
      counts[c < 0 ? k : c]![j]! += 1;
    }
  });
  const levels = v.levelLabels.map((l, i) => ({ label: l, counts: counts[i]!, unknown: false }));
  const unknownCounts = counts[k]!;
  if (unknownCounts.some((c) => c > 0))
    levels.push({ label: v.missingLabel, counts: unknownCounts, unknown: true });

  // Missing values are a category of the test when the plan says so (the paper's pathological type
  // and grade p-values are reproduced only with "Unknown" included), else left out of it as R's
  // table() leaves NA out; the "Unknown" row is shown either way.
  const missing = ('missing' in item && item.missing) || plan.table1.missing;
  const table = levels.filter((l) => missing === 'category' || !l.unknown).map((l) => [...l.counts]);
  const planned = ('test' in item && item.test) || plan.table1.test;
  const none = {
    kind: 'categorical',
    depth,
    variable: v.name,
    label,
    levels,
    test: null,
    missing,
    autoTest: 'chisq',
    autoPValue: null,
    pValue: null,
    statistic: null,
    minExpected: null,
  } as const;
  const nonEmptyRows = table.filter((row) => row.some((c) => c > 0)).length;
  const nonEmptyCols = table[0]!.filter((_, j) => table.some((row) => row[j]! > 0)).length;
  if (nonEmptyRows < 2 || nonEmptyCols < 2) return none;
  try {
    const auto = compareCategorical(table, { test: 'auto' });
    const used =
      planned === 'auto' || planned === auto.test ? auto : compareCategorical(table, { test: planned });
    return {
      kind: 'categorical',
      depth,
      variable: v.name,
      label,
      levels,
      test: used.test,
      missing,
      autoTest: auto.test,
      autoPValue: used.test === auto.test ? null : auto.pValue,
      pValue: used.pValue,
      statistic: used.statistic ?? null,
      minExpected: auto.minExpected,
    };
  } catch (error) {
    if (error instanceof StatsLimitError) return withMonteCarloFisher(none, table, planned, plan);
    if (error instanceof StatsInputError) return none;
    throw error;
  }
}

/**
 * A row whose exact Fisher test threw StatsLimitError (R's FEXACT would stop too): Fisher's
 * p-value, wherever the row needs it (the test used or the automatic rule's footnote), becomes
 * R's Monte Carlo one, fisher.test(x, simulate.p.value = TRUE, B) after set.seed(seed).
 */
function withMonteCarloFisher(
  none: Omit<Table1Categorical, 'test' | 'autoTest'> & { readonly kind: 'categorical' },
  table: number[][],
  planned: 'auto' | TestUsed,
  plan: AnalysisPlan,
): Table1Categorical {
  const chi = compareCategorical(table, { test: 'chisq' });
  const autoTest: TestUsed = chi.minExpected >= 5 ? 'chisq' : 'fisher';
  const test = planned === 'auto' ? autoTest : planned;
  const { B, seed } = plan.table1.monteCarlo ?? DEFAULT_TABLE1_MONTE_CARLO;
  const mc = fisherMonteCarloTest(chi.testedTable, { B, seed });
  const pOf = (t: TestUsed) => (t === 'fisher' ? mc.pValue : chi.pValue);
  return {
    ...none,
    test,
    autoTest,
    autoPValue: test === autoTest ? null : pOf(autoTest),
    pValue: pOf(test),
    statistic: test === 'chisq' ? (chi.statistic ?? null) : null,
    minExpected: chi.minExpected,
    monteCarlo: { B, seed, stdErr: mc.stdErr },
  };
}

/** Table 1: every plan row, counts per group, and the planned (or automatic) test. */
export function computeTable1(cohort: Cohort, plan: AnalysisPlan, split: GroupSplit): Table1Result {
  const rows: Table1Row[] = [];
  // The group itself is left out, as gtsummary's tbl_summary(by =) does: by its own split it is a
  // diagonal of 100% cells with p < 0.001 that the summary would report as a difference between the
  // groups (a plan keeps it when the group is changed, in the web page or after `survkit init`).
  const isGroup = (item: string | { variable: string }) =>
    (typeof item === 'string' ? item : item.variable) === split.variable.name;
  plan.table1.variables.forEach((item, i) => {
    const key = `table1.variables[${i}]`;
    if (typeof item === 'string') {
      if (!isGroup(item)) rows.push(categoricalRow(cohort, { variable: item }, 0, split, plan, key));
    } else if ('heading' in item) {
      rows.push({ kind: 'heading', label: item.heading });
      item.variables.forEach((sub, j) => {
        const subItem = typeof sub === 'string' ? { variable: sub } : sub;
        if (!isGroup(subItem))
          rows.push(categoricalRow(cohort, subItem, 1, split, plan, `${key}.variables[${j}]`));
      });
    } else if (!isGroup(item)) rows.push(categoricalRow(cohort, item, 0, split, plan, key));
  });
  return { groupN: split.rowsByGroup.map((r) => r.length), missing: plan.table1.missing, rows };
}

/** How many decimals (0 or 1) a variable is recorded with: 0 when every value is a whole number. */
export function recordedDecimals(values: ArrayLike<number>): 0 | 1 {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isFinite(x) && !Number.isInteger(x)) return 1;
  }
  return 0;
}
