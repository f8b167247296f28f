// Benchmark: the whole report (load → validate → analyse → render) on a large synthetic cohort
// (BENCH_N patients, default 100,000; issue 14's scale target is 1e6), made by resampling the
// built-in synthetic cohort's rows with a seeded generator and stretching each patient's follow-up
// by a random factor (so event times are not all tied).
// The plan is the built-in one as it stands (Fisher's test forced on five Table 1 rows, which at
// this size fall back to Monte Carlo p-values); BENCH_PLAN=auto strips the per-row tests instead.
// Run after a build, with peak memory:
//   pnpm exec turbo run build --filter=@survkit/report...
//   BENCH_N=1000000 node apps/report/bench/bench-100k.mjs
// Profile the report itself: BENCH_KEEP=1 keeps the directory; rerun the printed CLI command with
// node --cpu-prof.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltinCohort } from '@survkit/cohort';
import { BUILTIN_PLAN } from '../dist/plan/builtinPlan.js';

const N = Number(process.env.BENCH_N ?? 100_000);
const SEED = 20_240_109;

/** mulberry32: a small, seeded, well-mixed 32-bit generator. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const lines = readFileSync(loadBuiltinCohort().csvPath, 'utf8').trimEnd().split('\n');
const header = lines[0].split(',');
const col = (name) => header.indexOf(name);
const dates = ['date_progression', 'date_death', 'date_last_followup'].map(col);
const diagnosis = col('date_diagnosis');
const id = col('patient_id');
const rows = lines.slice(1).map((l) => l.split(','));
const random = rng(SEED);
const out = [lines[0]];
for (let i = 0; i < N; i++) {
  const cells = [...rows[Math.floor(random() * rows.length)]];
  cells[id] = `BENCH-${i + 1}`;
  const start = Date.parse(cells[diagnosis]);
  const stretch = 0.8 + 0.45 * random();
  for (const c of dates) {
    if (cells[c] === '') continue;
    const days = Math.round((Date.parse(cells[c]) - start) / DAY);
    cells[c] = new Date(start + Math.round(days * stretch) * DAY).toISOString().slice(0, 10);
  }
  out.push(cells.join(','));
}
const dir = mkdtempSync(join(tmpdir(), 'survkit-bench-'));
const csv = join(dir, `synthetic-bench-${N}.csv`);
writeFileSync(csv, `${out.join('\n')}\n`);
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

// The report runs as the CLI in a child process, so its time and peak memory are its own (not
// this script's cohort generation); GNU time gives the child's maximum resident set size.
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const args = [cli, '--data', csv, '--plan', join(dir, 'plan.json'), '--out', join(dir, 'report.pdf')];
const timed = existsSync('/usr/bin/time');
const t0 = performance.now();
const run = spawnSync(
  timed ? '/usr/bin/time' : process.execPath,
  [
    ...(timed ? ['-f', 'peak-rss-kib %M cpu-s %U %S', process.execPath] : []),
    ...args,
    '--quiet',
    '--skip-validation',
  ],
  { cwd: dir, encoding: 'utf8' },
);
const seconds = (performance.now() - t0) / 1000;
const code = run.status ?? 1;
if (code !== 0) process.stderr.write(run.stderr);
const peak = /peak-rss-kib (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(run.stderr ?? '');
// On a machine shared with other jobs the wall time exceeds the CPU time; both are printed.
const cpu = peak ? `, CPU ${(Number(peak[2]) + Number(peak[3])).toFixed(1)} s (user + sys)` : '';
const size = code === 0 ? statSync(join(dir, 'report.pdf')).size : 0;
console.log(
  `${N} patients (${process.env.BENCH_PLAN === 'auto' ? 'auto tests' : 'built-in plan'}): exit ${code}, ` +
    `report ${seconds.toFixed(1)} s wall${cpu}, peak RSS ${peak ? (Number(peak[1]) / 1024).toFixed(0) : '?'} MiB, ` +
    `PDF ${(size / 1024).toFixed(0)} KiB`,
);
// BENCH_KEEP=1 keeps the cohort, plan and PDF (to look at the PDF).
if (process.env.BENCH_KEEP === '1') console.log(`kept ${dir}; the report: node ${args.join(' ')}`);
else rmSync(dir, { recursive: true, force: true });
process.exitCode = code;
