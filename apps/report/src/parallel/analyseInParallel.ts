/**
 * The analysis on two threads (Node only): the report's endpoints share nothing but the cohort, so
 * a worker thread analyses some of them while this thread does Table 1 and the rest; the
 * propensity section is fitted on one of the two and reads every endpoint's Table 2–3 at the end.
 * Each part is computed by the same function as in `analyse`, so the result is the same object,
 * number for number.
 *
 * When the worker cannot deliver, this thread analyses its endpoints too. That keeps one error
 * contract: the error a user sees is the typed one the sequential analysis throws first (a
 * worker's error would arrive as a clone that has lost its class), and a worker that cannot start
 * or dies costs time, not the report.
 */
import { availableParallelism } from 'node:os';
import { type Cohort, cohortParts } from '@survkit/cohort';
import {
  type AnalyseContext,
  analyse,
  analyseEndpoint,
  assembleAnalysis,
  type EndpointAnalysis,
  type GroupedCohort,
  groupCohort,
} from '../analysis/analyse.js';
import { fitPropensity } from '../analysis/propensity.js';
import type { PropensityResult } from '../analysis/propensityTypes.js';
import { computeTable1 } from '../analysis/table1.js';
import type { AnalysisResult, Table1Result } from '../analysis/types.js';
import type { AnalysisPlan } from '../plan/schema.js';
import { type AnalysisThread, openAnalysisThread } from './analysisThread.js';
import { sharedCohortParts } from './sharedCohort.js';

/** Below this many patients the analysis takes less than a worker's start-up (about 0.2 s). */
export const PARALLEL_MIN_PATIENTS = 20_000;

export interface ParallelOptions {
  /** Analyse on two threads from this many patients (default PARALLEL_MIN_PATIENTS). */
  readonly minPatients?: number;
  /** Told why the worker's part was redone on this thread (for --debug and tests). */
  readonly onFallback?: (reason: string) => void;
  /**
   * A worker opened before the load (`prestartAnalysisThread`), used instead of a new one; its
   * owner stops it (it is left alone when the analysis runs on one thread).
   */
  readonly thread?: AnalysisThread | null;
}

/**
 * `analyse`, with the first half of the endpoints in a worker thread when that is worth it. The
 * propensity section needs the endpoints' Cox tables only for its multivariable HRs, so it is
 * fitted beside them: in the worker when the endpoints split evenly (this thread has Table 1), on
 * this thread otherwise.
 */
export async function analyseInParallel(
  data: Cohort,
  plan: AnalysisPlan,
  context: AnalyseContext,
  options: ParallelOptions = {},
): Promise<AnalysisResult> {
  const k = plan.endpoints.length;
  const propensity = plan.propensity;
  const worthIt =
    (k >= 2 || (k === 1 && propensity !== undefined)) &&
    data.n >= (options.minPatients ?? PARALLEL_MIN_PATIENTS) &&
    availableParallelism() >= 2;
  if (!worthIt) return analyse(data, plan, context);
  // The worker takes the first ⌈k/2⌉ endpoints; this thread also has Table 1.
  const offloaded = Array.from({ length: Math.ceil(k / 2) }, (_, i) => i);
  const propensityThere = propensity !== undefined && k % 2 === 0;
  // The patients' ids are not analysed: not cloned for the worker (10⁶ strings). The columns go
  // in shared memory (sharedCohort.ts).
  const request = {
    cohort: sharedCohortParts({ ...cohortParts(data), ids: null }),
    plan,
    endpoints: offloaded,
    propensity: propensityThere,
  };
  const thread = options.thread ?? openAnalysisThread();
  const result = thread.analyse(request);
  // The worker has the cohort before this thread groups it: it groups it too, at the same time.
  let grouped: GroupedCohort;
  let table1: Table1Result;
  try {
    grouped = groupCohort(data, plan);
    table1 = computeTable1(grouped.cohort, plan, grouped.split);
  } catch (error) {
    await thread.stop();
    throw error;
  }
  const own = plan.endpoints.slice(offloaded.length).map((_, j) => offloaded.length + j);
  let mine: EndpointAnalysis[] = [];
  let ownError: unknown = null;
  let fitted: PropensityResult | null = null;
  try {
    mine = own.map((i) => analyseEndpoint(grouped, plan, i));
    // Not when an endpoint failed: its error comes first, as in the sequential order.
    if (propensity !== undefined && !propensityThere)
      fitted = fitPropensity(grouped.cohort, plan, grouped.split, propensity);
  } catch (error) {
    ownError = error;
  }
  const reply = await result;
  // Redone here when the worker could not deliver: a typed error then comes from this thread, and
  // before this thread's own (the sequential order: Table 1, the endpoints in plan order, then the
  // propensity section, which assembleAnalysis fits when no fit was delivered).
  let theirs: readonly EndpointAnalysis[];
  if (typeof reply === 'string') {
    options.onFallback?.(reply);
    theirs = offloaded.map((i) => analyseEndpoint(grouped, plan, i));
  } else {
    theirs = reply.endpoints;
    if (reply.propensity?.ok === true) fitted = reply.propensity.fitted;
    else if (reply.propensity?.ok === false)
      options.onFallback?.(`the worker's propensity analysis failed: ${reply.propensity.reason}`);
  }
  if (ownError !== null) throw ownError;
  return assembleAnalysis(grouped, plan, context, table1, [...theirs, ...mine], fitted);
}
