// forest.csv: one row per (subgroup level, non-reference arm), the HR of that arm against the
// reference arm; the columns of the two-arm file come first, in their old order.
import type { AnalysisResult, ForestLevel, ForestVariable } from '../analysis/types.js';
import type { CsvValue } from './csvText.js';

export const FOREST_HEADER = [
  'endpoint',
  'variable',
  'level',
  'n',
  'events',
  'hazard_ratio',
  'lower',
  'upper',
  'p_value',
  'interaction_p',
  'arm',
  'reference_arm',
  'note',
  'interaction_chisq',
  'interaction_df',
  'interaction_not_estimable',
] as const;

export function forestRows(forests: AnalysisResult['forest']): CsvValue[][] {
  const rows: CsvValue[][] = [];
  for (const f of forests) {
    const levelRows = (variable: string, level: ForestLevel, v: ForestVariable | null) =>
      level.arms.map((arm) => [
        f.endpoint,
        variable,
        level.label,
        level.n,
        level.events,
        arm.hazardRatio,
        arm.lower,
        arm.upper,
        arm.pValue,
        v?.interaction?.pValue,
        arm.label,
        f.reference.label,
        arm.note,
        v?.interaction?.statistic,
        v?.interaction?.df,
        v?.interactionNotEstimable,
      ]);
    rows.push(...levelRows('overall', f.overall, null));
    for (const v of f.variables) for (const l of v.levels) rows.push(...levelRows(v.variable, l, v));
  }
  return rows;
}
