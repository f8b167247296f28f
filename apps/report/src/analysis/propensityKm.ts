// The Kaplan–Meier curves of the propensity analysis: IPTW-weighted (R: survfit(Surv(t, e) ~ arm,
// weights = w), robust variance for non-integer weights, as survival 3.5-3 does by default) and of
// the PS-matched sample (R: survfit(Surv(t, e) ~ arm, data = match.data(m), weights = weights)).
import { kaplanMeier } from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import { pick } from './data.js';
import type { PropensityKmSteps } from './propensityTypes.js';
import { fitCurve } from './survival.js';
import { axisEnd, timeTicks } from './ticks.js';
import type { KmComparison } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];

/** One endpoint's follow-up over the propensity sample, with the arm indicator (1 = treated). */
export interface PropensityKmData {
  readonly endpoint: Endpoint;
  readonly label: string;
  readonly time: Float64Array;
  readonly event: Float64Array;
  readonly z: Uint8Array;
  readonly arms: { readonly treated: string; readonly control: string };
}

/** The rows of one arm that enter the fit: finite follow-up and a positive weight. */
function armRows(d: PropensityKmData, weights: Float64Array, value: number): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < d.z.length; i++)
    if (d.z[i] === value && Number.isFinite(d.time[i]!) && Number.isFinite(d.event[i]!) && weights[i]! > 0)
      rows.push(i);
  return Int32Array.from(rows);
}

/**
 * The curves of the two arms, treated first, then control, over the rows with a positive weight.
 * `caseWeights` false fits them unweighted (every weight is 1: survfit's Greenwood variance, counts
 * of patients); true passes the weights as survfit(weights =) does.
 */
function armCurves(
  d: PropensityKmData,
  weights: Float64Array,
  caseWeights: boolean,
  plan: AnalysisPlan,
  logRankNote: string,
): KmComparison {
  const unit = plan.survival.timeUnit;
  const byArm = [
    { rows: armRows(d, weights, 1), label: d.arms.treated },
    { rows: armRows(d, weights, 0), label: d.arms.control },
  ].filter((a) => a.rows.length > 0);
  let maxTime = 0;
  for (const a of byArm) for (const r of a.rows) maxTime = Math.max(maxTime, d.time[r]!);
  const ticks = timeTicks(maxTime, unit);
  const curves = byArm.map((a) =>
    fitCurve(
      a.label,
      pick(d.time, a.rows),
      Uint8Array.from(pick(d.event, a.rows)),
      plan.confLevel,
      ticks,
      plan.survival.landmarks,
      caseWeights ? pick(weights, a.rows) : undefined,
    ),
  );
  return {
    endpoint: d.endpoint.name,
    abbreviation: d.endpoint.abbreviation,
    label: d.label,
    timeUnit: unit,
    curves,
    overallMedian: { estimate: null, lower: null, upper: null },
    logRank: null,
    logRankNote,
    xTicks: ticks,
    xMax: axisEnd(ticks, maxTime),
    warnings: [],
  };
}

/**
 * Weighted Kaplan–Meier curves of the two arms, treated first, then control.
 * n counts the patients with a positive weight; events and numbers at risk are sums of weights.
 * There is no log-rank test: survdiff takes no weights, and the weighted comparison is the
 * IPTW Cox model's robust test in the effect table.
 */
export function weightedKm(d: PropensityKmData, weights: Float64Array, plan: AnalysisPlan): KmComparison {
  return armCurves(
    d,
    weights,
    true,
    plan,
    'no log-rank test on weighted curves: see the IPTW hazard ratio and its robust p',
  );
}

/**
 * Kaplan–Meier curves of the PS-matched sample per arm, treated first: the patients with a matching
 * weight > 0, weighted by MatchIt's matching weights unless every one of them is 1 (1:1 without
 * replacement, or 1:k where every treated patient found k controls), when survfit's fit is the
 * unweighted one. No log-rank test: survdiff treats the arms as independent samples, while a matched
 * sample's arms are paired; the matched comparison is the matched Cox model's robust test (SE
 * clustered on the matched sets, coxph(cluster = subclass)), which the figure quotes.
 */
export function matchedKm(
  d: PropensityKmData,
  weights: Float64Array,
  unitWeights: boolean,
  plan: AnalysisPlan,
): KmComparison {
  return armCurves(
    d,
    weights,
    !unitWeights,
    plan,
    'no log-rank test on the matched sample: see the matched Cox model’s robust p',
  );
}

/**
 * The full step table of each arm's curve, treated first — survfit's time, n.risk, n.event,
 * n.censor, surv, std.err (of S, as summary(fit, censored = TRUE) gives it), lower and upper.
 */
export function kmSteps(
  analysis: PropensityKmSteps['analysis'],
  d: PropensityKmData,
  weights: Float64Array,
  caseWeights: boolean,
  confLevel: number,
): PropensityKmSteps[] {
  const arms = [
    { arm: 'treated' as const, value: 1, label: d.arms.treated },
    { arm: 'control' as const, value: 0, label: d.arms.control },
  ];
  return arms.flatMap(({ arm, value, label }) => {
    const rows = armRows(d, weights, value);
    if (rows.length === 0) return [];
    const km = kaplanMeier(
      {
        time: pick(d.time, rows),
        event: pick(d.event, rows),
        ...(caseWeights ? { weights: pick(weights, rows) } : {}),
      },
      { confLevel },
    );
    return [
      {
        analysis,
        arm,
        label,
        time: Array.from(km.time),
        nRisk: Array.from(km.nRisk),
        nEvent: Array.from(km.nEvent),
        nCensor: Array.from(km.nCensor),
        survival: Array.from(km.survival),
        stdErr: Array.from(km.stdErr),
        lower: Array.from(km.lower),
        upper: Array.from(km.upper),
      },
    ];
  });
}
