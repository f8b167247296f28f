// Benchmark: kaplanMeier and a two-group logRankTest on 1e7 rows, ours vs R's survfit/survdiff on
// the same data.
//
//   pnpm --filter @survkit/stats build && node packages/stats/bench/survival.bench.mjs [rows]
//
// The data come from a seeded generator (exponential event and censoring times, two arms, times
// rounded to 0.01 so that ties occur as in registry data) and are written once to a temporary
// binary file (float64 columns) that survival.bench.R reads, so both sides see identical numbers.
// R is timed on the survfit()/survdiff() calls only (not on reading the file); ours from raw typed
// arrays to the finished result (validation, the sort, the curve with its CIs and median). Ours
// runs once on 1e5 rows first so the JIT has compiled the kernels. One run each: a benchmark, not
// a timed test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kaplanMeier, logRankTest } from '@survkit/stats';

const n = Number(process.argv[2] ?? 1e7);

// mulberry32 (deterministic, no dependency; full 32-bit output, so times do not repeat in cycles)
let state = 0x2f6b3c1d;
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
};

function makeData(rows) {
  const time = new Float64Array(rows);
  const event = new Float64Array(rows);
  const group = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const g = rand() < 0.5 ? 1 : 0;
    const t = -Math.log(rand()) / (g === 1 ? 0.035 : 0.045); // months; hazard ratio ≈ 0.78
    const c = -Math.log(rand()) / 0.02;
    time[i] = Math.round(Math.min(t, c) * 100) / 100;
    event[i] = t <= c ? 1 : 0;
    group[i] = g;
  }
  return { time, event, group };
}

const seconds = (f) => {
  const t0 = performance.now();
  const value = f();
  return { value, s: (performance.now() - t0) / 1000 };
};

// Warm-up on a small sample, then the timed runs.
const warm = makeData(1e5);
kaplanMeier(warm);
logRankTest(warm);

const data = makeData(n);
const km = seconds(() => kaplanMeier({ time: data.time, event: data.event }));
const lr = seconds(() => logRankTest(data));
console.log(`rows ${n}, events ${km.value.events}, distinct times ${km.value.time.length}`);
console.log(
  `survkit kaplanMeier: ${km.s.toFixed(2)} s (median ${km.value.median.estimate} [${km.value.median.lower}, ${km.value.median.upper}])`,
);
console.log(`survkit logRankTest: ${lr.s.toFixed(2)} s (chisq ${lr.value.statistic.toPrecision(10)})`);

const dir = mkdtempSync(join(tmpdir(), 'survkit-survival-bench-'));
try {
  const file = join(dir, 'data.bin');
  const all = new Float64Array(3 * n);
  all.set(data.time, 0);
  all.set(data.event, n);
  all.set(data.group, 2 * n);
  writeFileSync(file, all);
  const rScript = join(dirname(fileURLToPath(import.meta.url)), 'survival.bench.R');
  const out = execFileSync('Rscript', [rScript, file, String(n)], { encoding: 'utf8' });
  process.stdout.write(out);
  const rKm = Number(/survfit: ([\d.]+) s/.exec(out)?.[1]);
  const rLr = Number(/survdiff: ([\d.]+) s/.exec(out)?.[1]);
  console.log(`speed-up: Kaplan-Meier ${(rKm / km.s).toFixed(1)}x, log-rank ${(rLr / lr.s).toFixed(1)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
