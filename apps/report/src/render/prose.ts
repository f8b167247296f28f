import type { TimeUnit } from '@survkit/cohort';
import Handlebars from 'handlebars';
import type {
  AnalysisResult,
  CoxLevelRow,
  CoxTable,
  CoxVariableRows,
  GroupLevel,
  KmComparison,
  MedianEstimate,
} from '../analysis/types.js';
import {
  formatMonths,
  formatNumber,
  formatPercent,
  formatStatistic,
  formatSurvivalPercent,
  pRelation,
  timeDigits,
} from '../format/index.js';
import { capitalise, inSentence, type ReportFormat, reportFormat } from '../format/reportFormat.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { METHODS_TEMPLATE } from '../templates/methods.js';
import { RESULTS_TEMPLATE } from '../templates/results.js';
import { emptyArmsSentence, missingFollowUpSentence } from './flowNotes.js';
import { list } from './proseList.js';
import { signedInterval, signedNumber } from './sensitivitySpecs.js';
import { missingValuesSentence } from './tableSpecs.js';

// The prose is plain text set by pdfkit, not HTML: no escaping.
const methodsTemplate = Handlebars.compile(METHODS_TEMPLATE, { noEscape: true, strict: true });
const resultsTemplate = Handlebars.compile(RESULTS_TEMPLATE, { noEscape: true, strict: true });

export { list };

/** "two" … "ten", then digits: how many groups a sentence speaks of. */
function countWord(n: number): string {
  return (
    ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][n] ?? String(n)
  );
}

/**
 * The groups of a grouping variable in words: "surgery groups", but "age groups" and "treatment arms"
 * for labels that already name a group ("Age group", "Treatment arm").
 */
function groupsNoun(label: string): string {
  const l = lower(label);
  return /\b(group|arm|cohort)$/i.test(l) ? `${l}s` : `${l} groups`;
}

const lower = inSentence;

/** The reference arm and the arms compared with it, in display order. */
export function arms(result: AnalysisResult): {
  readonly reference: GroupLevel | undefined;
  readonly others: readonly GroupLevel[];
} {
  const levels = result.group.levels;
  return {
    reference: levels.find((l) => l.level === result.group.reference),
    others: levels.filter((l) => l.level !== result.group.reference),
  };
}

/**
 * The group hazard ratio(s) in words: "the HR of Surgery vs Non-surgery" for two arms, "the HRs of Lev
 * and Lev+5FU vs Obs" for more (one HR per non-reference arm, each against the reference).
 */
export function hazardRatioPhrase(result: AnalysisResult): string {
  const { reference, others } = arms(result);
  const ref = reference?.label ?? result.group.reference;
  return `the HR${others.length > 1 ? 's' : ''} of ${list(others.map((o) => o.label))} vs ${ref}`;
}

export function logRankText(km: KmComparison): string {
  if (km.logRank === null) return km.logRankNote ?? 'log-rank test not computed';
  return `log-rank χ² = ${formatStatistic(km.logRank.statistic)}, df = ${km.logRank.df}, p ${pRelation(km.logRank.pValue)}`;
}

/** "25.7 months (95% CI 19.2–NA)", or "not reached (95% CI 40.2–NA)". */
function medianPhrase(m: MedianEstimate, unit: TimeUnit, pct: number, fmt: ReportFormat): string {
  const digits = timeDigits(unit);
  const ci = `(${pct}% CI ${fmt.interval(m.lower, m.upper, digits)})`;
  return m.estimate === null ? `not reached ${ci}` : `${formatNumber(m.estimate, digits)} ${unit} ${ci}`;
}

/** "0.690 (95% CI 0.553–0.861; p = 0.002)", or "not estimable". */
function hazardRatioText(level: CoxLevelRow, pct: number, fmt: ReportFormat): string {
  if (level.infinite || level.hazardRatio === null || !Number.isFinite(level.hazardRatio))
    return 'not estimable';
  return `${formatNumber(level.hazardRatio, 3)} (${pct}% CI ${fmt.interval(level.lower, level.upper, 3)}; p ${pRelation(level.pValue)})`;
}

/** The statistical methods paragraph, written from the plan and from what the analysis used. */
export function methodsText(
  result: AnalysisResult,
  plan: AnalysisPlan,
  endpointDefinitions: readonly string[],
): string {
  const fmt = reportFormat(plan.format);
  const k = result.group.levels.length;
  const groupPhrase = lower(result.group.label);
  const mv = plan.cox.multivariable;
  const labelOf = (name: string) => result.cox[0]?.univariate.find((v) => v.variable === name)?.label ?? name;
  const selectionSentence =
    mv.rule === 'univariate-p'
      ? `Covariates with a ${fmt.univariable} likelihood-ratio p < ${mv.pBelow}${mv.alwaysInclude.length > 0 ? `, and ${list(mv.alwaysInclude.map((v) => lower(labelOf(v))))} regardless of ${mv.alwaysInclude.length === 1 ? 'its' : 'their'} p-value,` : ''} entered the ${fmt.multivariable} model.`
      : `The ${fmt.multivariable} model contained ${list(mv.variables.map((v) => lower(labelOf(v))))}, as specified in the analysis plan.`;
  const comparison =
    k < 2
      ? ''
      : k === 2
        ? `Survival was compared between the two ${groupsNoun(result.group.label)} with the ${logRankName(plan)}`
        : `Survival was compared across the ${countWord(k)} ${groupsNoun(result.group.label)} with the ${logRankName(plan)} (${k - 1} degrees of freedom)`;
  const forest = k >= 2 && result.forest.length > 0 && (result.forest[0]?.variables.length ?? 0) > 0;
  return methodsTemplate({
    compared: k >= 2,
    testSentence: table1TestSentence(result, plan),
    pct: Math.round(result.confLevel * 100),
    endpoints: endpointDefinitions,
    comparison,
    landmarks: plan.survival.landmarks.length > 0 ? list(plan.survival.landmarks.map(formatMonths)) : '',
    timeUnit: plan.survival.timeUnit,
    missingSentence: missingValuesSentence(result.table1),
    ties: result.ties === 'efron' ? 'Efron' : 'Breslow',
    selectionSentence,
    firth: plan.cox.firthWhenInfinite,
    forest: forest
      ? `${capitalise(hazardRatioPhrase(result))} ${k > 2 ? 'were' : 'was'} estimated within each level of ${list((result.forest[0]?.variables ?? []).map((v) => lower(v.label)))}, and heterogeneity across levels was tested with a likelihood-ratio test of the ${groupPhrase} × subgroup interaction.`
      : '',
    version: result.software.survkit,
    runtime: runtimeName(result.software),
  });
}

/** Where the numbers were computed: "Node.js 20.19.0", or a browser ("Chrome 156, in a web browser"). */
export function runtimeName(software: AnalysisResult['software']): string {
  return software.browser === undefined
    ? `Node.js ${software.node}`
    : `${software.browser}, in a web browser`;
}

function logRankName(plan: AnalysisPlan): string {
  return plan.survival.rho === 0
    ? 'log-rank test'
    : `G-rho test (rho = ${plan.survival.rho}, Harrington–Fleming)`;
}

/** Which tests compared Table 1's rows, from the tests actually used. Empty when nothing was tested. */
function table1TestSentence(result: AnalysisResult, plan: AnalysisPlan): string {
  const tests = new Set<string>();
  let autoRule = false;
  let overridden = false;
  const rankTests = new Set<string>();
  for (const row of result.table1.rows) {
    if (row.kind === 'continuous' && row.test !== null) rankTests.add(row.test);
    if (row.kind !== 'categorical' || row.test === null) continue;
    tests.add(row.test);
    if (row.autoPValue === null && row.test === row.autoTest) autoRule = true;
    if (row.test !== row.autoTest) overridden = true;
  }
  const testNames = [...tests]
    .sort()
    .map((t) => (t === 'chisq' ? 'Pearson’s χ² test without continuity correction' : 'Fisher’s exact test'));
  let sentence = '';
  if (testNames.length > 0)
    sentence =
      plan.table1.test === 'auto'
        ? `Categorical characteristics were compared between the groups with Pearson’s χ² test without continuity correction, or with Fisher’s exact test where an expected cell count was below 5${overridden ? ', unless the analysis plan named the test for a variable (marked in Table 1)' : ''}.`
        : `Categorical characteristics were compared between the groups with ${list(testNames)}, as specified ${autoRule ? 'per variable ' : ''}in the analysis plan.`;
  if (rankTests.size > 0)
    sentence += ` Continuous variables were compared with the ${list(
      [...rankTests]
        .sort()
        .map((t) =>
          t === 'wilcoxon'
            ? 'Wilcoxon rank-sum test (exact for fewer than 50 values without ties, otherwise the normal approximation with continuity correction)'
            : 'Kruskal–Wallis test',
        ),
    )}.`;
  const simulated = result.table1.rows.flatMap((r) =>
    r.kind === 'categorical' && r.monteCarlo !== undefined ? [r.monteCarlo] : [],
  );
  if (simulated.length > 0)
    sentence += ` Where Fisher’s exact test was beyond reach (${simulated.length === 1 ? 'one characteristic' : `${simulated.length} characteristics`}), its p-value was estimated from ${simulated[0]!.B.toLocaleString('en-US')} tables simulated with fixed margins (R’s fisher.test with simulate.p.value, seed ${simulated[0]!.seed}).`;
  return sentence.trim();
}

/** The results text: every number from the analysis, one paragraph per line. */
export function resultsText(result: AnalysisResult, fmt: ReportFormat, forestFigures: string): string {
  const pct = Math.round(result.confLevel * 100);
  const compared = result.group.levels.length >= 2;
  const interactions = result.forest.flatMap((f) =>
    f.variables
      .filter((v) => v.interactionP !== null && v.interactionP < 0.05)
      .map((v) => `${lower(v.label)} for ${f.abbreviation} (p ${pRelation(v.interactionP)})`),
  );
  const hrPhrase = capitalise(hazardRatioPhrase(result));
  // A test whose model's iterations ran out is neither significant nor not: it is said apart.
  const notConverged = result.forest.flatMap((f) =>
    f.variables
      .filter((v) => v.interactionNotEstimable === 'not-converged')
      .map((v) => `${lower(v.label)} for ${f.abbreviation}`),
  );
  const anyTested = result.forest.some((f) => f.variables.some((v) => v.interactionP !== null));
  const notEstimable =
    notConverged.length === 0
      ? ''
      : ` The interaction test of ${list(notConverged)} was not estimable: its model’s iterations ran out before converging.`;
  const forest =
    !compared || result.forest.every((f) => f.variables.length === 0)
      ? ''
      : !anyTested && notConverged.length > 0
        ? notEstimable.trim()
        : interactions.length === 0
          ? `${hrPhrase} did not differ significantly across any subgroup (all interaction p ≥ 0.05${forestFigures === '' ? '' : `; ${forestFigures}`}).${notEstimable}`
          : `${hrPhrase} differed across levels of ${list(interactions)}, by the likelihood-ratio test of interaction.${notEstimable}`;
  return resultsTemplate({
    patients: patientsSentence(result),
    differing: compared ? differingSentence(result) : '',
    survival: result.survival.map((km) => survivalSentences(km, pct, fmt, compared)),
    cox: result.cox.map((c) => coxSentences(result, c, pct, fmt)),
    forest,
    subgroups: result.subgroupKm.map((s) => {
      const parts = s.comparisons.map((km) => {
        if (km.curves.length === 0) return `the median ${km.abbreviation} was not estimable (no patients)`;
        const medians = km.curves.map(
          (c) => `${medianPhrase(c.median, km.timeUnit, pct, fmt)} in the ${c.label} group`,
        );
        return `the median ${km.abbreviation} was ${list(medians)}${compared ? ` (${logRankText(km)})` : ''}`;
      });
      return `Within the ${s.label} (n = ${s.n}), ${parts.join('; ')}.`;
    }),
  }).trim();
}

function patientsSentence(result: AnalysisResult): string {
  const { flow, group } = result;
  const n = flow.analysed;
  const excludedTotal = flow.excluded.reduce((a, e) => a + e.n, 0);
  const screened = excludedTotal > 0 ? ` (${flow.screened} screened, ${excludedTotal} excluded)` : '';
  if (group.levels.length < 2) return `A total of ${n} patients were analysed${screened}.`;
  const parts = group.levels.map((g) => `${g.n} (${formatPercent(g.n, n)}) in the ${g.label} group`);
  if (flow.groupMissing > 0)
    parts.push(
      `${flow.groupMissing} (${formatPercent(flow.groupMissing, n)}) with no recorded ${lower(group.label)}`,
    );
  return `A total of ${n} patients were analysed${screened}: ${list(parts)}.${emptyArmsSentence(flow)}${missingFollowUpSentence(flow)}`;
}

function differingSentence(result: AnalysisResult): string {
  const differing: string[] = [];
  for (const row of result.table1.rows)
    if (row.kind !== 'heading' && row.pValue !== null && row.pValue < 0.05)
      differing.push(`${lower(row.label)} (p ${pRelation(row.pValue)})`);
  return differing.length > 0
    ? `The groups differed (p < 0.05) in ${list(differing)}.`
    : 'No characteristic in Table 1 differed between the groups at p < 0.05.';
}

function survivalSentences(km: KmComparison, pct: number, fmt: ReportFormat, compared: boolean): string {
  const overall = `The median ${km.abbreviation} was ${medianPhrase(km.overallMedian, km.timeUnit, pct, fmt)}`;
  const sentence = compared
    ? `${overall} overall; by group, it was ${list(km.curves.map((c) => `${medianPhrase(c.median, km.timeUnit, pct, fmt)} in the ${c.label} group`))} (${logRankText(km)}).`
    : `${overall}.`;
  const landmarks = landmarkSentence(km, compared);
  return landmarks === '' ? sentence : `${sentence} ${landmarks}`;
}

/** "OS at 12 months: 80.1% (A) and 75.0% (B); at 36 months: …" — one value per arm at each landmark. */
function landmarkSentence(km: KmComparison, compared: boolean): string {
  const first = km.curves[0];
  if (first === undefined || first.landmarks.length === 0) return '';
  const parts = first.landmarks.map((lm, i) => {
    const values = km.curves.map(
      (c) => `${formatSurvivalPercent(c.landmarks[i]?.survival)}${compared ? ` (${c.label})` : ''}`,
    );
    return `${formatMonths(lm.time)} ${km.timeUnit}: ${list(values)}`;
  });
  return `${km.abbreviation} at ${parts.join('; at ')}.`;
}

function coxSentences(result: AnalysisResult, c: CoxTable, pct: number, fmt: ReportFormat): string {
  const multiRows = c.multivariable.filter((r): r is CoxVariableRows => r !== null);
  // Screened by the variable's likelihood-ratio p (one test per factor, as the multivariable rule),
  // which can fall below 0.05 while Table 2's per-level Wald p does not: the sentence names its test.
  // The group counts like any covariate: "found no covariate associated" beside a group HR with
  // p = 0.002 in the next sentence would contradict it.
  const significant = c.univariate.filter((r) => r.lrtP !== null && r.lrtP < 0.05).map((r) => lower(r.label));
  // "Independent" factors: any non-reference row with Wald p < 0.05 in the multivariable model.
  const independent = multiRows
    .filter((r) => r.levels.some((l) => l.pValue !== null && l.pValue < 0.05))
    .map((r) => lower(r.label));
  let text = `For ${c.abbreviation}, ${fmt.univariable} Cox regression found ${
    significant.length > 0
      ? `${list(significant)} associated with the outcome (likelihood-ratio p < 0.05)`
      : 'no covariate associated with the outcome at likelihood-ratio p < 0.05'
  }; `;
  // A model without events (every patient censored) estimates nothing: not "remained significant".
  text +=
    c.multivariableVariables.length > 0 && c.multivariableEvents > 0
      ? `in the ${fmt.multivariable} model (${c.multivariableN} patients, ${c.multivariableEvents} events), ${independent.length > 0 ? `${list(independent)} remained significant` : 'no covariate remained significant'}.`
      : `no ${fmt.multivariable} model was fitted.`;
  const uni = armHazardRatios(result, c.univariate, pct, fmt);
  if (uni === null) return text;
  const multi = armHazardRatios(result, multiRows, pct, fmt);
  const models = [`${uni.text} in the ${fmt.univariable} model`];
  if (multi !== null) models.push(`${multi.text} in the ${fmt.multivariable} model`);
  return `${text} Compared with ${uni.reference}, the HR${uni.arms > 1 ? 's were' : ' was'} ${models.join(', and ')}.`;
}

/**
 * "0.974 (95% CI …; p = 0.810) for Lev and 0.690 (…) for Lev+5FU" against the model's own reference
 * arm (a plan may give the Cox covariate another reference than the group's), or null when the group
 * is not in the model.
 */
function armHazardRatios(
  result: AnalysisResult,
  rows: readonly CoxVariableRows[],
  pct: number,
  fmt: ReportFormat,
): { readonly text: string; readonly reference: string; readonly arms: number } | null {
  const g = rows.find((r) => r.variable === result.group.variable);
  if (g === undefined) return null;
  const label = (l: CoxLevelRow) => result.group.levels.find((a) => a.level === l.level)?.label ?? l.label;
  const ref = g.levels.find((l) => l.isReference);
  const order = (l: CoxLevelRow) => result.group.levels.findIndex((a) => a.level === l.level);
  const compared = g.levels.filter((l) => !l.isReference).sort((a, b) => order(a) - order(b));
  if (ref === undefined || compared.length === 0) return null;
  return {
    text: list(compared.map((l) => `${hazardRatioText(l, pct, fmt)} for ${label(l)}`)),
    reference: label(ref),
    arms: compared.length,
  };
}

/** The methods sentences of the sensitivity analyses the plan switched on; '' when none. */
export function sensitivityMethodsText(result: AnalysisResult, plan: AnalysisPlan): string {
  const s = plan.sensitivity;
  if (s === undefined) return '';
  const fmt = reportFormat(plan.format);
  const pct = Math.round(result.confLevel * 100);
  const out: string[] = [];
  if (s.proportionalHazards === true)
    out.push(
      `Proportional hazards were checked in each ${fmt.multivariable} Cox model (the ${fmt.univariable} model of ${lower(result.group.label)} where there was none) with score tests of a time trend in the scaled Schoenfeld residuals against the Kaplan–Meier transform of time, per variable and globally (Grambsch & Therneau 1994; R’s cox.zph); the scaled Schoenfeld residuals of each ${lower(result.group.label)} comparison were plotted against that time scale with a natural cubic spline smooth (4 df) and ±2 standard errors, as R’s plot.cox.zph draws them.`,
    );
  if (s.rmst !== undefined)
    out.push(
      `As an effect measure that does not assume proportional hazards, the restricted mean survival time (RMST, the area under the Kaplan–Meier curve) up to ${s.rmst.tau === undefined ? 'τ, the shorter of the two compared groups’ longest follow-up times,' : `τ = ${formatNumber(s.rmst.tau, timeDigits(plan.survival.timeUnit))} ${plan.survival.timeUnit}`} was compared between each ${lower(result.group.label)} group and the reference by its difference and ratio with ${pct}% CIs (Uno et al. 2014).`,
    );
  if (s.eValue !== undefined)
    out.push(
      `The robustness of the adjusted hazard ratio to unmeasured confounding was expressed by E-values of the estimate and of its confidence limit nearest 1 (VanderWeele & Ding 2017), ${s.eValue.rare ? 'treating the outcome as rare (HR ≈ risk ratio)' : 'treating the outcome as common (each HR converted to an approximate risk ratio, VanderWeele 2020)'}.`,
    );
  return out.join(' ');
}

/** One results sentence per endpoint for the sensitivity analyses; '' when there are none. */
export function sensitivityResultsText(result: AnalysisResult, fmt: ReportFormat): string {
  const pct = Math.round(result.confLevel * 100);
  return (result.sensitivity ?? [])
    .map((s) => {
      const parts: string[] = [];
      if (s.ph !== null)
        parts.push(
          `the global test of proportional hazards gave χ² = ${formatStatistic(s.ph.global.chisq)} on ${s.ph.global.df} df (p ${pRelation(s.ph.global.pValue)})`,
        );
      const d = timeDigits(s.timeUnit);
      for (const r of s.rmst ?? [])
        parts.push(
          `the RMST up to ${formatNumber(r.tau, d)} ${s.timeUnit} was ${formatNumber(r.arm.estimate, d)} ${s.timeUnit} for ${r.arm.label} and ${formatNumber(r.reference.estimate, d)} for ${r.reference.label} (difference ${signedNumber(r.difference.estimate, d)}, ${pct}% CI ${signedInterval(r.difference.lower, r.difference.upper, d, fmt)}; p ${pRelation(r.difference.pValue)})`,
        );
      for (const e of s.eValue ?? [])
        parts.push(
          `the E-value of the adjusted HR of ${e.label} was ${formatNumber(e.point, 2)} (${formatNumber(e.ci, 2)} for its confidence limit nearest 1)`,
        );
      if (parts.length === 0) return '';
      return `${s.label} (${s.abbreviation}): ${list(parts)}.`;
    })
    .filter((x) => x !== '')
    .join('\n');
}
