// propensity_balance.csv and propensity_effects.csv: the raw numbers of the propensity-score tables.
import type { PropensityEffect, PropensityResult } from '../analysis/propensityTypes.js';

type Value = string | number | boolean | null;

export const PROPENSITY_BALANCE_HEADER = [
  'variable',
  'label',
  'level',
  'type',
  'mean_treated',
  'mean_control',
  'smd_before',
  'smd_weighted',
  'smd_matched',
  'variance_ratio_before',
  'variance_ratio_weighted',
  'variance_ratio_matched',
] as const;

/**
 * One row per balance row of the report's table (a continuous variable or a category's level):
 * means (proportions for a level) of the unadjusted arms, SMDs and variance ratios before and after
 * weighting and matching (NA where that adjustment was not run, or a VR for a level).
 */
export function propensityBalanceRows(p: PropensityResult): Value[][] {
  return p.balance.map((r) => [
    r.variable,
    r.label,
    r.level,
    r.type,
    r.meanTreated,
    r.meanControl,
    r.smdBefore,
    r.smdWeighted,
    r.smdMatched,
    r.varianceRatioBefore,
    r.varianceRatioWeighted,
    r.varianceRatioMatched,
  ]);
}

export const PROPENSITY_EFFECTS_HEADER = [
  'endpoint',
  'analysis',
  'treated',
  'control',
  'estimand',
  'n',
  'events',
  'hazard_ratio',
  'lower',
  'upper',
  'p_value',
  'robust_se',
  'clustered_on_matched_sets',
] as const;

/**
 * One row per treatment hazard ratio of the report's effect table: "unadjusted", "multivariable",
 * "iptw" and "matched", per endpoint (rows the analysis did not run are left out, as in the table).
 * The estimand is the weights' for "iptw", ATT for "matched" and empty for the others.
 */
export function propensityEffectRows(p: PropensityResult): Value[][] {
  const rows: Value[][] = [];
  for (const e of p.endpoints) {
    const analyses: [string, PropensityEffect | null, string | null][] = [
      ['unadjusted', e.unadjusted, null],
      ['multivariable', e.multivariable, null],
      ['iptw', e.weighted, p.estimand],
      ['matched', e.matched, 'ATT'],
    ];
    for (const [analysis, x, estimand] of analyses)
      if (x !== null)
        rows.push([
          e.endpoint,
          analysis,
          p.treated.level,
          p.control.level,
          estimand,
          x.n,
          x.events,
          x.hazardRatio,
          x.lower,
          x.upper,
          x.pValue,
          x.robust,
          x.cluster,
        ]);
  }
  return rows;
}
