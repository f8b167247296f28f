// Benchmark: the report with a lean plan (`lean-plan.json`: Kaplan–Meier and log-rank of OS by
// surgery, Table 1 of one variable, Cox models with 8 covariates — eight univariable models, the
// multivariable model and its eight likelihood-ratio refits) on BENCH_N resampled patients
// (default 10⁷, issue 14's target: < 3 min on the 2-core development machine), the CLI end to end
// in a child process under GNU time (`timed.mjs`).
//   pnpm exec turbo run build --filter=@survkit/report...
//   BENCH_N=10000000 node apps/report/bench/bench-lean.mjs
// BENCH_KEEP=1 keeps the directory (cohort, plan, PDF); BENCH_NODE_FLAGS passes flags to the
// report's node (e.g. "--max-old-space-size=16384"); BENCH_CSV=path reuses an existing cohort file
// of BENCH_N rows (the generator takes a minute or more at 10⁷ rows).
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResampledCohort } from './cohort.mjs';
import { CLI, describeRun, timedReport } from './timed.mjs';

const N = Number(process.env.BENCH_N ?? 10_000_000);
const here = dirname(fileURLToPath(import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'survkit-bench-lean-'));
const csv = process.env.BENCH_CSV ?? join(dir, `synthetic-bench-${N}.csv`);
if (process.env.BENCH_CSV === undefined) writeResampledCohort(csv, N);
copyFileSync(join(here, 'lean-plan.json'), join(dir, 'plan.json'));
const args = ['--data', csv, '--plan', 'plan.json', '--out', 'report.pdf'];
const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '');
const run = timedReport(dir, args, flags);
if (run.code !== 0) process.stderr.write(run.stderr.slice(-4000));
const size = (statSync(csv).size / 2 ** 20).toFixed(0);
console.log(describeRun(`${N} patients (lean plan, CSV ${size} MiB)`, run));
if (process.env.BENCH_KEEP === '1')
  console.log(
    `kept ${dir}; the report: cd ${dir} && node ${flags.join(' ')} ${CLI} ${args.join(' ')} --quiet --skip-validation`,
  );
else rmSync(dir, { recursive: true, force: true });
process.exitCode = run.code;
