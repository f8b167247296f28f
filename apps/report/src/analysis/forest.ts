import type { Cohort } from '@survkit/cohort';
import {
  type CoxModelResult,
  chiSquareUpperTail,
  coxPH,
  coxPHFrom,
  fitCoxModel,
  StatsInputError,
} from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import { type CovariateSpec, covariateSpecs, modelFrame } from './cox.js';
import { categorical, filterRows, pick, pickCodes, type Rows } from './data.js';
import { estimableFit } from './estimableFit.js';
import type { GroupSplit } from './group.js';
import type { ForestLevel, ForestResult, ForestVariable, LikelihoodRatioTest } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];

function countEvents(event: ArrayLike<number>, rows: Rows): number {
  let e = 0;
  for (const r of rows) e += event[r]!;
  return e;
}

/**
 * The hazard ratio of each non-reference arm against the reference arm over `rows`: one Cox model
 * with k − 1 arm indicators, as R's `coxph(Surv(t, e) ~ arm, data = subset)`.
 */
function armHazardRatios(
  cohort: Cohort,
  endpoint: string,
  rows: Rows,
  split: GroupSplit,
  label: string,
  plan: AnalysisPlan,
  warnings: string[],
  fitted: CoxModelResult | null = null,
): ForestLevel {
  const ep = cohort.endpoint(endpoint);
  const events = countEvents(ep.event, rows);
  const reference = split.info.reference;
  const others = split.info.levels.filter((l) => l.level !== reference);
  const armRows = (level: string) => {
    const code = split.variable.levels.indexOf(level);
    return filterRows(rows, (r) => split.variable.codes[r] === code);
  };
  // An arm's row without an estimate, with the reason in `note`.
  const noArm = (o: { level: string; label: string }, note: string) => ({
    level: o.level,
    label: o.label,
    hazardRatio: null,
    lower: null,
    upper: null,
    pValue: null,
    note,
  });
  const noEstimate = (note: string): ForestLevel => ({
    label,
    n: rows.length,
    events,
    arms: others.map((o) => noArm(o, note)),
  });
  // Without the reference arm the model would silently switch reference; say so instead.
  if (armRows(reference).length === 0) return noEstimate('no patients in the reference arm');
  const group: CovariateSpec = {
    type: 'categorical',
    variable: split.info.variable,
    label: split.info.label,
    reference,
  };
  try {
    // A forest row shows the hazard ratios only; the model's concordance is not computed.
    const fit =
      fitted ??
      fitCoxModel(modelFrame(cohort, endpoint, rows, [group]), [group.variable], {
        ties: plan.cox.ties,
        confLevel: plan.confLevel,
        concordance: false,
      });
    if (!estimableFit(fit.fit) || fit.variables[0]?.levels.some((l) => l.infinite))
      warnings.push(`${label}: ${fit.warnings.join('; ')}`);
    const arms = others.map((o) => {
      const l = fit.variables[0]?.levels.find((x) => x.level === o.level);
      if (l === undefined) return noArm(o, 'no patients');
      // R's "Ran out of iterations and did not converge": where the iterations stopped is no estimate.
      if (!estimableFit(fit.fit)) return noArm(o, 'not estimable (did not converge)');
      if (l.infinite) return noArm(o, 'not estimable (infinite)');
      if (l.hazardRatio === null) return noArm(o, 'not estimable');
      return {
        ...noArm(o, ''),
        hazardRatio: l.hazardRatio,
        lower: l.lower,
        upper: l.upper,
        pValue: l.pValue,
        note: null,
      };
    });
    return { label, n: rows.length, events, arms };
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    warnings.push(`${label}: ${error.message}`);
    return noEstimate(events === 0 ? 'no events' : 'not estimable');
  }
}

/**
 * Likelihood-ratio test of the group × subgroup interaction: Cox models with group and subgroup
 * indicators, with and without their products, on the patients with both known.
 * With k arms and m subgroup levels it has (k − 1)(m − 1) degrees of freedom, fewer when a product
 * column is NA (an arm absent from a level), as R's anova counts the estimable coefficients.
 * R: anova(coxph(Surv(t, e) ~ g + s), coxph(Surv(t, e) ~ g * s)).
 */
function interactionTest(
  cohort: Cohort,
  endpoint: string,
  rows: Rows,
  split: GroupSplit,
  variable: string,
  reference: string,
  plan: AnalysisPlan,
  shared: InteractionColumns,
): InteractionTest {
  const none: InteractionTest = { test: null, notEstimable: null };
  const ep = cohort.endpoint(endpoint);
  const sub = categorical(cohort, variable, variable);
  const complete = filterRows(rows, (r) => sub.codes[r]! >= 0);
  const refCode = sub.levels.indexOf(reference);
  const gRef = split.variable.levels.indexOf(split.info.reference);
  const present = new Set<number>();
  for (let i = 0; i < complete.length; i++) present.add(sub.codes[complete[i]!]!);
  const subLevels = [...present].filter((c) => c !== refCode && present.has(refCode)).sort((a, b) => a - b);
  const groupLevels = split.codes.filter((c) => c !== gRef);
  if (subLevels.length === 0 || !present.has(refCode)) return none;
  // The outcome, the group's codes and its indicators over these patients are those of the previous
  // subgroup variable when its patients were the same (`shared`).
  const same = shared.rows !== null && sameRows(shared.rows, complete);
  if (!same) {
    shared.rows = complete;
    shared.time = pick(ep.time, complete);
    shared.event = pick(ep.event, complete);
    shared.groupCodes = pickCodes(split.variable.codes, complete);
    shared.groupColumns.clear();
  }
  const { time, event, groupCodes: gCodes } = shared as Required<InteractionColumns>;
  const sCodes = pickCodes(sub.codes, complete);
  // Indicator columns by plain loops over the patients' codes (10⁶ rows: closures per cell cost seconds).
  const indicator = (g: number | null, s: number | null) => {
    const x = new Float64Array(complete.length);
    for (let i = 0; i < x.length; i++)
      x[i] = (g === null || gCodes[i] === g) && (s === null || sCodes[i] === s) ? 1 : 0;
    return x;
  };
  const groupColumn = (g: number) => {
    let x = shared.groupColumns.get(g);
    if (x === undefined) shared.groupColumns.set(g, (x = indicator(g, null)));
    return x;
  };
  const main: Record<string, Float64Array> = {};
  const inter: Record<string, Float64Array> = {};
  for (const g of groupLevels) main[`g${g}`] = groupColumn(g);
  for (const s of subLevels) main[`s${s}`] = indicator(null, s);
  for (const g of groupLevels) for (const s of subLevels) inter[`g${g}:s${s}`] = indicator(g, s);
  // Only the two log-likelihoods and ranks enter the test.
  const options = { ties: plan.cox.ties, confLevel: plan.confLevel, concordance: false };
  try {
    const reduced = coxPH({ time, event, covariates: main }, options);
    // The full model starts where the reduced one ended, products at 0: the same maximum in fewer
    // Newton iterations (where that start leads anywhere but a clean convergence, coxPHFrom refits
    // from 0, the model R's anova compares).
    const covariates = { ...main, ...inter };
    const full = coxPHFrom({ time, event, covariates }, options, reduced);
    if (!estimableFit(reduced) || !estimableFit(full)) return { test: null, notEstimable: 'not-converged' };
    const df =
      full.terms.filter((t) => t.coef !== null).length - reduced.terms.filter((t) => t.coef !== null).length;
    if (df <= 0) return none;
    const statistic = Math.max(0, 2 * (full.logLik.model - reduced.logLik.model));
    return { test: { statistic, df, pValue: chiSquareUpperTail(statistic, df) }, notEstimable: null };
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    return none;
  }
}

/**
 * The columns one forest's interaction models share while their patients are the same (every
 * subgroup variable known for the same patients): the outcome, the group's codes and its indicator
 * columns. Made once instead of once per subgroup variable — at 10⁶ patients each is megabytes of
 * fresh pages — and only read (by @survkit/stats, which never writes to its input). The same group
 * columns are also the same arrays for the engine's memo of sorted columns.
 */
interface InteractionColumns {
  /** The patients the columns below are over (null: none made yet). */
  rows: Rows | null;
  time?: Float64Array;
  event?: Float64Array;
  groupCodes?: Int32Array;
  /** The group's indicator column by group code. */
  readonly groupColumns: Map<number, Float64Array>;
}

function sameRows(a: Rows, b: Rows): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The interaction test, or why there is none: its models' iterations ran out ('not-converged'). */
interface InteractionTest {
  readonly test: LikelihoodRatioTest | null;
  readonly notEstimable: 'not-converged' | null;
}

/**
 * Figures 3–4: the hazard ratio of each non-reference arm against the reference arm within each
 * level of each subgroup variable, with the interaction likelihood-ratio test. `groupFit`, when
 * given, is Table 2's univariable model of the group over all the patients against the group's
 * reference: the overall row's model, which is then not fitted again.
 */
export function computeForest(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  plan: AnalysisPlan,
  groupFit: CoxModelResult | null = null,
): ForestResult {
  const warnings: string[] = [];
  const label = endpoint.label ?? cohort.endpoint(endpoint.name).label;
  const overall = armHazardRatios(
    cohort,
    endpoint.name,
    split.rows,
    split,
    'Overall',
    plan,
    warnings,
    groupFit,
  );
  const specs = covariateSpecs(cohort, plan.forest.variables, 'forest.variables');
  // The interaction models first: they are fitted on the patients of the overall model (those with
  // the subgroup known), so while no subgroup's own sort has replaced it, they reuse the overall
  // model's sort of the times (@survkit/stats keeps the last one). Nothing they compute depends on
  // the order, and they add no warnings.
  const shared: InteractionColumns = { rows: null, groupColumns: new Map() };
  const interactions = specs.map((spec) =>
    interactionTest(
      cohort,
      endpoint.name,
      split.rows,
      split,
      spec.variable,
      spec.type === 'categorical'
        ? spec.reference
        : categorical(cohort, spec.variable, spec.variable).reference,
      plan,
      shared,
    ),
  );
  const variables: ForestVariable[] = specs.map((spec, i) => {
    const v = categorical(cohort, spec.variable, spec.variable);
    const levels = v.levels
      .map((level) => {
        const code = v.levels.indexOf(level);
        const rows = filterRows(split.rows, (r) => v.codes[r] === code);
        return { rows, label: v.levelLabels[code] ?? level };
      })
      .filter((x) => x.rows.length > 0)
      .map((x) => armHazardRatios(cohort, endpoint.name, x.rows, split, x.label, plan, warnings));
    const { test, notEstimable } = interactions[i]!;
    return {
      variable: spec.variable,
      label: spec.label,
      levels,
      interaction: test,
      interactionP: test?.pValue ?? null,
      ...(notEstimable === null ? {} : { interactionNotEstimable: notEstimable }),
    };
  });
  const ref = split.info.levels.find((l) => l.level === split.info.reference)!;
  const others = split.info.levels.filter((l) => l.level !== split.info.reference);
  return {
    endpoint: endpoint.name,
    abbreviation: endpoint.abbreviation,
    label,
    overall,
    variables,
    contrast:
      others.length === 1
        ? `${others[0]!.label} vs ${ref.label}`
        : `${others
            .slice(0, -1)
            .map((o) => o.label)
            .join(', ')} and ${others.at(-1)!.label}, each vs ${ref.label}`,
    reference: { level: ref.level, label: ref.label },
    warnings,
  };
}
