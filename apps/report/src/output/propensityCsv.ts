// propensity_balance.csv, propensity_effects.csv and propensity_km.csv: the raw numbers of the propensity-score tables and curves.
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

export const PROPENSITY_KM_HEADER = [
  'endpoint',
  'analysis',
  'arm',
  'group',
  'time',
  'n_risk',
  'n_event',
  'n_censor',
  'survival',
  'std_err',
  'lower',
  'upper',
  'weighted',
  'time_unit',
] as const;

/**
 * One row per time of each propensity Kaplan–Meier curve — survfit's step table as
 * summary(fit, censored = TRUE) gives it: "iptw_weighted" (survfit(weights = w)) and "ps_matched"
 * (survfit(weights = weights) on match.data(m)), treated arm then control, per endpoint. `weighted`
 * says whether case weights entered (counts are then sums of weights, std_err the robust SE of S).
 */
export function propensityKmRows(p: PropensityResult): Value[][] {
  const rows: Value[][] = [];
  for (const e of p.endpoints) {
    const unit = (e.weightedKm ?? e.matchedKm)?.timeUnit ?? null;
    for (const s of e.kmSteps) {
      const weighted = s.analysis === 'iptw_weighted' || p.matching?.unitWeights === false;
      s.time.forEach((t, k) => {
        rows.push([
          e.endpoint,
          s.analysis,
          s.arm,
          s.label,
          t,
          s.nRisk[k]!,
          s.nEvent[k]!,
          s.nCensor[k]!,
          s.survival[k]!,
          s.stdErr[k]!,
          s.lower[k]!,
          s.upper[k]!,
          weighted,
          unit,
        ]);
      });
    }
  }
  return rows;
}
