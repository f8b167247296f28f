// Benchmark: the CSV import alone (`importCohortCsv` with the built-in dictionary) on BENCH_N
// resampled patients, in a child process under GNU time: wall, CPU, peak RSS of reading the file's
// bytes and importing them (a plain file, decoded a chunk at a time). The file is written first
// (`cohort.mjs`) and not counted.
//   pnpm exec turbo run build --filter=@survkit/report...
//   BENCH_N=10000000 node apps/report/bench/bench-import.mjs
// BENCH_CSV=path reuses an existing file (the generator takes minutes at 10⁷ rows).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeResampledCohort } from './cohort.mjs';

const N = Number(process.env.BENCH_N ?? 10_000_000);
const given = process.env.BENCH_CSV;
const dir = given === undefined ? mkdtempSync(join(tmpdir(), 'survkit-bench-import-')) : null;
const csv = given ?? join(dir, `synthetic-bench-${N}.csv`);
if (given === undefined) writeResampledCohort(csv, N);

const child = `
  import { readFileSync } from 'node:fs';
  import { builtinDictionary, importCohortCsv } from '@survkit/cohort';
  const t0 = performance.now();
  const bytes = readFileSync(process.argv[1]);
  const t1 = performance.now();
  const result = importCohortCsv(bytes, builtinDictionary, { fileName: 'bench.csv' });
  const t2 = performance.now();
  if (!result.ok) { console.error(result.errors.slice(0, 5).map((e) => e.message).join('\\n')); process.exit(1); }
  console.log(JSON.stringify({ n: result.cohort.n, readS: (t1 - t0) / 1000, importS: (t2 - t1) / 1000 }));
`;
const load0 = loadavg()[0];
const t = performance.now();
const timed = existsSync('/usr/bin/time');
const run = spawnSync(
  timed ? '/usr/bin/time' : process.execPath,
  [
    ...(timed ? ['-f', 'peak-rss-kib %M cpu-s %U %S', process.execPath] : []),
    '--input-type=module',
    '-e',
    child,
    csv,
  ],
  { encoding: 'utf8', cwd: import.meta.dirname },
);
const wall = (performance.now() - t) / 1000;
const m = /peak-rss-kib (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(run.stderr ?? '');
const size = (statSync(csv).size / 2 ** 20).toFixed(0);
console.log(
  `import of ${N} patients (CSV ${size} MiB): exit ${run.status}, ${run.stdout.trim()}, ${wall.toFixed(1)} s wall` +
    (m
      ? `, CPU ${(Number(m[2]) + Number(m[3])).toFixed(1)} s, peak RSS ${(Number(m[1]) / 1024).toFixed(0)} MiB`
      : '') +
    `, load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
);
if (run.status !== 0) process.stderr.write(run.stderr.slice(-3000));
if (dir !== null && process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
else if (dir !== null) console.log(`kept ${csv}`);
