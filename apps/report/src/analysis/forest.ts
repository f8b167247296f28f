import type { Cohort } from '@survkit/cohort';
import { chiSquareUpperTail, coxPH, fitCoxModel, StatsInputError } from '@survkit/stats';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { type CovariateSpec, covariateSpecs, modelFrame } from './cox.js';
import { categorical, filterRows, pick, pickCodes, type Rows } from './data.js';
import type { GroupSplit } from './group.js';
import type { ForestLevel, ForestResult, ForestVariable } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];

function countEvents(event: ArrayLike<number>, rows: Rows): number {
  let e = 0;
  for (const r of rows) e += event[r]!;
  return e;
}

/** The group hazard ratio (non-reference vs reference) over `rows`. */
function groupHazardRatio(
  cohort: Cohort,
  endpoint: string,
  rows: Rows,
  group: CovariateSpec,
  label: string,
  plan: AnalysisPlan,
  warnings: string[],
): ForestLevel {
  const ep = cohort.endpoint(endpoint);
  const events = countEvents(ep.event, rows);
  const base = { label, n: rows.length, events };
  const noEstimate = (note: string): ForestLevel => ({
    ...base,
    hazardRatio: null,
    lower: null,
    upper: null,
    pValue: null,
    note,
  });
  try {
    const fit = fitCoxModel(modelFrame(cohort, endpoint, rows, [group]), [group.variable], {
      ties: plan.cox.ties,
      confLevel: plan.confLevel,
    });
    const level = fit.variables[0]?.levels.find((l) => !l.isReference);
    if (level === undefined || level.hazardRatio === null) return noEstimate('not estimable');
    if (level.infinite) {
      warnings.push(`${label}: ${fit.warnings.join('; ')}`);
      return noEstimate('not estimable (infinite)');
    }
    return {
      ...base,
      hazardRatio: level.hazardRatio,
      lower: level.lower,
      upper: level.upper,
      pValue: level.pValue,
      note: null,
    };
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    warnings.push(`${label}: ${error.message}`);
    return noEstimate(events === 0 ? 'no events' : 'not estimable');
  }
}

/**
 * Likelihood-ratio test of the group × subgroup interaction: Cox models with group and subgroup
 * indicators, with and without their products, on the patients with both known.
 * R: anova(coxph(Surv(t, e) ~ g + s), coxph(Surv(t, e) ~ g * s)).
 */
function interactionP(
  cohort: Cohort,
  endpoint: string,
  rows: Rows,
  split: GroupSplit,
  variable: string,
  reference: string,
  plan: AnalysisPlan,
): number | null {
  const ep = cohort.endpoint(endpoint);
  const sub = categorical(cohort, variable, variable);
  const complete = filterRows(rows, (r) => sub.codes[r]! >= 0);
  const refCode = sub.levels.indexOf(reference);
  const gRef = split.variable.levels.indexOf(split.info.reference);
  const present = new Set<number>();
  for (let i = 0; i < complete.length; i++) present.add(sub.codes[complete[i]!]!);
  const subLevels = [...present].filter((c) => c !== refCode && present.has(refCode)).sort((a, b) => a - b);
  const groupLevels = split.codes.filter((c) => c !== gRef);
  if (subLevels.length === 0 || !present.has(refCode)) return null;
  // Indicator columns by plain loops over the patients' codes (10⁶ rows: closures per cell cost seconds).
  const gCodes = pickCodes(split.variable.codes, complete);
  const sCodes = pickCodes(sub.codes, complete);
  const indicator = (g: number | null, s: number | null) => {
    const x = new Float64Array(complete.length);
    for (let i = 0; i < x.length; i++)
      x[i] = (g === null || gCodes[i] === g) && (s === null || sCodes[i] === s) ? 1 : 0;
    return x;
  };
  const main: Record<string, Float64Array> = {};
  const inter: Record<string, Float64Array> = {};
  for (const g of groupLevels) main[`g${g}`] = indicator(g, null);
  for (const s of subLevels) main[`s${s}`] = indicator(null, s);
  for (const g of groupLevels) for (const s of subLevels) inter[`g${g}:s${s}`] = indicator(g, s);
  const time = pick(ep.time, complete);
  const event = pick(ep.event, complete);
  const options = { ties: plan.cox.ties, confLevel: plan.confLevel };
  try {
    const reduced = coxPH({ time, event, covariates: main }, options);
    const full = coxPH({ time, event, covariates: { ...main, ...inter } }, options);
    const df =
      full.terms.filter((t) => t.coef !== null).length - reduced.terms.filter((t) => t.coef !== null).length;
    if (df <= 0) return null;
    const stat = Math.max(0, 2 * (full.logLik.model - reduced.logLik.model));
    return chiSquareUpperTail(stat, df);
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    return null;
  }
}

/** Figures 3–4: the group hazard ratio within each level of each subgroup variable, with interaction p. */
export function computeForest(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  plan: AnalysisPlan,
): ForestResult {
  if (split.levels.length !== 2)
    throw new ReportError(
      `forest.variables: subgroup hazard ratios need a two-level group; ${split.info.variable} has ${split.levels.length} compared levels`,
    );
  const group: CovariateSpec = {
    variable: split.info.variable,
    label: split.info.label,
    reference: split.info.reference,
  };
  const warnings: string[] = [];
  const label = endpoint.label ?? cohort.endpoint(endpoint.name).label;
  const overall = groupHazardRatio(cohort, endpoint.name, split.rows, group, 'Overall', plan, warnings);
  const specs = covariateSpecs(cohort, plan.forest.variables, 'forest.variables');
  const variables: ForestVariable[] = specs.map((spec) => {
    const v = categorical(cohort, spec.variable, spec.variable);
    const levels = v.levels
      .map((level) => {
        const code = v.levels.indexOf(level);
        const rows = filterRows(split.rows, (r) => v.codes[r] === code);
        return { rows, label: v.levelLabels[code] ?? level };
      })
      .filter((x) => x.rows.length > 0)
      .map((x) => groupHazardRatio(cohort, endpoint.name, x.rows, group, x.label, plan, warnings));
    return {
      variable: spec.variable,
      label: spec.label,
      levels,
      interactionP: interactionP(
        cohort,
        endpoint.name,
        split.rows,
        split,
        spec.variable,
        spec.reference,
        plan,
      ),
    };
  });
  const other = split.info.levels.find((l) => l.level !== split.info.reference)!;
  const ref = split.info.levels.find((l) => l.level === split.info.reference)!;
  return {
    endpoint: endpoint.name,
    abbreviation: endpoint.abbreviation,
    label,
    overall,
    variables,
    contrast: `${other.label} vs ${ref.label}`,
    warnings,
  };
}
