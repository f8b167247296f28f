import type {
  AnalysisResult,
  ForestLevel,
  ForestVariable,
  KmComparison,
  SensitivityResult,
} from '../analysis/types.js';
import { IMMORTAL_TIME_HEADER, immortalTimeRows } from './immortalTimeCsv.js';
import {
  PROPENSITY_BALANCE_HEADER,
  PROPENSITY_EFFECTS_HEADER,
  PROPENSITY_KM_HEADER,
  propensityBalanceRows,
  propensityEffectRows,
  propensityKmRows,
} from './propensityCsv.js';

type Value = string | number | boolean | null | undefined;

function csvCell(v: Value): string {
  if (v === null || v === undefined) return 'NA';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NA';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly Value[])[]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

function kmRows(
  scope: string,
  km: KmComparison,
): { summary: Value[][]; curves: Value[][]; landmarks: Value[][] } {
  const summary = km.curves.map((c) => [
    scope,
    km.endpoint,
    c.label,
    c.n,
    c.events,
    c.median.estimate,
    c.median.lower,
    c.median.upper,
    km.logRank?.statistic,
    km.logRank?.df,
    km.logRank?.pValue,
    km.timeUnit,
  ]);
  const curves = km.curves.flatMap((c) =>
    c.time.map((t, i) => [
      scope,
      km.endpoint,
      c.label,
      t,
      c.survival[i],
      c.lower[i],
      c.upper[i],
      c.nCensor[i],
      km.timeUnit,
    ]),
  );
  const landmarks = km.curves.flatMap((c) =>
    c.landmarks.map((l) => [scope, km.endpoint, c.label, l.time, l.survival, l.lower, l.upper, km.timeUnit]),
  );
  return { summary, curves, landmarks };
}

/** The files --csv writes, known before the analysis so their targets can be checked first. */
export const CSV_TABLE_NAMES = [
  'table1.csv',
  'cox.csv',
  'km_summary.csv',
  'km_curves.csv',
  'km_landmarks.csv',
  'forest.csv',
  'pairwise_logrank.csv',
  'sensitivity.csv',
  'immortal_time.csv',
  'propensity_balance.csv',
  'propensity_effects.csv',
  'propensity_km.csv',
  'flow.csv',
] as const;

/** Every table of the report as raw-number CSV text, by file name (written by the run's output step). */
export function csvTables(result: AnalysisResult): Record<string, string> {
  const files: Record<string, string> = {};
  const groups = result.group.levels.map((g) => g.label);
  const t1: Value[][] = [];
  for (const row of result.table1.rows) {
    if (row.kind === 'categorical')
      for (const level of row.levels)
        t1.push([
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
      t1.push([
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
  files['table1.csv'] = csv(
    [
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
    ],
    t1,
  );

  const cox: Value[][] = [];
  for (const table of result.cox) {
    for (const [model, vars] of [
      ['univariate', table.univariate],
      ['multivariate', table.multivariable],
    ] as const) {
      for (const v of vars) {
        if (v === null) continue;
        for (const l of v.levels)
          cox.push([
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
  files['cox.csv'] = csv(
    [
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
    ],
    cox,
  );

  const summary: Value[][] = [];
  const curves: Value[][] = [];
  const landmarks: Value[][] = [];
  const add = (scope: string, km: KmComparison) => {
    const r = kmRows(scope, km);
    summary.push(...r.summary);
    curves.push(...r.curves);
    landmarks.push(...r.landmarks);
  };
  for (const km of result.survival) add('all', km);
  for (const s of result.subgroupKm) for (const km of s.comparisons) add(s.label, km);
  // The IPTW-weighted curves: events, numbers censored and survival are weighted (survfit(weights =)).
  for (const e of result.propensity?.endpoints ?? [])
    if (e.weightedKm !== null) add('iptw_weighted', e.weightedKm);
  for (const e of result.propensity?.endpoints ?? [])
    if (e.matchedKm !== null) add('ps_matched', e.matchedKm);
  files['km_summary.csv'] = csv(
    [
      'scope',
      'endpoint',
      'group',
      'n',
      'events',
      'median',
      'median_lower',
      'median_upper',
      'logrank_chisq',
      'logrank_df',
      'logrank_p',
      'time_unit',
    ],
    summary,
  );
  files['km_curves.csv'] = csv(
    ['scope', 'endpoint', 'group', 'time', 'survival', 'lower', 'upper', 'n_censor', 'time_unit'],
    curves,
  );
  files['km_landmarks.csv'] = csv(
    ['scope', 'endpoint', 'group', 'time', 'survival', 'lower', 'upper', 'time_unit'],
    landmarks,
  );

  // One row per (subgroup level, non-reference arm): HR of that arm against the reference arm; the
  // columns of the two-arm file come first, in their old order.
  const forest: Value[][] = [];
  for (const f of result.forest) {
    const levelRows = (variable: string, level: ForestLevel, interaction: ForestVariable['interaction']) =>
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
        interaction?.pValue,
        arm.label,
        f.reference.label,
        arm.note,
        interaction?.statistic,
        interaction?.df,
      ]);
    forest.push(...levelRows('overall', f.overall, null));
    for (const v of f.variables)
      for (const l of v.levels) forest.push(...levelRows(v.variable, l, v.interaction));
  }
  files['forest.csv'] = csv(
    [
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
    ],
    forest,
  );
  if (result.pairwise.length > 0)
    files['pairwise_logrank.csv'] = csv(
      ['endpoint', 'group_1', 'group_2', 'chisq', 'p_value', 'adjusted_p', 'adjust', 'rho'],
      result.pairwise.flatMap((p) =>
        p.rows.map((r) => [
          p.endpoint,
          r.first,
          r.second,
          r.statistic,
          r.pValue,
          r.adjustedP,
          p.adjust,
          p.rho,
        ]),
      ),
    );
  if (result.sensitivity !== undefined) files['sensitivity.csv'] = sensitivityCsv(result.sensitivity);
  if (result.immortalTime !== undefined)
    files['immortal_time.csv'] = csv(IMMORTAL_TIME_HEADER, immortalTimeRows(result.immortalTime));
  if (result.propensity !== undefined) {
    files['propensity_balance.csv'] = csv(
      PROPENSITY_BALANCE_HEADER,
      propensityBalanceRows(result.propensity),
    );
    files['propensity_effects.csv'] = csv(PROPENSITY_EFFECTS_HEADER, propensityEffectRows(result.propensity));
    files['propensity_km.csv'] = csv(PROPENSITY_KM_HEADER, propensityKmRows(result.propensity));
  }
  files['flow.csv'] = csv(
    ['step', 'n'],
    [
      ['screened', result.flow.screened],
      ...result.flow.excluded.map((e) => [`excluded: ${e.reason}`, e.n]),
      ['analysed', result.flow.analysed],
      ...result.group.levels.map((g) => [`group: ${g.label}`, g.n]),
    ],
  );
  return files;
}

/**
 * sensitivity.csv, one row per number: the cox.zph table (analysis "ph", statistic chisq), each arm's
 * RMST and the contrasts ("rmst", in `time_unit`), and the E-values ("evalue") with the HR they are of.
 */
function sensitivityCsv(results: readonly SensitivityResult[]): string {
  const rows: Value[][] = [];
  for (const s of results) {
    const ph = s.ph;
    if (ph !== null)
      for (const t of [...ph.terms, { variable: 'GLOBAL', ...ph.global }])
        rows.push([
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
    for (const e of s.eValue ?? []) {
      const row = (measure: string, value: Value, lower: Value = null, upper: Value = null): Value[] => [
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
      rows.push(
        row('hazard_ratio', e.hazardRatio, e.lower, e.upper),
        row('evalue_point', e.point),
        row(`evalue_ci_${e.ciLimit}`, e.ci),
      );
    }
  }
  return csv(
    [
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
    ],
    rows,
  );
}
