import type { PropensityEffect, PropensityEndpoint, PropensityResult } from '../analysis/propensityTypes.js';
import type { AnalysisResult } from '../analysis/types.js';
import { formatNumber, formatP, NOT_ESTIMABLE, pRelation } from '../format/index.js';
import type { ReportFormat } from '../format/reportFormat.js';
import { signedNumber } from './sensitivitySpecs.js';
import type { TableRow, TableSpec } from './table.js';

const smd = (x: number | null) => (x === null ? NOT_ESTIMABLE : signedNumber(x, 3));
const vr = (x: number | null) => (x === null ? '' : formatNumber(x, 2));
const mean = (x: number, binary: boolean) => (binary ? `${formatNumber(100 * x, 1)}%` : formatNumber(x, 1));

/** Where each SMD's denominator comes from, and the weighting estimand, in words. */
export function smdDenominator(p: PropensityResult): string {
  const pooled = '√((s₁² + s₀²)/2), the pooled SD of the unadjusted arms';
  const treated = 's₁, the SD of the unadjusted treated arm';
  if (p.weights === null || p.estimand === 'ATT') return treated;
  return p.matching === null
    ? pooled
    : `${pooled} (before and after weighting), and ${treated} after matching (an ATT estimand)`;
}

/** The balance table: SMD and variance ratio of each covariate row before and after adjustment. */
export function balanceTableSpec(result: AnalysisResult, label: string): TableSpec {
  const p = result.propensity!;
  const w = p.weights !== null;
  const m = p.matching !== null;
  const header = [
    { text: 'Covariate' },
    { text: p.treated.label, align: 'center' as const },
    { text: p.control.label, align: 'center' as const },
    { text: 'SMD before', align: 'center' as const },
    ...(w ? [{ text: 'SMD weighted', align: 'center' as const }] : []),
    ...(m ? [{ text: 'SMD matched', align: 'center' as const }] : []),
    { text: 'VR before', align: 'center' as const },
    ...(w ? [{ text: 'VR weighted', align: 'center' as const }] : []),
    ...(m ? [{ text: 'VR matched', align: 'center' as const }] : []),
  ];
  const rows: TableRow[] = [];
  let last = '';
  for (const r of p.balance) {
    if (r.level !== null && r.variable !== last)
      rows.push({ cells: [r.label, ...header.slice(1).map(() => '')] });
    last = r.variable;
    const binary = r.type === 'binary';
    rows.push({
      cells: [
        r.level ?? r.label,
        mean(r.meanTreated, binary),
        mean(r.meanControl, binary),
        smd(r.smdBefore),
        ...(w ? [smd(r.smdWeighted)] : []),
        ...(m ? [smd(r.smdMatched)] : []),
        vr(r.varianceRatioBefore),
        ...(w ? [vr(r.varianceRatioWeighted)] : []),
        ...(m ? [vr(r.varianceRatioMatched)] : []),
      ],
      ...(r.level === null ? {} : { indent: 1 }),
    });
  }
  const n = header.length;
  return {
    label,
    caption: `Covariate balance between ${p.treated.label.toLowerCase()} (n = ${p.n.treated}) and ${p.control.label.toLowerCase()} (n = ${p.n.control}) patients before and after propensity-score ${w && m ? 'weighting and matching' : w ? 'weighting' : 'matching'}.`,
    widths: [2.6, 1.0, 1.0, ...new Array(n - 3).fill(0.8)],
    align: ['left', ...new Array<'center'>(n - 1).fill('center')],
    header: [header],
    rows,
    footnotes: [
      `SMD, standardised mean difference (x̄₁ − x̄₀)/s, the means weighted by the ${w && m ? 'IPTW or matching' : w ? 'IPTW' : 'matching'} weights and s = ${smdDenominator(p)}; for a category s = √(p(1 − p)) (cobalt’s bal.tab, MatchIt’s summary()). |SMD| < 0.1 is commonly read as balance (Austin 2009).`,
      'VR, variance ratio s₁²/s₀² of the (weighted) arms, weighted variances Σw/((Σw)² − Σw²)·Σw(x − x̄)²; not given for categories. Means (percentages for a category) are of the unadjusted arms.',
    ],
  };
}

function hrCells(e: PropensityEffect | null, fmt: ReportFormat): [string, string, string] {
  if (e === null || e.hazardRatio === null || e.lower === null || e.upper === null)
    return ['', NOT_ESTIMABLE, ''];
  return [`${e.n} (${e.events})`, fmt.hazardRatio(e.hazardRatio, e.lower, e.upper), formatP(e.pValue)];
}

/** The treatment HR per endpoint: unadjusted, multivariable, weighted and matched. */
export function propensityEffectSpec(result: AnalysisResult, label: string, fmt: ReportFormat): TableSpec {
  const p = result.propensity!;
  const pct = Math.round(result.confLevel * 100);
  const rows: TableRow[] = [];
  const several = p.endpoints.length > 1;
  for (const e of p.endpoints) {
    if (several) rows.push({ cells: [`${e.label} (${e.abbreviation})`, '', '', ''], heading: true });
    const indent = several ? 1 : 0;
    rows.push({ cells: ['Unadjusted', ...hrCells(e.unadjusted, fmt)], indent });
    if (e.multivariable !== null)
      rows.push({
        cells: [
          `${fmt.multivariable[0]!.toUpperCase()}${fmt.multivariable.slice(1)} Cox model`,
          ...hrCells(e.multivariable, fmt),
        ],
        indent,
      });
    if (e.weighted !== null)
      rows.push({
        cells: [`IPTW (${p.estimand}${p.stabilize ? ', stabilised' : ''})`, ...hrCells(e.weighted, fmt)],
        indent,
      });
    if (e.matched !== null && p.matching !== null)
      rows.push({
        cells: [
          `Matched 1:${p.matching.ratio}${p.matching.replace ? ' with replacement' : ''}`,
          ...hrCells(e.matched, fmt),
        ],
        indent,
      });
  }
  const first = p.endpoints[0]!;
  return {
    label,
    caption: `Hazard ratio of ${p.treated.label.toLowerCase()} vs ${p.control.label.toLowerCase()} patients${several ? '' : ` for ${first.label.toLowerCase()} (${first.abbreviation})`}: unadjusted, ${fmt.multivariable} and propensity-score adjusted.`,
    widths: [2.6, 1.2, 2.0, 0.9],
    align: ['left', 'center', 'center', 'center'],
    header: [
      [
        { text: 'Analysis' },
        { text: 'n (events)', align: 'center' },
        { text: `HR (${pct}% CI)`, align: 'center' },
        { text: 'p', align: 'center' },
      ],
    ],
    rows,
    footnotes: [
      `Cox models of the treatment alone, weighted by the IPTW or matching weights; ${pct}% CIs and p from robust (sandwich) standard errors${p.matching !== null && !p.matching.replace ? ', clustered on the matched sets for the matched analysis' : ''} (R’s coxph(weights = w, robust = TRUE${p.matching !== null && !p.matching.replace ? ' / cluster = subclass' : ''})). The ${fmt.multivariable} row is the ${fmt.multivariable} model of the Cox table. n: patients in each analysis (matched: those with a matching weight > 0).`,
    ],
  };
}

/** The caption of an endpoint's IPTW-weighted Kaplan–Meier figure: what was weighted, and how. */
export function weightedKmCaption(result: AnalysisResult, e: PropensityEndpoint): string {
  const p = result.propensity!;
  const target =
    p.estimand === 'ATE'
      ? 'the whole sample (ATE weights 1/e and 1/(1 − e))'
      : `the ${p.treated.label.toLowerCase()} patients (ATT weights: 1 for treated, e/(1 − e) for control)`;
  return `Propensity-score adjusted ${e.label.toLowerCase()} (${e.abbreviation}): Kaplan–Meier curves of ${p.treated.label.toLowerCase()} and ${p.control.label.toLowerCase()} patients weighted by the IPTW${p.stabilize ? ' (stabilised)' : ''}, standardised to ${target}. n is the number of patients; events, survival, medians and numbers at risk are weighted (sums of the weights), CIs from robust standard errors (R’s survfit(weights = w)).`;
}

/** How the matching was done, for captions: "1:1 nearest-neighbour matching on … within a caliper of …". */
export function matchingPhrase(p: PropensityResult): string {
  const m = p.matching!;
  const on = m.distance === 'logit' ? 'the logit of the score' : 'the score';
  const caliper =
    m.caliper === null || m.caliperWidth === null
      ? 'no caliper'
      : `caliper ${formatNumber(m.caliper, 2)} SD of ${on} = ${formatNumber(m.caliperWidth, 3)}`;
  return `1:${m.ratio} nearest-neighbour matching on ${on}, ${m.replace ? 'with' : 'without'} replacement, ${caliper}`;
}

/** The caption of an endpoint's matched-sample Kaplan–Meier figure: who was matched, how, and how weighted. */
export function matchedKmCaption(result: AnalysisResult, e: PropensityEndpoint): string {
  const p = result.propensity!;
  const m = p.matching!;
  const weights = m.unitWeights
    ? 'Every matched patient has weight 1, so n, events and numbers at risk are counts of patients and the CIs Greenwood’s'
    : 'Curves weighted by MatchIt’s matching weights (1 for a treated patient; for a control, the sum of 1/kᵢ over the treated patients it serves, kᵢ their numbers of controls, rescaled to the number of matched controls): events and numbers at risk are sums of the weights, CIs from robust standard errors';
  const clustered = m.replace ? 'robust standard errors' : 'standard errors clustered on the matched sets';
  return `PS-matched ${e.label.toLowerCase()} (${e.abbreviation}): Kaplan–Meier curves of the propensity-score matched sample, ${m.matchedTreated} ${p.treated.label.toLowerCase()} and ${m.matchedControl} ${p.control.label.toLowerCase()} patients (${matchingPhrase(p)}). ${weights} (R’s survfit(weights = weights) on match.data(m)). The arms are compared by the matched Cox model with ${clustered} (coxph(weights = weights, ${m.replace ? 'robust = TRUE' : 'cluster = subclass'})): a log-rank test would treat the matched arms as independent samples.`;
}

/** The test line under a matched Kaplan–Meier figure's legend: the matched Cox model's robust test. */
export function matchedKmTestLine(result: AnalysisResult, e: PropensityEndpoint, fmt: ReportFormat): string {
  const x = e.matched;
  const pct = Math.round(result.confLevel * 100);
  const se = x?.cluster === true ? 'SE clustered on the matched sets' : 'robust SE';
  if (x === null || x.hazardRatio === null || x.lower === null || x.upper === null)
    return 'Matched Cox model: hazard ratio not estimable';
  return `Matched Cox model (${se}): HR (${pct}% CI) ${fmt.hazardRatio(x.hazardRatio, x.lower, x.upper)}, p ${pRelation(x.pValue)}`;
}
