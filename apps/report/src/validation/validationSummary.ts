import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { referenceHash } from '@survkit/validation';
import type { ValidationRun, ValidationSummaryRow } from '../analysis/types.js';
import { formatTimestamp } from '../format/index.js';

function runInWorker(): Promise<ValidationSummaryRow[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./validationWorker.js', import.meta.url));
    worker.once('message', (rows: ValidationSummaryRow[]) => resolve(rows));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the validation worker exited with code ${code}`));
    });
  });
}

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/survkit-report/', import.meta.url));

/**
 * The validation appendix's numbers. The suites run in a worker thread (in parallel with the
 * analysis); their outcome is stored under the build hash in node_modules/.cache and reused while
 * the engine, suites and fixtures are byte-identical — running thousands of reference checks on
 * every render would take longer than the whole report.
 */
export async function validationSummary(): Promise<ValidationRun> {
  // the content hash of the engine, cohort package, suites and fixtures (@survkit/validation)
  const buildHash = referenceHash();
  const cacheFile = join(CACHE_DIR, `validation-${buildHash.slice(0, 32)}.json`);
  if (existsSync(cacheFile)) {
    try {
      const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as ValidationRun;
      if (stored.buildHash === buildHash && Array.isArray(stored.rows)) return { ...stored, cached: true };
    } catch {
      // An unreadable cache entry is simply recomputed.
    }
  }
  const rows = await runInWorker();
  const run: ValidationRun = {
    rows,
    buildHash,
    ranAt: formatTimestamp(new Date()),
    cached: false,
  };
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(run));
    renameSync(temp, cacheFile);
  } catch {
    // A read-only install still renders; it just re-runs the suites next time.
  }
  return run;
}
