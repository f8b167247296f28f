// Benchmark: issue 14's lean plan at scale, engine only — Kaplan–Meier by arm, the two-arm
// log-rank test and a Cox model with 8 covariates on one cohort of `rows` patients (default 10⁷),
// from typed arrays to results, in one process. The target is absolute (the whole plan in < 3 min
// on this 2-core machine), so only our side is timed; cox.bench.mjs and survival.bench.mjs give
// the comparisons with R at 10⁶ / 2·10⁶ rows. Not covered: reading a CSV of that size and
// rendering a PDF (the report's own benchmark, apps/report/bench, covers those at 10⁶).
//
//   pnpm --filter @survkit/stats build && node packages/stats/bench/lean.bench.mjs [rows]
//
// Data: two arms, eight covariates (four normal, two binary, two 0–3 integers) acting on an
// exponential event time, exponential censoring, times rounded to a day (registry-like, ~10⁴
// distinct times). Peak resident memory and CPU time are printed with the wall time (the machine
// is shared: wall time is an upper bound).
import { loadavg } from 'node:os';
import { coxPH, kaplanMeierByGroup, logRankTest } from '@survkit/stats';

const n = Number(process.argv[2] ?? 1e7);
let state = 0x5eed1234;
const rand = () => {
  // mulberry32 (deterministic, no dependency)
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
};
const gauss = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
const beta = [0.3, -0.2, 0.1, 0.5, -0.4, 0.05, 0.2, -0.1];
const time = new Float64Array(n);
const event = new Float64Array(n);
const group = new Float64Array(n);
const cols = Array.from({ length: 8 }, () => new Float64Array(n));
for (let i = 0; i < n; i++) {
  const g = rand() < 0.5 ? 1 : 0;
  let eta = -0.25 * g;
  for (let j = 0; j < 8; j++) {
    const v = j < 4 ? gauss() : j < 6 ? (rand() < 0.4 ? 1 : 0) : Math.floor(rand() * 4);
    cols[j][i] = v;
    eta += beta[j] * v;
  }
  const t = -Math.log(rand()) / (0.001 * Math.exp(eta));
  const c = -Math.log(rand()) / 0.0005;
  time[i] = Math.max(1, Math.round(Math.min(t, c)));
  event[i] = t <= c ? 1 : 0;
  group[i] = g;
}
const covariates = Object.fromEntries(cols.map((c, j) => [`x${j + 1}`, c]));

const step = (label, f) => {
  const load = loadavg()[0].toFixed(1);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  console.log(
    `${label}: ${wall.toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU (load ${load})`,
  );
  return { value, wall };
};
console.log(`${n} rows, ${event.reduce((a, b) => a + b, 0)} events; Node ${process.version}`);
const km = step('kaplanMeierByGroup (2 arms)', () => kaplanMeierByGroup({ time, event, group }));
const lr = step('logRankTest (2 arms)', () => logRankTest({ time, event, group }));
const cox = step('coxPH, 8 covariates + arm, Efron', () =>
  coxPH({ time, event, covariates: { arm: group, ...covariates } }, { ties: 'efron' }),
);
console.log(
  `  log-rank chisq ${lr.value.statistic.toPrecision(8)}; Cox arm HR ${cox.value.terms[0].hazardRatio.toFixed(4)}, ${cox.value.iterations} iterations`,
);
console.log(
  `lean plan total: ${(km.wall + lr.wall + cox.wall).toFixed(1)} s wall; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
