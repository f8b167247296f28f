import type { Cohort } from '@survkit/cohort';
import type { AnalysisPlan } from '../plan/schema.js';
import { computeCoxModels } from './cox.js';
import { categorical, filterRows } from './data.js';
import { computeForest } from './forest.js';
import { analysisFlow, type GroupSplit, splitGroups, withGroupLabels } from './group.js';
import { computeImmortalTime } from './immortalTime.js';
import { pairwiseLogRank } from './pairwise.js';
import { computePropensity } from './propensity.js';
import { computeSensitivity } from './sensitivity.js';
import { compareSurvival } from './survival.js';
import { computeTable1 } from './table1.js';
import type { AnalysisResult, DataSource, SubgroupKm, ValidationRun } from './types.js';

export interface AnalyseContext {
  readonly source: DataSource;
  readonly generatedAt: string;
  readonly version: string;
  readonly validation: ValidationRun | null;
  readonly importWarnings: readonly string[];
  /** Set when run in a web browser (which has no `process`): its name and version, e.g. "Chrome 156". */
  readonly browser?: string;
}

/** The Kaplan–Meier comparisons of the groups within one level of a variable (plan `subgroupKm`). */
function computeSubgroupKm(cohort: Cohort, split: GroupSplit, plan: AnalysisPlan): SubgroupKm[] {
  return plan.subgroupKm.map((s, i) => {
    const v = categorical(cohort, s.variable, `subgroupKm[${i}].variable`);
    const code = v.levels.indexOf(s.level);
    const rowsByGroup = split.rowsByGroup.map((rows) => filterRows(rows, (r) => v.codes[r] === code));
    return {
      label: s.label,
      variable: s.variable,
      level: s.level,
      n: rowsByGroup.reduce((a, r) => a + r.length, 0),
      comparisons: plan.endpoints.map((e) =>
        compareSurvival(
          cohort,
          e,
          split,
          rowsByGroup,
          plan,
          `subgroupKm[${i}] (${s.variable} = "${s.level}", ${e.abbreviation})`,
        ),
      ),
    };
  });
}

/** Computes every number of the report (no formatting): the AnalysisResult. */
export function analyse(data: Cohort, plan: AnalysisPlan, context: AnalyseContext): AnalysisResult {
  const split = splitGroups(data, plan);
  const cohort = withGroupLabels(data, split);
  const table1 = computeTable1(cohort, plan, split);
  const survival = plan.endpoints.map((e, i) =>
    compareSurvival(cohort, e, split, split.rowsByGroup, plan, `endpoints[${i}] (${e.abbreviation})`),
  );
  const pairwiseAdjust = plan.survival.pairwise?.adjust;
  const pairwise =
    pairwiseAdjust === undefined
      ? []
      : plan.endpoints.map((e) => pairwiseLogRank(cohort, e, split, pairwiseAdjust, plan.survival.rho));
  // The sensitivity section reads the multivariable model of Tables 2–3 with its PH test: fitted once.
  const sensitivityPlan = plan.sensitivity;
  const phTest =
    sensitivityPlan?.proportionalHazards === true || sensitivityPlan?.eValue !== undefined ? 'km' : undefined;
  const models = plan.endpoints.map((e) => computeCoxModels(cohort, e, split.rows, plan, phTest));
  const cox = models.map((m) => m.table);
  const forest =
    plan.forest.variables.length === 0
      ? []
      : plan.endpoints.map((e) => computeForest(cohort, e, split, plan));
  const subgroupKm = computeSubgroupKm(cohort, split, plan);
  const sensitivity =
    sensitivityPlan === undefined
      ? undefined
      : plan.endpoints.map((e, i) =>
          computeSensitivity(cohort, e, split, plan, cox[i]!, sensitivityPlan, models[i]!.multivariable),
        );
  const immortalTimePlan = plan.immortalTime;
  const immortalTime =
    immortalTimePlan === undefined
      ? undefined
      : plan.endpoints.map((e, i) => computeImmortalTime(cohort, e, split, plan, cox[i]!, immortalTimePlan));
  const propensity =
    plan.propensity === undefined ? undefined : computePropensity(cohort, plan, split, cox, plan.propensity);
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
    flow: analysisFlow(cohort, split),
    table1,
    survival,
    cox,
    forest,
    pairwise,
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
