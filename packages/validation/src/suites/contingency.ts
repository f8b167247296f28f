import { chiSquareTest, fisherExactTest } from '@survkit/stats';
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

/** The layout written by `r/contingency.R`. */
export interface ContingencyFixture {
  readonly generatedBy: string;
  readonly r: string;
  readonly tables: readonly ContingencyTableCase[];
}

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

/** Runs every contingency-table reference case of `fixtures/contingency.json`. */
export function runContingencySuite(): SuiteSummary {
  const fixture = contingencyFixture();
  const checks = new CheckList();
  checkContingencyTables(checks, fixture.tables);
  const failures = checks.checks.filter((c) => !c.pass);
  return {
    suite: 'contingency',
    oracle: `${fixture.r}: stats::chisq.test (correct = TRUE/FALSE), stats::fisher.test`,
    cases: fixture.tables.length,
    checks: checks.checks.length,
    passed: checks.checks.length - failures.length,
    failures,
  };
}
