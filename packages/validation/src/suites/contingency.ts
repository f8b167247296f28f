import {
  chiSquareTest,
  fisherExactTest,
  kruskalWallisTest,
  median,
  quantile,
  wilcoxonRankSumTest,
} from '@survkit/stats';
import { CheckList } from '../compare.js';
import { readFixture } from '../fixtures.js';
import type { SuiteSummary } from '../types.js';

/** Tolerances required by issue 3: relative 1e-9 for statistics, 1e-6 for p-values. */
export const STATISTIC_TOLERANCE = 1e-9;
export const P_VALUE_TOLERANCE = 1e-6;

interface ChisqReference {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  readonly method: string;
  readonly expected?: number[][];
}

/** One table of `fixtures/contingency.json`; chi-square results only when no margin is zero. */
export interface ContingencyTableCase {
  readonly table: number[][];
  readonly fisherP: number;
  readonly chisq?: ChisqReference;
  readonly chisqCorrected?: ChisqReference;
}

/** A harder r×c table for the Fisher network: `fisher.test(x, workspace = 2e8)` and R's elapsed time. */
export interface FisherHardCase {
  readonly table: number[][];
  readonly fisherP: number;
  /** Seconds R 4.2.2 took for this table on the machine that generated the fixture. */
  readonly rSeconds: number;
}

/** One `wilcox.test(x, y, correct = correct)` call. */
export interface WilcoxonCase {
  readonly x: number[];
  readonly y: number[];
  readonly correct: boolean;
  readonly statistic: number;
  readonly pValue: number;
  readonly method: string;
}

/** One `kruskal.test(samples)` call. */
export interface KruskalCase {
  readonly samples: number[][];
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  readonly method: string;
}

/** `quantile(values, probs, type = 7)`, `median`, `min`, `max` of one sample. */
export interface QuantileCase {
  readonly values: number[];
  readonly probs: number[];
  readonly quantiles: number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The layout written by `r/contingency.R`. */
export interface ContingencyFixture {
  readonly generatedBy: string;
  readonly r: string;
  readonly tables: readonly ContingencyTableCase[];
  readonly fisherHard: readonly FisherHardCase[];
  readonly wilcox: readonly WilcoxonCase[];
  readonly kruskal: readonly KruskalCase[];
  readonly quantile: readonly QuantileCase[];
}

/** Descriptive statistics are plain arithmetic on sorted values: R agrees to rounding. */
export const DESCRIPTIVE_TOLERANCE = 1e-12;

/** Loads the committed R output of `r/contingency.R`. */
export function contingencyFixture(): ContingencyFixture {
  return readFixture<ContingencyFixture>('contingency.json');
}

/** A short case name: the table in R's row-major `rbind` notation. */
export function tableCaseName(table: number[][]): string {
  return `rbind(${table.map((r) => `c(${r.join(', ')})`).join(', ')})`;
}

/**
 * Checks a list of tables against R: `chisq.test(x, correct = FALSE)` and `chisq.test(x)`
 * (statistic, df, p-value, expected counts) and `fisher.test(x)$p.value`.
 */
export function checkContingencyTables(checks: CheckList, tables: readonly ContingencyTableCase[]): void {
  for (const c of tables) {
    const name = tableCaseName(c.table);
    checks.add(name, 'fisherExactTest.pValue', fisherExactTest(c.table).pValue, c.fisherP, P_VALUE_TOLERANCE);
    if (c.chisq !== undefined) {
      const r = chiSquareTest(c.table, { correct: false });
      checks.add(
        name,
        'chiSquareTest(correct=false).statistic',
        r.statistic,
        c.chisq.statistic,
        STATISTIC_TOLERANCE,
      );
      checks.add(name, 'chiSquareTest(correct=false).df', r.df, c.chisq.df, 0);
      checks.add(name, 'chiSquareTest(correct=false).pValue', r.pValue, c.chisq.pValue, P_VALUE_TOLERANCE);
      checks.addArray(
        name,
        'chiSquareTest.expected',
        r.expected.flat(),
        (c.chisq.expected ?? []).flat(),
        STATISTIC_TOLERANCE,
      );
    }
    if (c.chisqCorrected !== undefined) {
      const r = chiSquareTest(c.table);
      checks.add(
        name,
        'chiSquareTest().statistic',
        r.statistic,
        c.chisqCorrected.statistic,
        STATISTIC_TOLERANCE,
      );
      checks.add(name, 'chiSquareTest().pValue', r.pValue, c.chisqCorrected.pValue, P_VALUE_TOLERANCE);
    }
  }
}

/** Checks `wilcox.test` and `kruskal.test` cases: statistics rel 1e-9, p-values rel 1e-6, df exact. */
export function checkRankTests(checks: CheckList, fixture: ContingencyFixture): void {
  fixture.wilcox.forEach((c, k) => {
    const name = `wilcox.test(x, y, correct = ${c.correct ? 'TRUE' : 'FALSE'}) #${k + 1} (n = ${c.x.length}, ${c.y.length})`;
    const r = wilcoxonRankSumTest(c.x, c.y, { correct: c.correct });
    checks.add(name, 'statistic', r.statistic, c.statistic, STATISTIC_TOLERANCE);
    checks.add(name, 'pValue', r.pValue, c.pValue, P_VALUE_TOLERANCE);
    checks.add(name, `method is "${c.method}"`, r.method === c.method ? 1 : 0, 1, 0);
  });
  fixture.kruskal.forEach((c, k) => {
    const name = `kruskal.test(list(...)) #${k + 1} (${c.samples.length} groups)`;
    const r = kruskalWallisTest(c.samples);
    checks.add(name, 'statistic', r.statistic, c.statistic, STATISTIC_TOLERANCE);
    checks.add(name, 'df', r.df, c.df, 0);
    checks.add(name, 'pValue', r.pValue, c.pValue, P_VALUE_TOLERANCE);
  });
}

/** Checks `quantile(type = 7)` and `median` cases to relative 1e-12. */
export function checkDescriptives(checks: CheckList, fixture: ContingencyFixture): void {
  fixture.quantile.forEach((c, k) => {
    const name = `quantile(x, type = 7) #${k + 1} (n = ${c.values.length})`;
    checks.addArray(name, 'quantile', quantile(c.values, c.probs), c.quantiles, DESCRIPTIVE_TOLERANCE);
    checks.add(name, 'median', median(c.values), c.median, DESCRIPTIVE_TOLERANCE);
  });
}

/**
 * The hard Fisher tables a fast run checks: those R itself answered in under a second. The rest
 * take seconds each (see `packages/stats/bench/fisher.bench.mjs`) and run with `fisherHard: 'all'`.
 */
export function quickFisherHardCases(fixture: ContingencyFixture): readonly FisherHardCase[] {
  return fixture.fisherHard.filter((c) => c.rSeconds < 1);
}

/** Checks `fisher.test(x, workspace = 2e8)$p.value` on the harder tables, p rel 1e-6. */
export function checkFisherHard(checks: CheckList, cases: readonly FisherHardCase[]): void {
  for (const c of cases) {
    checks.add(
      tableCaseName(c.table),
      'fisherExactTest.pValue',
      fisherExactTest(c.table).pValue,
      c.fisherP,
      P_VALUE_TOLERANCE,
    );
  }
}

/**
 * Runs every reference case of `fixtures/contingency.json`: the Table 1 statistics, and the harder
 * Fisher tables (all of them, or with `fisherHard: 'quick'` only those R answers in under a second).
 */
export function runContingencySuite(options: { fisherHard?: 'all' | 'quick' } = {}): SuiteSummary {
  const fixture = contingencyFixture();
  const checks = new CheckList();
  checkContingencyTables(checks, fixture.tables);
  const hard = options.fisherHard === 'quick' ? quickFisherHardCases(fixture) : fixture.fisherHard;
  checkFisherHard(checks, hard);
  checkRankTests(checks, fixture);
  checkDescriptives(checks, fixture);
  const failures = checks.checks.filter((c) => !c.pass);
  return {
    suite: 'contingency',
    oracle: `${fixture.r}: stats::chisq.test (correct = TRUE/FALSE), fisher.test (hard tables: workspace = 2e8), wilcox.test, kruskal.test, quantile (type 7), median`,
    cases:
      fixture.tables.length +
      hard.length +
      fixture.wilcox.length +
      fixture.kruskal.length +
      fixture.quantile.length,
    checks: checks.checks.length,
    passed: checks.checks.length - failures.length,
    failures,
  };
}
