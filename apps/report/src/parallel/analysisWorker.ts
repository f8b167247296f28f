/**
 * The worker thread of analyseInParallel.ts: analyses the endpoints it is sent and, when asked,
 * fits the propensity section (without the endpoints' multivariable HRs), and posts them back.
 */
import { parentPort } from 'node:worker_threads';
import { assembleCohort, type CohortParts } from '@survkit/cohort';
import { analyseEndpoint, type EndpointAnalysis, groupCohort } from '../analysis/analyse.js';
import { fitPropensity } from '../analysis/propensity.js';
import type { PropensityResult } from '../analysis/propensityTypes.js';
import type { AnalysisPlan } from '../plan/schema.js';

export interface WorkerRequest {
  readonly cohort: CohortParts;
  readonly plan: AnalysisPlan;
  /** Indices into the plan's endpoints. */
  readonly endpoints: readonly number[];
  /** Whether to fit the plan's propensity section too (after the endpoints). */
  readonly propensity: boolean;
}

/** The propensity section's fit, or why there is none (the main thread then fits it itself). */
export type PropensityReply =
  | { readonly ok: true; readonly fitted: PropensityResult }
  | { readonly ok: false; readonly reason: string };

export type WorkerReply =
  | {
      readonly ok: true;
      readonly endpoints: readonly EndpointAnalysis[];
      /** null when not asked for. */
      readonly propensity: PropensityReply | null;
    }
  | { readonly ok: false; readonly reason: string };

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

parentPort?.once('message', ({ cohort, plan, endpoints, propensity }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const grouped = groupCohort(assembleCohort(cohort), plan);
    const analysed = endpoints.map((i) => analyseEndpoint(grouped, plan, i));
    let fitted: PropensityReply | null = null;
    // A propensity section that fails here is redone (and its error thrown) by the main thread, in
    // the sequential order: after every endpoint.
    if (propensity && plan.propensity !== undefined)
      try {
        fitted = { ok: true, fitted: fitPropensity(grouped.cohort, plan, grouped.split, plan.propensity) };
      } catch (error) {
        fitted = { ok: false, reason: reason(error) };
      }
    reply = { ok: true, endpoints: analysed, propensity: fitted };
  } catch (error) {
    reply = { ok: false, reason: reason(error) };
  }
  try {
    parentPort!.postMessage(reply);
  } catch (error) {
    // a result that cannot be cloned: the main thread redoes this part
    parentPort!.postMessage({ ok: false, reason: `its result could not be sent: ${String(error)}` });
  }
});
