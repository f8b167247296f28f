// table1.csv: one row per categorical level or continuous variable, the counts/summaries per arm.
import type { AnalysisResult } from '../analysis/types.js';
import type { CsvValue } from './csvText.js';

/** The header names one count column per arm, so it is known only with the groups. */
export function table1Header(groups: readonly string[]): string[] {
  return [
    'variable',
    'label',
    'level',
    ...groups.map((g) => `n_${g}`),
    'test',
    'p_value',
    'automatic_test',
    'min_expected',
    'monte_carlo_B',
    'monte_carlo_seed',
    'monte_carlo_se',
  ];
}

export function table1Rows(table1: AnalysisResult['table1']): CsvValue[][] {
  const rows: CsvValue[][] = [];
  for (const row of table1.rows) {
    if (row.kind === 'categorical')
      for (const level of row.levels)
        rows.push([
          row.variable,
          row.label,
          level.label,
          ...level.counts,
          row.test,
          row.pValue,
          row.autoTest,
          row.minExpected,
          // Fisher's p-value simulated where the exact test was beyond reach (else empty).
          row.monteCarlo?.B ?? null,
          row.monteCarlo?.seed ?? null,
          row.monteCarlo?.stdErr ?? null,
        ]);
    else if (row.kind === 'continuous')
      rows.push([
        row.variable,
        row.label,
        'median (min-max)',
        ...row.perGroup.map((g) => `${g.median} (${g.min}-${g.max})`),
        row.test,
        row.pValue,
        null,
        null,
        null,
        null,
        null,
      ]);
  }
  return rows;
}
