/** The worker thread of analyseInParallel.ts: analyses the endpoints it is sent and posts them back. */
import { parentPort } from 'node:worker_threads';
import { assembleCohort, type CohortParts } from '@survkit/cohort';
import { analyseEndpoint, type EndpointAnalysis, groupCohort } from '../analysis/analyse.js';
import type { AnalysisPlan } from '../plan/schema.js';

export interface WorkerRequest {
  readonly cohort: CohortParts;
  readonly plan: AnalysisPlan;
  /** Indices into the plan's endpoints. */
  readonly endpoints: readonly number[];
}

export type WorkerReply =
  | { readonly ok: true; readonly endpoints: readonly EndpointAnalysis[] }
  | { readonly ok: false; readonly reason: string };

parentPort?.once('message', ({ cohort, plan, endpoints }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const grouped = groupCohort(assembleCohort(cohort), plan);
    reply = { ok: true, endpoints: endpoints.map((i) => analyseEndpoint(grouped, plan, i)) };
  } catch (error) {
    reply = { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  try {
    parentPort!.postMessage(reply);
  } catch (error) {
    // a result that cannot be cloned: the main thread redoes this part
    parentPort!.postMessage({ ok: false, reason: `its result could not be sent: ${String(error)}` });
  }
});
