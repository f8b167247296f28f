// Benchmark: kaplanMeier and a two-group logRankTest, ours vs R's survfit/survdiff on the same
// data, on two data shapes:
// - "ties": exponential event and censoring times in months rounded to 0.01 (registry-like data,
//   ~10⁴ distinct times however many rows);
// - "distinct": the same times unrounded, so almost every row is its own time (R's time fix still
//   merges the closest neighbours).
//
//   pnpm --filter @survkit/stats build && node packages/stats/bench/survival.bench.mjs [sizes] [shapes] [repeats]
//
// sizes: comma-separated row counts (default "1e5,2e6"); shapes is "ties,distinct" (default) or
// one of them; repeats (default 3): each call is timed that many times on each side (R's inside
// one R process) and the median is reported, since the machine is shared and noisy. The data come from a
// seeded generator and are written to a temporary binary file (float64 columns) that
// survival.bench.R reads, so both sides see identical numbers. R is timed on the survfit() /
// survdiff() calls only (not on reading the file); ours from raw typed arrays to the finished
// result (validation, the sort, the time fix, the curve with its CIs and median). Ours runs once
// on 1e5 rows of each shape first so that the JIT has compiled the kernels; then each function is
// timed `repeats` times per shape and size, ours immediately followed by R on the same data, so that both see the same
// machine load (printed). Each side keeps only its latest result while the next run is made (R's
// loop rebinds `fit`), so later runs of either side may reuse the memory of older results; the
// first runs' CPU times, where neither can, are printed as well. Before each timed run both sides
// collect garbage outside the timing: R's system.time() does (gcFirst = TRUE), and here gc() is
// called, so that neither side's time includes collecting the previous runs' garbage. For
// kaplanMeier the line "result memory" gives the CPU time of allocating and writing once eight
// typed arrays of the curve's length and of its columns' types (Float64Array; unweighted counts
// Uint32Array, or Uint8Array while they fit in a byte) — the result's own memory, whose first writes (page faults) no implementation
// returning that curve avoids. A benchmark, not a timed test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { kaplanMeier, logRankTest } from '@survkit/stats';

const sizes = (process.argv[2] ?? '1e5,2e6').split(',').map(Number);
const shapes = (process.argv[3] ?? 'ties,distinct').split(',');
const repeats = Number(process.argv[4] ?? 3);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function makeData(rows, shape) {
  // mulberry32 (deterministic, no dependency; full 32-bit output, so times do not repeat in cycles)
  let state = 0x2f6b3c1d;
  const rand = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const time = new Float64Array(rows);
  const event = new Float64Array(rows);
  const group = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const g = rand() < 0.5 ? 1 : 0;
    const t = -Math.log(rand()) / (g === 1 ? 0.035 : 0.045); // months; hazard ratio ≈ 0.78
    const c = -Math.log(rand()) / 0.02;
    const v = Math.min(t, c);
    time[i] = shape === 'ties' ? Math.round(v * 100) / 100 : v;
    event[i] = t <= c ? 1 : 0;
    group[i] = g;
  }
  return { time, event, group };
}

const seconds = (f) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, s: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
};
const load = () => loadavg()[0].toFixed(2);
// gc() without --expose-gc on the command line (the flag must be set before a context is made).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/** The eight per-row columns of a KaplanMeierResult. */
const KM_COLUMNS = ['time', 'nRisk', 'nEvent', 'nCensor', 'survival', 'stdErr', 'lower', 'upper'];

/** CPU seconds (median of `repeats`) to allocate and write once arrays of `length` made by `types`. */
function resultMemoryCpu(length, types) {
  const runs = [];
  let kept;
  for (let r = 0; r < repeats; r++) {
    gc();
    const run = seconds(() => {
      const arrays = [];
      for (let a = 0; a < types.length; a++) arrays.push(new types[a](length).fill(a + 1));
      return arrays;
    });
    kept = run.value;
    runs.push(run.cpu);
  }
  return kept.length === 8 ? median(runs) : Number.NaN;
}

for (const shape of shapes) {
  const warm = makeData(1e5, shape);
  kaplanMeier(warm);
  logRankTest(warm);
}

const rScript = join(dirname(fileURLToPath(import.meta.url)), 'survival.bench.R');
const dir = mkdtempSync(join(tmpdir(), 'survkit-survival-bench-'));
const rows = [];
try {
  for (const n of sizes)
    for (const shape of shapes) {
      const data = makeData(n, shape);
      const file = join(dir, `${shape}.bin`);
      const all = new Float64Array(3 * n);
      all.set(data.time, 0);
      all.set(data.event, n);
      all.set(data.group, 2 * n);
      writeFileSync(file, all);
      for (const task of ['km', 'logrank']) {
        const loadBefore = load();
        // Each run's result is dropped when the next one is made (only the last is kept, for the
        // printout), as R's loop rebinds `fit` each time: on either side an old result's memory can
        // then be reused by a later run. The first run's CPU time is printed too.
        const runs = [];
        let value;
        for (let r = 0; r < repeats; r++) {
          gc();
          const run =
            task === 'km'
              ? seconds(() => kaplanMeier({ time: data.time, event: data.event }))
              : seconds(() => logRankTest(data));
          value = run.value;
          runs.push({ s: run.s, cpu: run.cpu });
        }
        const ours = {
          value,
          s: median(runs.map((x) => x.s)),
          cpu: median(runs.map((x) => x.cpu)),
          firstCpu: runs[0].cpu,
        };
        const out = execFileSync('Rscript', [rScript, file, String(n), task, String(repeats)], {
          encoding: 'utf8',
        });
        const rRuns = [...out.matchAll(/run elapsed ([\d.]+) s, cpu ([\d.]+) s/g)];
        const detail =
          task === 'km'
            ? `${ours.value.time.length} times, median ${ours.value.median.estimate} [${ours.value.median.lower}, ${ours.value.median.upper}]`
            : `chisq ${ours.value.statistic.toPrecision(10)}`;
        console.log(
          `${n} ${shape} ${task} survkit: elapsed ${ours.s.toFixed(3)} s, cpu ${ours.cpu.toFixed(3)} s, median of ${repeats}; first run cpu ${ours.firstCpu.toFixed(3)} s (${detail})`,
        );
        process.stdout.write(
          `${n} ${shape} ${task} ${out
            .split('\n')
            .filter((l) => !l.startsWith('run '))
            .join('\n')}`,
        );
        if (task === 'km') {
          const length = ours.value.time.length;
          const types = KM_COLUMNS.map((c) => ours.value[c].constructor);
          const count = new Map();
          for (const t of types) count.set(t.name, (count.get(t.name) ?? 0) + 1);
          const names = [...count].map(([name, k]) => `${k} ${name}`);
          const mb = types.reduce((sum, t) => sum + t.BYTES_PER_ELEMENT * length, 0) / 2 ** 20;
          console.log(
            `${n} ${shape} km result memory: the result's columns (${names.join(', ')}) of ${length} rows, ${mb.toFixed(1)} MiB, allocated and written once, cpu ${resultMemoryCpu(length, types).toFixed(3)} s (median of ${repeats})`,
          );
        }
        rows.push({
          n,
          shape,
          task,
          ours: ours.s,
          oursCpu: ours.cpu,
          firstCpu: ours.firstCpu,
          rFirstCpu: Number(rRuns[0][2]),
          r: median(rRuns.map((m) => Number(m[1]))),
          rCpu: median(rRuns.map((m) => Number(m[2]))),
          load: `${loadBefore}→${load()}`,
        });
      }
    }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `\nNode ${process.version}; medians of ${repeats} runs per side; load = 1-minute load average before→after`,
);
console.log(
  '| rows | shape | task | survkit elapsed (cpu) | R elapsed (cpu) | speed-up elapsed (cpu) | first runs cpu: survkit, R (speed-up) | load (1 min) |',
);
console.log('| ---: | --- | --- | ---: | ---: | ---: | ---: | --- |');
for (const r of rows)
  console.log(
    `| ${r.n} | ${r.shape} | ${r.task} | ${r.ours.toFixed(2)} s (${r.oursCpu.toFixed(2)}) | ${r.r.toFixed(2)} s (${r.rCpu.toFixed(2)}) | ${(r.r / r.ours).toFixed(1)}× (${(r.rCpu / r.oursCpu).toFixed(1)}×) | ${r.firstCpu.toFixed(2)}, ${r.rFirstCpu.toFixed(2)} (${(r.rFirstCpu / r.firstCpu).toFixed(1)}×) | ${r.load} |`,
  );
