import type { Cohort } from '@survkit/cohort';
import type { AnalysisPlan } from '../plan/schema.js';
import { computeCoxModels } from './cox.js';
import { categorical, filterRows, type Rows } from './data.js';
import { computeForest } from './forest.js';
import { analysisFlow, type GroupSplit, splitGroups, withGroupLabels } from './group.js';
import { computeImmortalTime } from './immortalTime.js';
import type { ImmortalTimeResult } from './immortalTimeTypes.js';
import { missingFollowUp, withKnownFollowUp } from './knownFollowUp.js';
import { pairwiseLogRank } from './pairwise.js';
import { computePropensity, withMultivariableHrs } from './propensity.js';
import type { PropensityResult } from './propensityTypes.js';
import { computeSensitivity } from './sensitivity.js';
import { compareSurvival } from './survival.js';
import { computeTable1 } from './table1.js';
import type {
  AnalysisResult,
  CoxTable,
  DataSource,
  ForestResult,
  KmComparison,
  PairwiseLogRank,
  SensitivityResult,
  SubgroupKm,
  Table1Result,
  ValidationRun,
} from './types.js';

export interface AnalyseContext {
  readonly source: DataSource;
  readonly generatedAt: string;
  readonly version: string;
  readonly validation: ValidationRun | null;
  readonly importWarnings: readonly string[];
  /** Set when run in a web browser (which has no `process`): its name and version, e.g. "Chrome 156". */
  readonly browser?: string;
}

/**
 * Everything the report computes for one endpoint: its curves and log-rank test, Tables 2–3, its
 * forest plot, its subgroup comparisons (one per plan `subgroupKm`), its sensitivity and
 * immortal-time sections. No part depends on another endpoint's, so endpoints can be analysed in
 * any order, or at the same time (see parallel/analyseInParallel.ts), with the same numbers.
 */
export interface EndpointAnalysis {
  readonly survival: KmComparison;
  readonly pairwise: PairwiseLogRank | null;
  readonly cox: CoxTable;
  readonly forest: ForestResult | null;
  readonly subgroupKm: readonly KmComparison[];
  readonly sensitivity: SensitivityResult | null;
  readonly immortalTime: ImmortalTimeResult | null;
}

/** The cohort with its group split: what every endpoint's analysis reads. */
export interface GroupedCohort {
  readonly cohort: Cohort;
  readonly split: GroupSplit;
}

/** The plan's group split and the cohort relabelled with the groups' display names. */
export function groupCohort(data: Cohort, plan: AnalysisPlan): GroupedCohort {
  const split = splitGroups(data, plan);
  return { cohort: withGroupLabels(data, split), split };
}

/** The rows of each group within each plan `subgroupKm` level. */
function subgroupRows(cohort: Cohort, split: GroupSplit, plan: AnalysisPlan): Rows[][] {
  return plan.subgroupKm.map((s, i) => {
    const v = categorical(cohort, s.variable, `subgroupKm[${i}].variable`);
    const code = v.levels.indexOf(s.level);
    return split.rowsByGroup.map((rows) => filterRows(rows, (r) => v.codes[r] === code));
  });
}

/** Analyses the plan's endpoint `i` (see EndpointAnalysis). */
export function analyseEndpoint(grouped: GroupedCohort, plan: AnalysisPlan, i: number): EndpointAnalysis {
  const e = plan.endpoints[i]!;
  const { cohort, split } = withKnownFollowUp(grouped, e.name);
  const survival = compareSurvival(
    cohort,
    e,
    split,
    split.rowsByGroup,
    plan,
    `endpoints[${i}] (${e.abbreviation})`,
  );
  const pairwiseAdjust = plan.survival.pairwise?.adjust;
  const pairwise =
    pairwiseAdjust === undefined
      ? null
      : pairwiseLogRank(cohort, e, split, pairwiseAdjust, plan.survival.rho);
  // The sensitivity section reads the multivariable model of Tables 2–3 with its PH test: fitted once.
  const sensitivityPlan = plan.sensitivity;
  const phTest =
    sensitivityPlan?.proportionalHazards === true || sensitivityPlan?.eValue !== undefined ? 'km' : undefined;
  const model = computeCoxModels(cohort, e, split.rows, plan, phTest);
  // Table 2's univariable model of the group is the forest plot's overall model when it has the
  // group's reference (both fitted on every patient of the split).
  const groupFit = model.univariateFits.get(split.info.variable);
  const forest =
    plan.forest.variables.length === 0
      ? null
      : computeForest(
          cohort,
          e,
          split,
          plan,
          groupFit?.reference === split.info.reference ? groupFit.fit : null,
        );
  const subgroupKm = subgroupRows(cohort, split, plan).map((rowsByGroup, s) =>
    compareSurvival(
      cohort,
      e,
      split,
      rowsByGroup,
      plan,
      `subgroupKm[${s}] (${plan.subgroupKm[s]!.variable} = "${plan.subgroupKm[s]!.level}", ${e.abbreviation})`,
    ),
  );
  const sensitivity =
    sensitivityPlan === undefined
      ? null
      : computeSensitivity(cohort, e, split, plan, model.table, sensitivityPlan, model.multivariable);
  const immortalTime =
    plan.immortalTime === undefined
      ? null
      : computeImmortalTime(cohort, e, split, plan, model.table, plan.immortalTime);
  return { survival, pairwise, cox: model.table, forest, subgroupKm, sensitivity, immortalTime };
}

/** Computes every number of the report (no formatting): the AnalysisResult. */
export function analyse(data: Cohort, plan: AnalysisPlan, context: AnalyseContext): AnalysisResult {
  const grouped = groupCohort(data, plan);
  const table1 = computeTable1(grouped.cohort, plan, grouped.split);
  const endpoints = plan.endpoints.map((_, i) => analyseEndpoint(grouped, plan, i));
  return assembleAnalysis(grouped, plan, context, table1, endpoints);
}

/**
 * The AnalysisResult from Table 1, each endpoint's analysis (in plan order) and the one section
 * that spans the endpoints, the propensity analysis: fitted here, or given as `fitPropensity`'s
 * result (fitted beside the endpoints), to which the endpoints' multivariable HRs are added.
 */
export function assembleAnalysis(
  { cohort, split }: GroupedCohort,
  plan: AnalysisPlan,
  context: AnalyseContext,
  table1: Table1Result,
  endpoints: readonly EndpointAnalysis[],
  fittedPropensity: PropensityResult | null = null,
): AnalysisResult {
  const survival = endpoints.map((e) => e.survival);
  const cox = endpoints.map((e) => e.cox);
  const subgroupN = subgroupRows(cohort, split, plan).map((byGroup) =>
    byGroup.reduce((a, r) => a + r.length, 0),
  );
  const subgroupKm: SubgroupKm[] = plan.subgroupKm.map((s, k) => ({
    label: s.label,
    variable: s.variable,
    level: s.level,
    n: subgroupN[k]!,
    comparisons: endpoints.map((e) => e.subgroupKm[k]!),
  }));
  const sensitivity = plan.sensitivity === undefined ? undefined : endpoints.map((e) => e.sensitivity!);
  const immortalTime = plan.immortalTime === undefined ? undefined : endpoints.map((e) => e.immortalTime!);
  const propensity =
    plan.propensity === undefined
      ? undefined
      : fittedPropensity === null
        ? computePropensity(cohort, plan, split, cox, plan.propensity)
        : withMultivariableHrs(fittedPropensity, cox, split);
  return {
    title: plan.title,
    population: plan.population,
    generatedAt: context.generatedAt,
    software:
      context.browser === undefined
        ? { survkit: context.version, node: process.versions.node }
        : { survkit: context.version, node: 'none', browser: context.browser },
    source: context.source,
    confLevel: plan.confLevel,
    ties: plan.cox.ties,
    group: split.info,
    flow: { ...analysisFlow(cohort, split), missingFollowUp: missingFollowUp(cohort, plan, split) },
    table1,
    survival,
    cox,
    forest: endpoints.flatMap((e) => (e.forest === null ? [] : [e.forest])),
    pairwise: endpoints.flatMap((e) => (e.pairwise === null ? [] : [e.pairwise])),
    subgroupKm,
    ...(sensitivity === undefined ? {} : { sensitivity }),
    ...(immortalTime === undefined ? {} : { immortalTime }),
    ...(propensity === undefined ? {} : { propensity }),
    validation: context.validation,
    importWarnings: context.importWarnings,
    warnings: [
      ...[...survival, ...subgroupKm.flatMap((s) => s.comparisons)].flatMap((km) => km.warnings),
      ...(sensitivity ?? []).flatMap((s) => s.warnings),
      ...(immortalTime ?? []).flatMap((s) => s.warnings),
      ...(propensity?.warnings ?? []),
    ],
  };
}
