// The analysis on two threads (src/parallel) must give the sequential analysis's result exactly, and
// the sequential analysis's error when a part fails. The worker is the built file (dist), as the CLI
// runs it, so this test imports the built modules.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinDictionary, cohortParts, importCohortCsv, loadBuiltinCohort } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import type * as Analyse from '../src/analysis/analyse.js';
import type * as Parallel from '../src/parallel/analyseInParallel.js';
import type * as Thread from '../src/parallel/analysisThread.js';
import type * as Shared from '../src/parallel/sharedCohort.js';
import type * as Builtin from '../src/plan/builtinPlan.js';
import type * as Validate from '../src/plan/validatePlan.js';
import { CLI, tempDir } from './helpers.js';

const dist = '../dist';
const { analyse } = (await import(`${dist}/analysis/analyse.js`)) as typeof Analyse;
const { analyseInParallel } = (await import(`${dist}/parallel/analyseInParallel.js`)) as typeof Parallel;
const { sharedCohortParts } = (await import(`${dist}/parallel/sharedCohort.js`)) as typeof Shared;
const threadModule = new URL(`${dist}/parallel/analysisThread.js`, import.meta.url);
const { openAnalysisThread, prestartAnalysisThread, PRESTART_MIN_BYTES } = (await import(
  threadModule.href
)) as typeof Thread;
const { BUILTIN_PLAN } = (await import(`${dist}/plan/builtinPlan.js`)) as typeof Builtin;
const { validatePlan } = (await import(`${dist}/plan/validatePlan.js`)) as typeof Validate;

const context: Analyse.AnalyseContext = {
  source: {
    fileName: 'synthetic.csv',
    sha256: '0',
    synthetic: true,
    seed: null,
    dictionaryName: 'built-in',
    planSource: 'test plan',
  },
  generatedAt: '2026-12-01 00:00 UTC',
  version: 'test',
  validation: null,
  importWarnings: [],
};

function builtin(planValue: unknown = BUILTIN_PLAN) {
  const { cohort } = loadBuiltinCohort();
  return { cohort, plan: validatePlan({ value: planValue, source: 'test plan' }, cohort) };
}

/** The analysis on two threads (`thread`: an early worker), and the worker fallbacks reported on the way. */
async function inParallel(
  cohort: Parameters<typeof analyse>[0],
  plan: Parameters<typeof analyse>[1],
  thread?: ReturnType<typeof openAnalysisThread>,
): Promise<{ parallel: Awaited<ReturnType<typeof analyseInParallel>>; fallbacks: string[] }> {
  const fallbacks: string[] = [];
  const parallel = await analyseInParallel(cohort, plan, context, {
    minPatients: 0,
    ...(thread === undefined ? {} : { thread }),
    onFallback: (reason) => fallbacks.push(reason),
  });
  return { parallel, fallbacks };
}

/**
 * The sequential analysis fails on `plan`; the parallel one must reject with the same message and
 * error class. Returns that error and the worker fallbacks reported on the way.
 */
async function expectSequentialError(
  cohort: Parameters<typeof analyse>[0],
  plan: Parameters<typeof analyse>[1],
): Promise<{ sequential: Error; fallbacks: string[] }> {
  let sequential: unknown;
  try {
    analyse(cohort, plan, context);
  } catch (error) {
    sequential = error;
  }
  expect(sequential).toBeInstanceOf(Error);
  const fallbacks: string[] = [];
  const parallel = analyseInParallel(cohort, plan, context, {
    minPatients: 0,
    onFallback: (reason) => fallbacks.push(reason),
  });
  await expect(parallel).rejects.toThrow((sequential as Error).message);
  await parallel.catch((error: unknown) =>
    expect(error?.constructor).toBe((sequential as Error).constructor),
  );
  return { sequential: sequential as Error, fallbacks };
}

describe('analyseInParallel', () => {
  it('gives the sequential result, every section of both endpoints, with the worker doing its part', async () => {
    const { cohort, plan } = builtin();
    expect(plan.endpoints.length).toBe(2);
    expect(plan.sensitivity && plan.immortalTime && plan.propensity).toBeTruthy();
    const { parallel, fallbacks } = await inParallel(cohort, plan);
    expect(fallbacks).toEqual([]);
    expect(parallel).toEqual(analyse(cohort, plan, context));
  });

  it('throws the sequential analysis’s typed error when the endpoints fail in both threads', async () => {
    // A plan the checks would refuse, so that the analysis itself fails in every endpoint
    // (covariateSpecs' own check), as a plan the checks miss would.
    const valid = builtin();
    const cohort = valid.cohort;
    const plan = {
      ...valid.plan,
      cox: {
        ...valid.plan.cox,
        covariates: [{ variable: 'ecog', per: 2 }, ...valid.plan.cox.covariates.slice(1)],
      },
    } as typeof valid.plan;
    const { fallbacks } = await expectSequentialError(cohort, plan);
    // the worker's own failure is reported, and its part redone here for the typed error
    expect(fallbacks).toHaveLength(1);
  });

  it('gives the sequential result for one endpoint, the propensity section fitted beside it', async () => {
    const valid = builtin();
    const plan = { ...valid.plan, endpoints: valid.plan.endpoints.slice(1) };
    const { parallel, fallbacks } = await inParallel(valid.cohort, plan);
    expect(fallbacks).toEqual([]);
    expect(parallel.propensity?.endpoints[0]?.multivariable).not.toBeNull();
    expect(parallel).toEqual(analyse(valid.cohort, plan, context));
  });

  it('throws the sequential analysis’s typed error when the worker’s propensity section fails', async () => {
    // Matching with the ATE: refused by the propensity section itself (MatchIt's rule), after
    // every endpoint has been analysed.
    const valid = builtin();
    const plan = {
      ...valid.plan,
      propensity: { ...valid.plan.propensity!, method: 'matching', estimand: 'ATE' },
    } as typeof valid.plan;
    const { sequential, fallbacks } = await expectSequentialError(valid.cohort, plan);
    expect(sequential.message).toContain('propensity.estimand');
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toContain('propensity');
  });
});

describe('a worker opened before the load (analysisThread)', () => {
  it('serves the analysis when handed the cohort, with the sequential result', async () => {
    const { cohort, plan } = builtin();
    const { parallel, fallbacks } = await inParallel(cohort, plan, openAnalysisThread());
    expect(fallbacks).toEqual([]);
    expect(parallel).toEqual(analyse(cohort, plan, context));
  });

  it('when stopped before the cohort was sent, has its part redone on this thread', async () => {
    const { cohort, plan } = builtin();
    const thread = openAnalysisThread();
    await thread.stop();
    const { parallel, fallbacks } = await inParallel(cohort, plan, thread);
    expect(fallbacks).toEqual(['the worker had been stopped']);
    expect(parallel).toEqual(analyse(cohort, plan, context));
  });

  it('reads columns the import put in shared memory without a copy, with the sequential result', async () => {
    const bytes = readFileSync(loadBuiltinCohort().csvPath);
    const result = importCohortCsv(bytes, builtinDictionary, { columnMemory: 'shared' });
    if (!result.ok) throw new Error('the built-in cohort does not import');
    const { cohort } = result;
    const parts = cohortParts(cohort);
    const sent = sharedCohortParts(parts);
    sent.variables.forEach((v, i) => {
      const own = parts.variables[i]!;
      expect(v.type === 'categorical' ? v.codes : v.values).toBe(
        own.type === 'categorical' ? own.codes : own.values,
      );
    });
    expect(sent.endpoints[0]!.time).toBe(parts.endpoints[0]!.time);
    const plan = validatePlan({ value: BUILTIN_PLAN, source: 'test plan' }, cohort);
    const { parallel, fallbacks } = await inParallel(cohort, plan, openAnalysisThread());
    expect(fallbacks).toEqual([]);
    expect(parallel).toEqual(analyse(cohort, plan, context));
  });

  it('does not keep a process alive when it is never used', () => {
    // Without unref the waiting worker would hold the process until the timeout kills it.
    const script = `import { openAnalysisThread } from ${JSON.stringify(threadModule.href)}; openAnalysisThread();`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
  });

  it('is opened only for a data file large enough to be analysed on two threads', async () => {
    const dir = tempDir();
    const small = join(dir, 'small.csv');
    writeFileSync(small, 'a,b\n1,2\n');
    expect(prestartAnalysisThread(undefined)).toBeNull();
    expect(prestartAnalysisThread(small)).toBeNull();
    expect(prestartAnalysisThread(join(dir, 'missing.csv'))).toBeNull();
    const large = join(dir, 'large.csv');
    writeFileSync(large, new Uint8Array(PRESTART_MIN_BYTES));
    const thread = prestartAnalysisThread(large);
    expect(thread).not.toBeNull();
    await thread!.stop();
  });

  it('ends with the CLI when a large file fails to load (exit 1, the import’s message)', () => {
    const dir = tempDir();
    const csv = join(dir, 'large.csv');
    writeFileSync(csv, `a,b\n${`${'1'.repeat(1024)},2\n`.repeat(PRESTART_MIN_BYTES / 1024)}`);
    const run = spawnSync(process.execPath, [CLI, '--data', csv, '--out', join(dir, 'r.pdf'), '--quiet'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('large.csv does not fit the dictionary');
  });
});
