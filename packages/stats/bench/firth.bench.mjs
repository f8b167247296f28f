// Benchmark: coxFirth (Efron) on n = 96 rows × p = 10 covariates, the size of a small clinical
// series with a monotone-likelihood covariate (Firth's use case).
//
//   pnpm --filter @survkit/stats build && node packages/stats/bench/firth.bench.mjs [n] [p] [runs]
//
// Times the whole call: validation, the estimate, and for every coefficient both profile
// penalized-likelihood limits and the penalized LR test (2p + p profiles). The first call is
// reported separately (it includes V8's compilation); then the median of `runs` calls. There is
// no R comparison: R's coxphf is not installed here, and the R oracle (cox-firth.R) maximizes by
// optim/numDeriv, which is not a speed reference. The machine is shared, so figures vary by load.
import { coxFirth } from '@survkit/stats';

const n = Number(process.argv[2] ?? 96);
const p = Number(process.argv[3] ?? 10);
const runs = Number(process.argv[4] ?? 20);

// xorshift-style generator (deterministic, no dependency)
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
for (let i = 0; i < n; i++) {
  let eta = 0;
  for (let j = 0; j < p; j++) {
    // half continuous, half binary covariates
    const v = j % 2 === 0 ? gauss() : rand() < 0.4 ? 1 : 0;
    cols[j][i] = v;
    eta += (j % 3 === 0 ? 0.3 : -0.2) * v;
  }
  const t = -Math.log(rand()) / (0.1 * Math.exp(eta));
  const c = -Math.log(rand()) / 0.05;
  // whole months: tied event times, so Efron's correction does real work
  time[i] = Math.max(1, Math.round(Math.min(t, c)));
  event[i] = t <= c ? 1 : 0;
}
// monotone likelihood in the first binary covariate: its four patients are censored
let moved = 0;
for (let i = 0; i < n; i++) {
  cols[1][i] = event[i] === 0 && moved < 4 ? 1 : 0;
  if (cols[1][i] === 1) moved++;
}
const covariates = Object.fromEntries(cols.map((c, j) => [`x${j + 1}`, c]));
const data = { time, event, covariates };

const firstCpu0 = process.cpuUsage();
let t0 = performance.now();
const fit = coxFirth(data);
const first = performance.now() - t0;
const firstCpu = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(firstCpu0));
// wall time per call, and this process's CPU time per call (less sensitive to other load)
const times = [];
const cpus = [];
for (let r = 0; r < runs; r++) {
  const c0 = process.cpuUsage();
  t0 = performance.now();
  coxFirth(data);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpus.push((c.user + c.system) / 1000);
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`coxFirth n = ${n}, p = ${p}, ${fit.events} events, ${fit.iterations} Newton iterations`);
console.log(`  x2 (monotone) coef ${fit.terms[1].coef.toFixed(4)}, converged ${fit.converged}`);
console.log(
  `  first call ${first.toFixed(1)} ms wall, ${firstCpu.toFixed(1)} ms CPU (with V8's compilation); median of ${runs} calls: ${median(times).toFixed(1)} ms wall, ${median(cpus).toFixed(1)} ms CPU`,
);
