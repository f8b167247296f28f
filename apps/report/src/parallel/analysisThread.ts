/**
 * The analysis worker's thread, as the main thread holds it (Node only). Starting the worker costs
 * about a second — its isolate, then compiling the analysis modules it imports — and in a 10⁶-patient
 * report that second was on the critical path while the worker was started after the load. So the CLI opens it before the load (`prestartAnalysisThread`), while the main
 * thread reads the file, and hands it the cohort when there is one; a worker that is not used is
 * stopped without ever having held the process open.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './analysisWorker.js';

/** The worker's endpoints, or why there are none (its part is then redone on the main thread). */
export type ThreadOutcome = Extract<WorkerReply, { ok: true }> | string;

export interface AnalysisThread {
  /** Sends the one request this thread serves; its reply, or why there is none. */
  readonly analyse: (request: WorkerRequest) => Promise<ThreadOutcome>;
  /** Ends the worker; harmless when it has ended already. */
  readonly stop: () => Promise<void>;
}

/**
 * A new worker thread, waiting for its request. Until `analyse` is called it does not keep the
 * process alive (a run that fails to load, or analyses on one thread, exits as it would without
 * it); any failure before then is kept and returned by `analyse`.
 */
export function openAnalysisThread(): AnalysisThread {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./analysisWorker.js', import.meta.url));
  } catch (error) {
    const reason = `the worker did not start: ${String(error)}`;
    return { analyse: async () => reason, stop: async () => {} };
  }
  worker.unref();
  const reply = new Promise<WorkerReply | string>((resolve) => {
    worker.once('message', (message: WorkerReply) => resolve(message));
    worker.on('error', (error) => resolve(`the worker failed: ${String(error)}`));
    worker.once('exit', (code) => resolve(`the worker exited with code ${code}`));
  });
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= worker.terminate().then(
      () => undefined,
      () => undefined,
    );
    return stopped;
  };
  let sent = false;
  const analyse = async (request: WorkerRequest): Promise<ThreadOutcome> => {
    if (stopped !== null) return 'the worker had been stopped';
    if (sent) return 'the worker had been used';
    sent = true;
    try {
      worker.ref();
      worker.postMessage(request);
    } catch (error) {
      void stop();
      return `the worker could not be sent the cohort: ${String(error)}`;
    }
    const outcome = await reply;
    void stop();
    if (typeof outcome === 'string') return outcome;
    return outcome.ok ? outcome : `the worker's analysis failed: ${outcome.reason}`;
  };
  return { analyse, stop };
}

/**
 * Below this size a data file holds fewer than `PARALLEL_MIN_PATIENTS` (20,000) rows unless they
 * average under 27 bytes, so no worker is opened early for it: its analysis most likely runs on one
 * thread (and when it does not, `analyseInParallel` opens the worker after the load, as before).
 */
export const PRESTART_MIN_BYTES = 512 * 1024;

/**
 * A worker opened now for the analysis of the data file at `dataPath`, or null when the file is
 * small (or cannot be read: the load then says why) or the machine has one core.
 */
export function prestartAnalysisThread(dataPath: string | undefined): AnalysisThread | null {
  if (dataPath === undefined || availableParallelism() < 2) return null;
  let size: number;
  try {
    size = statSync(dataPath).size;
  } catch {
    return null;
  }
  return size >= PRESTART_MIN_BYTES ? openAnalysisThread() : null;
}
