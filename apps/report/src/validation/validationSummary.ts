import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ValidationRun, ValidationSummaryRow } from '../analysis/types.js';
import { formatTimestamp } from '../format/index.js';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.map'))
    .sort();
}

/**
 * The content hash of everything the reference suites' outcome depends on: the built engine, the
 * cohort package, the suites and their R fixtures. Same hash ⇒ same code on the same data ⇒ same
 * outcome (the suites are deterministic), so a stored outcome can stand in for a re-run.
 */
function validationBuildHash(): string {
  const hash = createHash('sha256');
  const stats = packageDir('@survkit/stats');
  const validation = packageDir('@survkit/validation');
  const cohort = packageDir('@survkit/cohort');
  const roots = [
    join(stats, 'dist'),
    join(cohort, 'dist'),
    join(cohort, 'data'),
    join(validation, 'dist'),
    join(validation, 'fixtures'),
  ];
  for (const root of roots)
    for (const file of listFiles(root)) {
      hash.update(relative(dirname(root), file));
      hash.update('\0');
      hash.update(readFileSync(file));
    }
  return hash.digest('hex');
}

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
  const buildHash = validationBuildHash();
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
