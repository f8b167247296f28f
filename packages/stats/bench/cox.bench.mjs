// Benchmark: coxPH (Efron) on 1e6 rows × 8 covariates, ours vs R's coxph on the same data.
//
//   pnpm --filter @survkit/stats build && node packages/stats/bench/cox.bench.mjs [rows]
//
// The data are generated here from a seeded generator and written to a temporary binary file
// (float64 columns) that cox.bench.R reads, so both fits see identical numbers. R is timed on
// the coxph() call only (not on reading the file); ours on coxPH() from raw arrays to result,
// which includes validation, the sort, the fit, and the concordance with its SE (R computes
// the same inside coxph). One run each: this is a benchmark, not a timed test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coxPH } from '@survkit/stats';

const n = Number(process.argv[2] ?? 1e6);
const p = 8;

// xorshift128+ style generator (deterministic, no dependency)
let s0 = 0x9e3779b9;
let s1 = 0x243f6a88;
const rand = () => {
  let x = s0;
  const y = s1;
  s0 = y;
  x ^= x << 23;
  x ^= x >>> 17;
  x ^= y ^ (y >>> 26);
  s1 = x;
  return ((s0 + s1) >>> 0) / 4294967296 + 1e-12;
};
const gauss = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());

const time = new Float64Array(n);
const event = new Float64Array(n);
const cols = Array.from({ length: p }, () => new Float64Array(n));
const beta = [0.3, -0.2, 0.1, 0.5, -0.4, 0.05, 0.2, -0.1];
for (let i = 0; i < n; i++) {
  let eta = 0;
  for (let j = 0; j < p; j++) {
    // four continuous, two binary, two small-integer covariates
    const v = j < 4 ? gauss() : j < 6 ? (rand() < 0.4 ? 1 : 0) : Math.floor(rand() * 4);
    cols[j][i] = v;
    eta += beta[j] * v;
  }
  const t = -Math.log(rand()) / (0.1 * Math.exp(eta));
  const c = -Math.log(rand()) / 0.05;
  // round to 0.01 so that tied event times occur and Efron's correction does real work
  time[i] = Math.max(0.01, Math.round(Math.min(t, c) * 100) / 100);
  event[i] = t <= c ? 1 : 0;
}
const covariates = Object.fromEntries(cols.map((c, j) => [`x${j + 1}`, c]));

const c0 = process.cpuUsage();
const t0 = performance.now();
const fit = coxPH({ time, event, covariates }, { ties: 'efron' });
const ours = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const oursCpu = (cpu.user + cpu.system) / 1e6;
console.log(`rows ${n}, covariates ${p}, events ${fit.nEvents}, ties efron`);
console.log(
  `survkit coxPH: elapsed ${ours.toFixed(2)} s, cpu ${oursCpu.toFixed(2)} s (${fit.iterations} iterations)`,
);
console.log(`  coef ${fit.terms.map((t) => t.coef.toFixed(6)).join(' ')}`);
console.log(`  loglik ${fit.logLik.model.toFixed(4)}, concordance ${fit.concordance.estimate.toFixed(6)}`);

let hasR = true;
try {
  execFileSync('Rscript', ['--version'], { stdio: 'ignore' });
} catch {
  hasR = false;
}
if (!hasR) {
  console.log('Rscript not found: R timing skipped');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'survkit-cox-bench-'));
  try {
    const file = join(dir, 'data.bin');
    const all = new Float64Array(n * (p + 2));
    all.set(time, 0);
    all.set(event, n);
    for (let j = 0; j < p; j++) all.set(cols[j], n * (j + 2));
    writeFileSync(file, new Uint8Array(all.buffer));
    const script = join(dirname(fileURLToPath(import.meta.url)), 'cox.bench.R');
    const out = execFileSync('Rscript', [script, file, String(n), String(p)], { encoding: 'utf8' });
    process.stdout.write(out);
    const m = /elapsed ([\d.]+) s, cpu ([\d.]+) s/.exec(out);
    if (m)
      console.log(
        `speed-up: ${(Number(m[1]) / ours).toFixed(1)}x elapsed, ${(Number(m[2]) / oursCpu).toFixed(1)}x cpu`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
