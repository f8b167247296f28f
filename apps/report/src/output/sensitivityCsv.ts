// sensitivity.csv, one row per number: the cox.zph table (analysis "ph", statistic chisq), each arm's
// RMST and the contrasts ("rmst", in `time_unit`), and the E-values ("evalue") with the HR they are of.
import type { SensitivityResult } from '../analysis/types.js';
import type { CsvValue } from './csvText.js';

export const SENSITIVITY_HEADER = [
  'endpoint',
  'analysis',
  'term',
  'versus',
  'statistic',
  'estimate',
  'lower',
  'upper',
  'df',
  'p_value',
  'tau',
  'time_unit',
] as const;

function phRows(s: SensitivityResult): CsvValue[][] {
  if (s.ph === null) return [];
  return [...s.ph.terms, { variable: 'GLOBAL', ...s.ph.global }].map((t) => [
    s.endpoint,
    'ph',
    t.variable,
    null,
    'chisq',
    t.chisq,
    null,
    null,
    t.df,
    t.pValue,
    null,
    null,
  ]);
}

function rmstRows(s: SensitivityResult): CsvValue[][] {
  const rows: CsvValue[][] = [];
  for (const r of s.rmst ?? []) {
    const common = [r.tau, s.timeUnit] as const;
    for (const a of [r.arm, r.reference])
      rows.push([
        s.endpoint,
        'rmst',
        a.label,
        null,
        'rmst',
        a.estimate,
        a.lower,
        a.upper,
        null,
        null,
        ...common,
      ]);
    for (const [name, c] of [
      ['difference', r.difference],
      ['ratio', r.ratio],
    ] as const)
      rows.push([
        s.endpoint,
        'rmst',
        r.arm.label,
        r.reference.label,
        name,
        c.estimate,
        c.lower,
        c.upper,
        null,
        c.pValue,
        ...common,
      ]);
  }
  return rows;
}

function eValueRows(s: SensitivityResult): CsvValue[][] {
  return (s.eValue ?? []).flatMap((e) => {
    const row = (measure: string, value: CsvValue, lower: CsvValue = null, upper: CsvValue = null) => [
      s.endpoint,
      'evalue',
      e.label,
      s.eValueOutcome,
      measure,
      value,
      lower,
      upper,
      null,
      null,
      null,
      null,
    ];
    return [
      row('hazard_ratio', e.hazardRatio, e.lower, e.upper),
      row('evalue_point', e.point),
      row(`evalue_ci_${e.ciLimit}`, e.ci),
    ];
  });
}

/** Per endpoint: its PH tests, then RMST, then E-values. */
export function sensitivityRows(results: readonly SensitivityResult[]): CsvValue[][] {
  return results.flatMap((s) => [...phRows(s), ...rmstRows(s), ...eValueRows(s)]);
}
