// cox.csv: one row per level of every univariate and multivariable Cox term, with the Firth
// estimate beside the ordinary one where the coefficient may be infinite.
import type { AnalysisResult } from '../analysis/types.js';
import type { CsvValue } from './csvText.js';

export const COX_HEADER = [
  'endpoint',
  'model',
  'variable',
  'variable_label',
  'level',
  'level_label',
  'reference',
  'n',
  'hazard_ratio',
  'lower',
  'upper',
  'p_value',
  'infinite',
  'firth_hazard_ratio',
  'firth_lower',
  'firth_upper',
  'firth_p_value',
  'not_estimable',
  'variable_type',
  'per',
  'model_n',
  'model_events',
] as const;

export function coxRows(tables: AnalysisResult['cox']): CsvValue[][] {
  const rows: CsvValue[][] = [];
  for (const table of tables) {
    for (const [model, vars] of [
      ['univariate', table.univariate],
      ['multivariate', table.multivariable],
    ] as const) {
      for (const v of vars) {
        if (v === null) continue;
        for (const l of v.levels)
          rows.push([
            table.endpoint,
            model,
            v.variable,
            v.label,
            l.level,
            l.label,
            l.isReference,
            l.n,
            l.hazardRatio,
            l.lower,
            l.upper,
            l.pValue,
            l.infinite,
            l.firth?.hazardRatio,
            l.firth?.lower,
            l.firth?.upper,
            l.firth?.pValue,
            l.notEstimable,
            v.type,
            v.per,
            model === 'univariate' ? v.n : table.multivariableN,
            model === 'univariate' ? v.events : table.multivariableEvents,
          ]);
      }
    }
  }
  return rows;
}
