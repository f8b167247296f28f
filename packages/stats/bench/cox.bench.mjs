// Benchmark: coxPH vs R's coxph on the same data, for two data shapes, both tie methods, small
// and larger numbers of covariates and two sizes; one command prints ours vs R for every case.
//
//   pnpm --filter @survkit/stats build && node packages/stats/bench/cox.bench.mjs [sizes] [filter] [repeats]
//
// sizes: comma-separated row counts (default "1e5,1e6"); filter keeps the cases whose label
// contains it, or one of its |-separated parts (e.g. "distinct", "p=8 |p=2 "); repeats (default 3): each fit is timed that many times on each
// side and the median is reported (with the range), since the machine is shared and noisy.
// Cases for each size:
// - shape "ties": exponential event and censoring times rounded to 0.01, so Efron's correction has
//   tied deaths (~10⁴ distinct times); shape "distinct": the same times unrounded (every row its own
//   time, the censoring continuous — the least flattering shape);
// - p = 8 (four normal, two binary, two 0–3 integer covariates) and p = 2 (the first two of
//   those, both normal), each with Efron and Breslow ties; p = 20 (larger;
//   at rows / 5 so that R finishes in reasonable time) with Efron ties.
// The data are generated from a seeded generator and written to a temporary binary file (float64
// columns) that cox.bench.R reads, so both fits see identical numbers. R is timed on the coxph()
// call only (not on reading the file); ours on coxPH() from raw arrays to result: validation, the
// sort, the time fix, the fit, and the concordance with its SE (R computes the same inside coxph).
// Ours runs first on 2·10⁴ rows so the JIT has compiled the kernels; each case then runs `repeats`
// times on our side, immediately followed by `repeats` times in one R process on the same data,
// and the 1-minute load average is printed with it (the machine is shared). Our odd repeats get a
// copy of the times with one value nudged by 1e-7 (relative), so that the sort is made afresh
// every time (coxPH otherwise reuses the previous sort of identical times, see coxSortMemo.ts; a
// benchmark of one fit should not profit from that). A fit does hand its work buffer to the next
// (coxWorkBuffer.ts, as a report's fits do): our first run of a case may allocate it (when the
// previous case's buffer is too small), so its CPU time is printed as well. A benchmark, not a
// timed test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coxPH } from '@survkit/stats';

const sizes = (process.argv[2] ?? '1e5,1e6').split(',').map(Number);
const filter = process.argv[3] ?? '';
const repeats = Number(process.argv[4] ?? 3);
const cases = sizes
  .flatMap((rows) => [
    ...['ties', 'distinct'].flatMap((shape) =>
      [8, 2].flatMap((p) => ['efron', 'breslow'].map((ties) => ({ shape, p, ties, n: rows }))),
    ),
    { shape: 'distinct', p: 20, ties: 'efron', n: rows / 5 },
  ])
  .map((c) => ({ ...c, label: `${c.shape} p=${c.p} ${c.ties} n=${c.n}` }));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

function makeData(n, p, shape) {
  // mulberry32 (deterministic, no dependency; full 32-bit output). Until 1 December 2026 this was
  // a 32-bit transcription of xorshift128+ whose cycle was a few thousand draws: the "distinct"
  // data at 10⁶ rows had 585 (p = 8) and 1 365 (p = 2) distinct times, each row repeated ~10³
  // times with its covariates, so every figure measured before then was on heavily tied data.
  let state = 0x9e3779b9 | 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  const beta = [0.3, -0.2, 0.1, 0.5, -0.4, 0.05, 0.2, -0.1];
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  const cols = Array.from({ length: p }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) {
      // per block of eight: four continuous, two binary, two small-integer covariates
      const k = j % 8;
      const v = k < 4 ? gauss() : k < 6 ? (rand() < 0.4 ? 1 : 0) : Math.floor(rand() * 4);
      cols[j][i] = v;
      eta += (beta[k] * v) / Math.ceil(p / 8);
    }
    const t = -Math.log(rand()) / (0.1 * Math.exp(eta));
    const c = -Math.log(rand()) / 0.05;
    const v = Math.min(t, c);
    time[i] = shape === 'ties' ? Math.max(0.01, Math.round(v * 100) / 100) : v;
    event[i] = t <= c ? 1 : 0;
  }
  return { time, event, covariates: Object.fromEntries(cols.map((c, j) => [`x${j + 1}`, c])) };
}

const load = () => loadavg()[0].toFixed(2);
const warm = makeData(2e4, 8, 'distinct');
coxPH(warm, { ties: 'efron' });
coxPH(warm, { ties: 'breslow' });

const script = join(dirname(fileURLToPath(import.meta.url)), 'cox.bench.R');
const dir = mkdtempSync(join(tmpdir(), 'survkit-cox-bench-'));
const results = [];
try {
  for (const c of cases.filter((x) => filter.split('|').some((f) => x.label.includes(f)))) {
    const data = makeData(c.n, c.p, c.shape);
    const loadBefore = load();
    const oursRuns = [];
    let fit;
    for (let r = 0; r < repeats; r++) {
      // odd repeats nudge one time by 1e-7 (relative), so that no repeat reuses the previous sort
      const run = { ...data, time: data.time.slice() };
      if (r % 2 === 1) run.time[0] *= 1 + 1e-7;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const f = coxPH(run, { ties: c.ties });
      const elapsed = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(c0);
      oursRuns.push({ elapsed, cpu: (cpu.user + cpu.system) / 1e6 });
      if (r === 0) fit = f; // the fit of the data R sees
    }
    const ours = median(oursRuns.map((x) => x.elapsed));
    const oursCpu = median(oursRuns.map((x) => x.cpu));
    console.log(`${c.label}: events ${fit.events}, distinct times ${new Set(data.time).size}`);
    console.log(
      `  survkit coxPH: elapsed ${ours.toFixed(2)} s (${range(oursRuns.map((x) => x.elapsed))}), cpu ${oursCpu.toFixed(2)} s (${range(oursRuns.map((x) => x.cpu))}; first run ${oursRuns[0].cpu.toFixed(2)} s), median of ${repeats} (${fit.iterations} iterations)`,
    );
    console.log(`    coef ${fit.terms.map((t) => t.coef.toFixed(6)).join(' ')}`);
    console.log(
      `    loglik ${fit.logLik.model.toFixed(4)}, concordance ${fit.concordance.estimate.toFixed(6)}`,
    );
    const file = join(dir, 'data.bin');
    const all = new Float64Array(c.n * (c.p + 2));
    all.set(data.time, 0);
    all.set(data.event, c.n);
    for (let j = 0; j < c.p; j++) all.set(data.covariates[`x${j + 1}`], c.n * (j + 2));
    writeFileSync(file, new Uint8Array(all.buffer));
    const out = execFileSync('Rscript', [script, file, String(c.n), String(c.p), c.ties, String(repeats)], {
      encoding: 'utf8',
    });
    process.stdout.write(out.replace(/^/gm, '  '));
    const rRuns = [...out.matchAll(/run elapsed ([\d.]+) s, cpu ([\d.]+) s/g)];
    results.push({
      ...c,
      ours,
      oursCpu,
      r: median(rRuns.map((m) => Number(m[1]))),
      rCpu: median(rRuns.map((m) => Number(m[2]))),
      load: `${loadBefore}→${load()}`,
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `\nNode ${process.version}; medians of ${repeats} runs per side; the load is the 1-minute load average before→after the case`,
);
console.log(
  '| shape | p | ties | rows | survkit elapsed (cpu) | R elapsed (cpu) | speed-up elapsed (cpu) | load |',
);
console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |');
for (const r of results)
  console.log(
    `| ${r.shape} | ${r.p} | ${r.ties} | ${r.n} | ${r.ours.toFixed(2)} s (${r.oursCpu.toFixed(2)}) | ${r.r.toFixed(2)} s (${r.rCpu.toFixed(2)}) | ${(r.r / r.ours).toFixed(1)}× (${(r.rCpu / r.oursCpu).toFixed(1)}×) | ${r.load} |`,
  );
