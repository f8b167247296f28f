import type { PropensityEffect, PropensityEndpoint } from '../analysis/propensityTypes.js';
import type { AnalysisResult, KmComparison } from '../analysis/types.js';
import { formatMonths, formatNumber, formatSurvivalPercent, pRelation } from '../format/index.js';
import { inSentence, type ReportFormat } from '../format/reportFormat.js';
import { smdDenominator } from '../render/propensitySpecs.js';

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The methods paragraph of the propensity-score analysis; '' without one. */
export function propensityMethodsText(result: AnalysisResult): string {
  const p = result.propensity;
  if (p === undefined) return '';
  const covs = list(p.covariates.map((c) => inSentence(c.label)));
  const out: string[] = [
    `To address confounding by indication, the probability of belonging to the ${p.treated.label.toLowerCase()} group rather than the ${p.control.label.toLowerCase()} group (the propensity score, e) was estimated by logistic regression on ${covs} (complete cases: ${p.n.treated + p.n.control} patients${p.nIncomplete > 0 ? `, ${p.nIncomplete} left out for a missing covariate` : ''}).`,
  ];
  if (p.weights !== null) {
    const target =
      p.estimand === 'ATE'
        ? 'the whole sample (average treatment effect, ATE: weights 1/e and 1/(1 − e))'
        : 'the treated patients (average treatment effect on the treated, ATT: weight 1 for treated and e/(1 − e) for control patients)';
    const trim =
      p.weights.trim === null
        ? ''
        : ` Patients with a score outside the ${[p.weights.trim.lower, p.weights.trim.upper]
            .filter((x) => x !== undefined)
            .map((x) => `${formatNumber(100 * x!, 0)}th`)
            .join(' to ')} percentile were trimmed (${p.weights.nTrimmed} patients).`;
    out.push(
      `Inverse-probability-of-treatment weights (IPTW) standardised the arms to ${target}${p.stabilize ? ', stabilised by the proportion of each arm' : ''} (Austin and Stuart 2015).${trim}`,
    );
  }
  if (p.matching !== null) {
    const m = p.matching;
    const cal =
      m.caliper === null
        ? 'without a caliper'
        : `within a caliper of ${formatNumber(m.caliper, 2)} standard deviations of the ${m.distance === 'logit' ? 'logit of the score' : 'score'} (Austin 2011)`;
    out.push(
      `Each ${p.treated.label.toLowerCase()} patient was matched to ${m.ratio === 1 ? 'one control' : `${m.ratio} controls`} by greedy nearest-neighbour matching on the ${m.distance === 'logit' ? 'logit of the propensity score' : 'propensity score'}, ${m.replace ? 'with' : 'without'} replacement, ${cal}, the patients with the ${m.order === 'data' ? 'data order' : `${m.order} scores`} matched first (R’s MatchIt, method = "nearest"); matching estimates the effect in the treated (ATT).`,
    );
  }
  const fits = [
    p.weights === null ? null : 'in the weighted sample with robust (sandwich) standard errors',
    p.matching === null
      ? null
      : `in the matched sample with its matching weights and robust standard errors${p.matching.replace ? '' : ' clustered on the matched sets'}`,
  ].filter((x): x is string => x !== null);
  out.push(
    `Balance was assessed by standardised mean differences (SMD, denominator ${smdDenominator(p)}) and variance ratios before and after adjustment. The treatment hazard ratio was estimated by Cox regression ${fits.join(', and ')}.`,
  );
  if (p.weights !== null)
    out.push(
      'Kaplan–Meier curves weighted by the IPTW (case weights, robust standard errors; R’s survfit(weights = w)) show the adjusted survival of each arm.',
    );
  if (p.matching !== null)
    out.push(
      `Kaplan–Meier curves of the matched sample show each arm’s survival after matching (${p.matching.unitWeights ? 'every matching weight was 1, so these are the ordinary curves of the matched patients' : 'weighted by the matching weights, robust standard errors'}; R’s survfit(weights = weights) on match.data(m)); they are compared by the matched Cox model’s robust test rather than a log-rank test, which would treat the matched arms as independent samples (Austin 2014).`,
    );
  return out.join(' ');
}

function effect(e: PropensityEffect | null, fmt: ReportFormat): string | null {
  if (e === null || e.hazardRatio === null || e.lower === null || e.upper === null) return null;
  return `HR ${fmt.hazardRatio(e.hazardRatio, e.lower, e.upper)}, p ${pRelation(e.pValue)}`;
}

/** Each arm's survival on `km` at the last plan landmark both curves reach, with the figure; or null. */
function armSurvival(
  km: KmComparison | null,
  e: PropensityEndpoint,
  sample: string,
  figure: number | undefined,
): string | null {
  const curves = km?.curves ?? [];
  let k = (curves[0]?.landmarks.length ?? 0) - 1;
  while (k >= 0 && !curves.every((c) => c.landmarks[k]?.survival != null)) k--;
  if (curves.length < 2 || k < 0) return null;
  const t = curves[0]!.landmarks[k]!.time;
  const values = curves.map(
    (c) => `${formatSurvivalPercent(c.landmarks[k]!.survival)} (${c.label.toLowerCase()})`,
  );
  return `In the ${sample} sample, ${e.abbreviation} at ${formatMonths(t)} ${km!.timeUnit} was ${list(values)}${figure === undefined ? '' : ` (Figure ${figure})`}.`;
}

/**
 * The results paragraph of the propensity-score analysis; '' without one. `firstFigure`: the number
 * of the first endpoint's first propensity Kaplan–Meier figure, when drawn (per endpoint the weighted
 * then the matched one, as reportFigures orders them).
 */
export function propensityResultsText(
  result: AnalysisResult,
  fmt: ReportFormat,
  firstFigure?: number,
): string {
  const p = result.propensity;
  if (p === undefined) return '';
  const balance = p.balance;
  const worst = (pick: (r: (typeof balance)[number]) => number | null) =>
    Math.max(...balance.map((r) => Math.abs(pick(r) ?? 0)));
  const parts: string[] = [
    `Before adjustment the largest absolute SMD was ${formatNumber(
      worst((r) => r.smdBefore),
      2,
    )}.`,
  ];
  if (p.weights !== null)
    parts.push(
      `After weighting it was ${formatNumber(
        worst((r) => r.smdWeighted),
        2,
      )}; the effective sample sizes were ${formatNumber(p.weights.essTreated, 1)} ${p.treated.label.toLowerCase()} and ${formatNumber(p.weights.essControl, 1)} ${p.control.label.toLowerCase()} patients.`,
    );
  if (p.matching !== null)
    parts.push(
      `Matching paired ${p.matching.matchedTreated} of ${p.n.treated} ${p.treated.label.toLowerCase()} patients with ${p.matching.matchedControl} ${p.control.label.toLowerCase()} patients${p.matching.unmatchedTreated > 0 ? ` (${p.matching.unmatchedTreated} found no control within the caliper)` : ''}; the largest absolute SMD after matching was ${formatNumber(
        worst((r) => r.smdMatched),
        2,
      )}.`,
    );
  let figure = firstFigure;
  for (const e of p.endpoints) {
    const items = [
      ['unadjusted', effect(e.unadjusted, fmt)],
      [fmt.multivariable, effect(e.multivariable, fmt)],
      ['weighted', effect(e.weighted, fmt)],
      ['matched', effect(e.matched, fmt)],
    ].filter((x): x is [string, string] => x[1] !== null);
    parts.push(
      `For ${e.label.toLowerCase()}, the hazard ratio of ${p.treated.label.toLowerCase()} vs ${p.control.label.toLowerCase()} patients was ${list(items.map(([k, v]) => `${v} (${k})`))}.`,
    );
    for (const [km, sample] of [
      [e.weightedKm, 'IPTW-weighted'],
      [e.matchedKm, 'PS-matched'],
    ] as const) {
      const survival = armSurvival(km, e, sample, figure);
      if (survival !== null) parts.push(survival);
      if (km !== null && figure !== undefined) figure++;
    }
  }
  return parts.join(' ');
}
