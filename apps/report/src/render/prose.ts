import Handlebars from 'handlebars';
import type { AnalysisResult, KmComparison } from '../analysis/types.js';
import {
  formatHazardRatio,
  formatMedian,
  formatMonths,
  formatPercent,
  formatStatistic,
  formatSurvivalPercent,
  pRelation,
} from '../format/index.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { METHODS_TEMPLATE } from '../templates/methods.js';
import { RESULTS_TEMPLATE } from '../templates/results.js';

// The prose is plain text set by pdfkit, not HTML: no escaping.
const methodsTemplate = Handlebars.compile(METHODS_TEMPLATE, { noEscape: true, strict: true });
const resultsTemplate = Handlebars.compile(RESULTS_TEMPLATE, { noEscape: true, strict: false });

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function lower(label: string): string {
  // Lower-case the first letter unless the label starts with an acronym ("ECOG", "HR status").
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/** The group contrast in words, e.g. "Surgery vs Non-surgery". */
export function groupContrast(result: AnalysisResult): string {
  const ref = result.group.levels.find((l) => l.level === result.group.reference);
  const others = result.group.levels.filter((l) => l.level !== result.group.reference);
  return `${others.map((o) => o.label).join('/')} vs ${ref?.label ?? result.group.reference}`;
}

export function logRankText(km: KmComparison): string {
  if (km.logRank === null) return km.logRankNote ?? 'log-rank test not computed';
  return `log-rank χ² = ${formatStatistic(km.logRank.statistic)}, p ${pRelation(km.logRank.pValue)}`;
}

/** The statistical methods paragraph, written from the plan and from what the analysis used. */
export function methodsText(
  result: AnalysisResult,
  plan: AnalysisPlan,
  endpointDefinitions: readonly string[],
): string {
  const tests = new Set<string>();
  let autoRule = false;
  for (const row of result.table1.rows) {
    if (row.kind !== 'categorical' || row.test === null) continue;
    tests.add(row.test);
    if (row.autoPValue === null && row.test === row.autoTest) autoRule = true;
  }
  const testNames = [...tests]
    .sort()
    .map((t) =>
      t === 'chisq' ? 'Pearson’s χ² test (without continuity correction)' : 'Fisher’s exact test',
    );
  let testSentence =
    testNames.length === 0
      ? 'No categorical characteristic was tested.'
      : `Characteristics were compared between the groups with ${list(testNames)}`;
  if (testNames.length > 0) {
    testSentence +=
      plan.table1.test === 'auto'
        ? ' (Fisher’s exact test whenever an expected cell count was below 5).'
        : autoRule
          ? ', as specified per variable in the analysis plan.'
          : ', as specified in the analysis plan.';
  }
  const rankTests = new Set<string>();
  for (const row of result.table1.rows)
    if (row.kind === 'continuous' && row.test !== null) rankTests.add(row.test);
  if (rankTests.size > 0)
    testSentence += ` Continuous variables were compared with the ${list(
      [...rankTests]
        .sort()
        .map((t) =>
          t === 'wilcoxon'
            ? 'Wilcoxon rank-sum test (exact for fewer than 50 values without ties, otherwise the normal approximation with continuity correction)'
            : 'Kruskal–Wallis test',
        ),
    )}.`;
  const mv = plan.cox.multivariable;
  const labelOf = (name: string) => result.cox[0]?.univariate.find((v) => v.variable === name)?.label ?? name;
  const selectionSentence =
    mv.rule === 'univariate-p'
      ? `Covariates with a univariate likelihood-ratio p < ${mv.pBelow}${mv.alwaysInclude.length > 0 ? `, and ${list(mv.alwaysInclude.map((v) => lower(labelOf(v))))} regardless of its p-value,` : ''} entered the multivariate model.`
      : `The multivariate model contained ${list(mv.variables.map((v) => lower(labelOf(v))))}, as specified in the analysis plan.`;
  return methodsTemplate({
    testSentence,
    pct: Math.round(result.confLevel * 100),
    endpoints: endpointDefinitions,
    groupPhrase: lower(result.group.label),
    logRankName:
      plan.survival.rho === 0
        ? 'log-rank test'
        : `G-rho test (rho = ${plan.survival.rho}, Harrington–Fleming)`,
    landmarks: plan.survival.landmarks.length > 0 ? list(plan.survival.landmarks.map(formatMonths)) : '',
    ties: result.ties === 'efron' ? 'Efron' : 'Breslow',
    selectionSentence,
    firth: plan.cox.firthWhenInfinite,
    forest: result.forest.length > 0 && (result.forest[0]?.variables.length ?? 0) > 0,
    contrast: groupContrast(result),
    forestVariables: list((result.forest[0]?.variables ?? []).map((v) => lower(v.label))),
    version: result.software.survkit,
    node: result.software.node,
  });
}

/** The results text: every number from the analysis. */
export function resultsText(result: AnalysisResult, forestFigures: string): string {
  const n = result.flow.analysed;
  const excludedTotal = result.flow.excluded.reduce((a, e) => a + e.n, 0);
  const differing: string[] = [];
  for (const row of result.table1.rows)
    if (row.kind === 'categorical' && row.pValue !== null && row.pValue < 0.05)
      differing.push(`${lower(row.label)} (p ${pRelation(row.pValue)})`);
  const contrast = groupContrast(result);
  const cox = result.cox.map((c) => {
    const sig = (rows: typeof c.univariate) =>
      rows
        .filter((r) => r.lrtP !== null && r.lrtP < 0.05 && r.variable !== result.group.variable)
        .map((r) => lower(r.label));
    const multiRows = c.multivariable.filter((r): r is NonNullable<typeof r> => r !== null);
    const groupText = (rows: typeof c.univariate) => {
      const g = rows.find((r) => r.variable === result.group.variable);
      const level = g?.levels.find((l) => !l.isReference);
      if (level === undefined) return '';
      if (level.hazardRatio === null) return 'not estimable';
      return `${formatHazardRatio(level.hazardRatio, level.lower ?? Number.NaN, level.upper ?? Number.NaN)}, p ${pRelation(level.pValue)},`;
    };
    // "Independent" factors: any non-reference level with Wald p < 0.05 in the multivariable model.
    const independent = multiRows
      .filter(
        (r) =>
          r.variable !== result.group.variable && r.levels.some((l) => l.pValue !== null && l.pValue < 0.05),
      )
      .map((r) => lower(r.label));
    return {
      abbreviation: c.abbreviation,
      univariate: list(sig(c.univariate)),
      multivariable: c.multivariableVariables.length > 0,
      modelSize: `${c.multivariableN} patients, ${c.multivariableEvents} events`,
      independent: list(independent),
      groupUni: groupText(c.univariate),
      groupMulti: groupText(multiRows),
    };
  });
  const survival = result.survival.map((km) => ({
    abbreviation: km.abbreviation,
    overall: formatMedian(km.overallMedian),
    curves: km.curves.map((c) => ({ label: c.label, median: formatMedian(c.median) })),
    test: logRankText(km),
    landmarks: landmarkSentence(km),
  }));
  const interactions = result.forest.flatMap((f) =>
    f.variables
      .filter((v) => v.interactionP !== null && v.interactionP < 0.05)
      .map((v) => `${lower(v.label)} for ${f.abbreviation} (p ${pRelation(v.interactionP)})`),
  );
  const forest =
    result.forest.length === 0
      ? ''
      : interactions.length === 0
        ? `The HR of ${contrast} did not differ significantly across any subgroup (all interaction p ≥ 0.05; ${forestFigures}).`
        : `The HR of ${contrast} differed across levels of ${list(interactions)} (interaction test).`;
  const subgroups = result.subgroupKm.map((s) => ({
    label: s.label,
    n: s.n,
    comparisons: s.comparisons.map((km) => ({
      abbreviation: km.abbreviation,
      medians:
        km.curves.length === 0
          ? 'not estimable'
          : km.curves.map((c) => `${formatMedian(c.median)} months (${c.label})`).join(' vs '),
      test: logRankText(km),
    })),
  }));
  return resultsTemplate({
    flow: {
      analysed: n,
      screened: result.flow.screened,
      excludedTotal,
      groups: result.group.levels.map((g) => ({ n: g.n, pct: formatPercent(g.n, n), label: g.label })),
    },
    differing: list(differing),
    survival,
    cox,
    contrast,
    forest,
    subgroups,
  }).trim();
}

function landmarkSentence(km: KmComparison): string {
  const first = km.curves[0];
  if (first === undefined || first.landmarks.length === 0) return '';
  const parts = first.landmarks.map((lm, i) => {
    const values = km.curves.map((c) => `${formatSurvivalPercent(c.landmarks[i]?.survival)} (${c.label})`);
    return `${formatMonths(lm.time)} months: ${values.join(' vs ')}`;
  });
  return `${km.abbreviation} rates at ${parts.join('; ')}.`;
}
