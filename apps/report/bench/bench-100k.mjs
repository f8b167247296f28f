// Benchmark: the whole report (load → validate → analyse → render) on a large synthetic cohort
// (BENCH_N patients, default 100,000; issue 14's scale target is 1e6: < 30 s, < 2 GB), made by
// resampling the built-in synthetic cohort's rows with a seeded generator (`cohort.mjs`).
// The plan is the built-in one as it stands (Fisher's test forced on five Table 1 rows, which at
// this size fall back to Monte Carlo p-values); BENCH_PLAN=auto strips the per-row tests instead.
// Run after a build, with peak memory:
//   pnpm exec turbo run build --filter=@survkit/report...
//   BENCH_N=1000000 node apps/report/bench/bench-100k.mjs
// Profile the report itself: BENCH_KEEP=1 keeps the directory; rerun the printed CLI command with
// node --cpu-prof.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_PLAN } from '../dist/plan/builtinPlan.js';
import { writeResampledCohort } from './cohort.mjs';
import { CLI, describeRun, timedReport } from './timed.mjs';

const N = Number(process.env.BENCH_N ?? 100_000);

const dir = mkdtempSync(join(tmpdir(), 'survkit-bench-'));
const csv = join(dir, `synthetic-bench-${N}.csv`);
writeResampledCohort(csv, N);
// BENCH_PLAN=auto: Pearson's test wherever the automatic rule picks it (large counts).
const plan =
  process.env.BENCH_PLAN === 'auto'
    ? {
        ...BUILTIN_PLAN,
        table1: { ...BUILTIN_PLAN.table1, test: 'auto', variables: BUILTIN_PLAN.table1.variables.map(strip) },
      }
    : BUILTIN_PLAN;
function strip(item) {
  if (typeof item === 'string') return item;
  if ('heading' in item) return { heading: item.heading, variables: item.variables.map(strip) };
  return item.variable;
}
writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));

const args = ['--data', csv, '--plan', join(dir, 'plan.json'), '--out', 'report.pdf'];
const run = timedReport(dir, args);
if (run.code !== 0) process.stderr.write(run.stderr);
const what = `${N} patients (${process.env.BENCH_PLAN === 'auto' ? 'auto tests' : 'built-in plan'})`;
console.log(describeRun(what, run));
// BENCH_KEEP=1 keeps the cohort, plan and PDF (to look at the PDF).
if (process.env.BENCH_KEEP === '1')
  console.log(
    `kept ${dir}; the report: cd ${dir} && node ${CLI} ${args.join(' ')} --quiet --skip-validation`,
  );
else rmSync(dir, { recursive: true, force: true });
process.exitCode = run.code;
