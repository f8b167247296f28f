import type { Cohort } from '@survkit/cohort';
import {
  type BalanceResult,
  balanceTable,
  type CategoricalColumn,
  coxPH,
  logisticModel,
  type NumericColumn,
  nearestNeighborMatch,
  propensityWeights,
  StatsInputError,
} from '@survkit/stats';
import { ReportError } from '../errors.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { categorical, endpointTimes, filterRows, pick, pickCodes, type Rows } from './data.js';
import { estimableFit } from './estimableFit.js';
import type { GroupSplit } from './group.js';
import { fitArms, kmSteps, matchedKm, type PropensityKmData, weightedKm } from './propensityKm.js';
import type {
  PropensityBalanceRow,
  PropensityEffect,
  PropensityEndpoint,
  PropensityResult,
} from './propensityTypes.js';
import type { CoxTable } from './types.js';

type PropensityPlan = NonNullable<AnalysisPlan['propensity']>;

/** The two compared arms: the plan's pair, or the only two arms with the reference as control. */
function chooseArms(split: GroupSplit, p: PropensityPlan): { treated: string; control: string } {
  const levels = split.levels;
  if (p.treated === undefined && p.control === undefined) {
    if (levels.length !== 2)
      throw new ReportError(
        `propensity: a propensity-score analysis compares 2 arms, and the group has ${levels.length} (${levels.join(', ')}); name the pair with propensity.treated and propensity.control`,
      );
    const control = split.info.reference;
    return { treated: levels.find((l) => l !== control)!, control };
  }
  const control = p.control ?? split.info.reference;
  const treated = p.treated ?? (levels.length === 2 ? levels.find((l) => l !== control) : undefined);
  if (treated === undefined)
    throw new ReportError(`propensity.treated: name the treated arm (one of ${levels.join(', ')})`);
  for (const [key, level] of [
    ['treated', treated],
    ['control', control],
  ] as const)
    if (!levels.includes(level))
      throw new ReportError(`propensity.${key}: "${level}" is not a compared arm (${levels.join(', ')})`);
  if (treated === control)
    throw new ReportError('propensity.treated: the treated and control arms must differ');
  return { treated, control };
}

/** The model columns of the covariates over `rows`; continuous stay numeric, categorical keep their reference. */
function columnsOf(cohort: Cohort, names: readonly string[], rows: Rows) {
  const cols: Record<string, CategoricalColumn | NumericColumn> = {};
  const labels: Record<string, string> = {};
  const levelLabels: Record<string, Record<string, string>> = {};
  names.forEach((name, i) => {
    const v = cohort.variables.find((x) => x.name === name);
    if (v === undefined) throw new ReportError(`propensity.covariates[${i}]: unknown variable "${name}"`);
    labels[name] = v.label;
    if (v.type === 'continuous') {
      cols[name] = { type: 'numeric', values: pick(v.values, rows) };
      return;
    }
    const c = categorical(cohort, name, `propensity.covariates[${i}]`);
    cols[name] = {
      type: 'categorical',
      levels: c.levels,
      codes: pickCodes(c.codes, rows),
      reference: c.reference,
    };
    levelLabels[name] = Object.fromEntries(c.levels.map((l, j) => [l, c.levelLabels[j] ?? l]));
  });
  return { cols, labels, levelLabels };
}

/** The rows with every covariate known, as a mask over the cohort's rows (one pass per variable). */
function completeMask(cohort: Cohort, names: readonly string[], rows: Int32Array): Uint8Array {
  const known = new Uint8Array(cohort.n).fill(1);
  for (const name of names) {
    const v = cohort.variables.find((x) => x.name === name)!;
    if (v.type === 'continuous') {
      for (const r of rows) if (!Number.isFinite(v.values[r]!)) known[r] = 0;
    } else if (v.type === 'categorical') {
      for (const r of rows) if (v.codes[r]! < 0) known[r] = 0;
    }
  }
  return known;
}

function balanceRows(
  before: BalanceResult,
  weighted: BalanceResult | null,
  matched: BalanceResult | null,
  labels: Record<string, string>,
  levelLabels: Record<string, Record<string, string>>,
): PropensityBalanceRow[] {
  return before.rows.map((r, k) => ({
    variable: r.variable,
    label: labels[r.variable] ?? r.variable,
    level: r.level === undefined ? null : (levelLabels[r.variable]?.[r.level] ?? r.level),
    type: r.type,
    meanTreated: r.unadjusted.meanTreated,
    meanControl: r.unadjusted.meanControl,
    smdBefore: r.unadjusted.smd,
    varianceRatioBefore: r.unadjusted.varianceRatio,
    smdWeighted: weighted?.rows[k]?.adjusted?.smd ?? null,
    varianceRatioWeighted: weighted?.rows[k]?.adjusted?.varianceRatio ?? null,
    smdMatched: matched?.rows[k]?.adjusted?.smd ?? null,
    varianceRatioMatched: matched?.rows[k]?.adjusted?.varianceRatio ?? null,
  }));
}

/** The treatment HR of one Cox fit on the analysed rows (those with positive weight). */
function treatmentHr(
  time: Float64Array,
  event: Float64Array,
  z: Uint8Array,
  confLevel: number,
  weights?: Float64Array,
  cluster?: Int32Array,
): PropensityEffect {
  const keepAll = new Int32Array(z.length);
  let m = 0;
  for (let i = 0; i < z.length; i++)
    if (Number.isFinite(time[i]!) && Number.isFinite(event[i]!) && (weights === undefined || weights[i]! > 0))
      keepAll[m++] = i;
  const keep = keepAll.subarray(0, m);
  // Typed columns (checked in one pass each, not row by row); only the treatment term is read, so
  // no concordance.
  const fit = coxPH(
    {
      time: pick(time, keep),
      event: pick(event, keep),
      covariates: { treated: pick(z, keep) },
      ...(weights === undefined ? {} : { weights: pick(weights, keep) }),
      ...(cluster === undefined ? {} : { cluster: pickCodes(cluster, keep) }),
    },
    { confLevel, concordance: false, ...(weights === undefined ? {} : { robust: true }) },
  );
  const t = fit.terms[0]!;
  // Where the iterations ran out (R: "Ran out of iterations and did not converge") is no estimate.
  const estimate = estimableFit(fit) ? t : { hazardRatio: null, lower: null, upper: null, pValue: null };
  return {
    n: fit.n,
    events: fit.events,
    hazardRatio: estimate.hazardRatio,
    lower: estimate.lower,
    upper: estimate.upper,
    pValue: estimate.pValue,
    robust: weights !== undefined,
    cluster: cluster !== undefined,
  };
}

/** The multivariable Cox table's HR of the treated arm, when the group is in that model. */
function multivariableHr(table: CoxTable, variable: string, treated: string): PropensityEffect | null {
  const row = table.multivariable.find((v) => v?.variable === variable);
  const level = row?.levels.find((l) => l.level === treated);
  if (row == null || level === undefined || level.hazardRatio === null) return null;
  return {
    n: row.n,
    events: row.events,
    hazardRatio: level.hazardRatio,
    lower: level.lower,
    upper: level.upper,
    pValue: level.pValue,
    robust: false,
    cluster: false,
  };
}

/** The patients, arms, weights and matches of a fitted propensity score, as each endpoint uses them. */
interface FittedScore {
  readonly rows: Int32Array;
  readonly z: Uint8Array;
  readonly treated: string;
  readonly control: string;
  readonly iptw: ReturnType<typeof propensityWeights> | null;
  readonly match: ReturnType<typeof nearestNeighborMatch> | null;
  readonly unitWeights: boolean;
}

/**
 * One endpoint's treatment HRs (unadjusted, IPTW, matched) and weighted/matched curves; the
 * multivariable HR, read from the endpoint's Cox table, is added by `withMultivariableHrs`.
 */
function propensityEndpoint(
  cohort: Cohort,
  plan: AnalysisPlan,
  split: GroupSplit,
  e: AnalysisPlan['endpoints'][number],
  { rows, z, treated, control, iptw, match, unitWeights }: FittedScore,
): PropensityEndpoint {
  const time = pick(endpointTimes(cohort, e.name, plan.survival.timeUnit), rows);
  const event = pick(cohort.endpoint(e.name).event, rows);
  const cluster = match?.subclass ?? undefined;
  const label = e.label ?? cohort.endpoint(e.name).label;
  const armLabel = (level: string) => split.info.levels.find((l) => l.level === level)?.label ?? level;
  const kmData: PropensityKmData = {
    endpoint: e,
    label,
    time,
    event,
    z,
    arms: { treated: armLabel(treated), control: armLabel(control) },
  };
  const weightedArms = iptw === null ? null : fitArms(kmData, iptw.weights, true, plan.confLevel);
  const matchedArms = match === null ? null : fitArms(kmData, match.weights, !unitWeights, plan.confLevel);
  return {
    endpoint: e.name,
    abbreviation: e.abbreviation,
    label,
    unadjusted: treatmentHr(time, event, z, plan.confLevel),
    multivariable: null,
    weighted: iptw === null ? null : treatmentHr(time, event, z, plan.confLevel, iptw.weights),
    matched: match === null ? null : treatmentHr(time, event, z, plan.confLevel, match.weights, cluster),
    weightedKm: weightedArms === null ? null : weightedKm(kmData, weightedArms, plan),
    matchedKm: matchedArms === null ? null : matchedKm(kmData, matchedArms, plan),
    kmSteps: [
      ...(weightedArms === null ? [] : kmSteps('iptw_weighted', weightedArms)),
      ...(matchedArms === null ? [] : kmSteps('ps_matched', matchedArms)),
    ],
  };
}

/** What the report says of the IPTW weights: effective sample sizes and trimming. */
function weightSummary(
  iptw: ReturnType<typeof propensityWeights>,
  p: PropensityPlan,
): PropensityResult['weights'] {
  return {
    essTreated: iptw.treated.ess,
    essControl: iptw.control.ess,
    nTrimmed: iptw.trimmed.reduce((a, b) => a + b, 0),
    trim: p.trim ?? null,
  };
}

/** What the report says of the matching: its settings, the caliper's width and who was matched. */
function matchingSummary(
  match: ReturnType<typeof nearestNeighborMatch>,
  p: PropensityPlan,
  unitWeights: boolean,
): PropensityResult['matching'] {
  return {
    distance: p.distance,
    ratio: p.ratio,
    replace: p.replace,
    caliper: p.caliper,
    caliperWidth: match.caliper,
    order: match.order,
    matchedTreated: match.nMatched.treated,
    matchedControl: match.nMatched.control,
    unmatchedTreated: match.nUnmatched.treated,
    unitWeights,
  };
}

/**
 * The propensity-score analysis of the plan's `propensity` block: a logistic model of the treated
 * arm on the covariates (R's glm), IPTW (WeightIt's formulas) and/or nearest-neighbour matching on
 * the score's logit (MatchIt), balance before and after (cobalt/MatchIt definitions), and per
 * endpoint the treatment HR unadjusted, multivariable, weighted (robust SE) and matched (SE
 * clustered on the matched sets) — coxph(weights =, robust = TRUE / cluster = subclass).
 */
export function computePropensity(
  cohort: Cohort,
  plan: AnalysisPlan,
  split: GroupSplit,
  cox: readonly CoxTable[],
  p: PropensityPlan,
): PropensityResult {
  return withMultivariableHrs(fitPropensity(cohort, plan, split, p), cox, split);
}

/**
 * The endpoints' multivariable HRs of the treated arm, from their Cox tables (Tables 2–3), added to
 * a `fitPropensity` result: the one part of the section that reads the endpoints' own analyses.
 */
export function withMultivariableHrs(
  fitted: PropensityResult,
  cox: readonly CoxTable[],
  split: GroupSplit,
): PropensityResult {
  // The Cox table's HR is against the group's reference; it answers the pair only when that is the control.
  const answers = fitted.control.level === split.info.reference;
  return {
    ...fitted,
    endpoints: fitted.endpoints.map((e, i) => ({
      ...e,
      multivariable: answers ? multivariableHr(cox[i]!, split.variable.name, fitted.treated.level) : null,
    })),
  };
}

/**
 * `computePropensity` without the multivariable HRs (null until `withMultivariableHrs`): everything
 * that needs only the cohort, so that it can run beside the endpoints' analyses (parallel/).
 */
export function fitPropensity(
  cohort: Cohort,
  plan: AnalysisPlan,
  split: GroupSplit,
  p: PropensityPlan,
): PropensityResult {
  if (p.method === 'matching' && p.estimand === 'ATE')
    throw new ReportError(
      'propensity.estimand: nearest-neighbour matching estimates the ATT (MatchIt refuses estimand = "ATE" for method = "nearest"); use estimand: ATT, or method: weighting for the ATE',
    );
  const { treated, control } = chooseArms(split, p);
  const g = split.variable;
  const tCode = g.levels.indexOf(treated);
  const cCode = g.levels.indexOf(control);
  const inPair = filterRows(split.rows, (r) => g.codes[r] === tCode || g.codes[r] === cCode);
  const known = completeMask(cohort, p.covariates, inPair);
  const rows = filterRows(inPair, (r) => known[r] === 1);
  const z = Uint8Array.from(rows, (r) => (g.codes[r] === tCode ? 1 : 0));
  const { cols, labels, levelLabels } = columnsOf(cohort, p.covariates, rows);
  const warnings: string[] = [];
  const weighting = p.method !== 'matching';
  const matching = p.method !== 'weighting';
  try {
    const model = logisticModel(z, cols, p.covariates);
    warnings.push(...model.warnings.map((w) => `propensity model: ${w}`));
    const ps = model.fit.fitted;
    const iptw = weighting
      ? propensityWeights(ps, z, {
          estimand: p.estimand,
          stabilize: p.stabilize,
          ...(p.trim === undefined ? {} : { trim: p.trim }),
        })
      : null;
    const match = matching
      ? nearestNeighborMatch(z, p.distance === 'logit' ? model.fit.linearPredictor : ps, {
          ratio: p.ratio,
          replace: p.replace,
          caliper: p.caliper,
          order: p.order,
        })
      : null;
    // MatchIt's weights are 1 for every matched patient unless a control serves several treated
    // patients or a treated patient found fewer than k controls.
    const unitWeights = match === null || match.weights.every((w) => w === 0 || w === 1);
    const before = balanceTable(z, cols, { estimand: weighting ? p.estimand : 'ATT' });
    const weighted =
      iptw === null ? null : balanceTable(z, cols, { estimand: p.estimand, weights: iptw.weights });
    const matched =
      match === null ? null : balanceTable(z, cols, { estimand: 'ATT', weights: match.weights });
    const fitted: FittedScore = { rows, z, treated, control, iptw, match, unitWeights };
    const endpoints = plan.endpoints.map((e) => propensityEndpoint(cohort, plan, split, e, fitted));
    return {
      treated: {
        level: treated,
        label: split.info.levels.find((l) => l.level === treated)?.label ?? treated,
      },
      control: {
        level: control,
        label: split.info.levels.find((l) => l.level === control)?.label ?? control,
      },
      covariates: p.covariates.map((v) => ({ variable: v, label: labels[v] ?? v })),
      n: { treated: z.filter((x) => x === 1).length, control: z.filter((x) => x === 0).length },
      nIncomplete: inPair.length - rows.length,
      estimand: p.estimand,
      stabilize: p.stabilize,
      weights: iptw === null ? null : weightSummary(iptw, p),
      matching: match === null ? null : matchingSummary(match, p, unitWeights),
      balance: balanceRows(before, weighted, matched, labels, levelLabels),
      endpoints,
      warnings,
    };
  } catch (e) {
    if (e instanceof StatsInputError) throw new ReportError(`propensity: ${e.message}`);
    throw e;
  }
}
