// Benchmark: the Cox work of a report's models on categorical covariates (few covariate patterns,
// times in whole days so heavily tied) vs R 4.2.2's coxph + cox.zph on the same data, printed from
// one run.
//
//   pnpm --filter @survkit/stats build && node packages/stats/bench/patterns.bench.mjs [rows] [repeats]
//
// rows (default 1e6); repeats (default 3, the median is printed with the range: the machine is
// shared). Data: a seeded generator (mulberry32), seven categorical covariates with 2–4 levels
// (27 indicator columns would be too many; 13 here: 2+3+4+2+3+2+4 levels), exponential event and
// censoring times rounded up to whole days (≈ 2 000 distinct times), ~60% events. Both sides
// see the same numbers through a temporary float64 file that patterns.bench.R reads.
// Per tie method (Efron, Breslow) each side times, with R's equivalent call in brackets:
// - fit: fitCoxModel(frame, vars, { phTest: 'km' }) — the design, the fit, one drop-one refit per
//   variable (its LR test) and cox.zph(terms = TRUE)
//   [coxph(Surv ~ factor(a) + …); drop1(fit, test = "Chisq"); cox.zph(fit, transform = "km")];
// - zph: coxZphResiduals (cox.zph(terms = FALSE)'s x, y, var) and coxZphSmooth of every column
//   [cox.zph(fit, transform = "km", terms = FALSE) and plot.cox.zph's smooth, ns(df = 4) + lm,
//   for every column, plotting to a null device].
// Ours is warmed on 2·10⁴ rows first so the JIT has compiled the kernels. A benchmark, not a test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coxPH, coxZphResiduals, coxZphSmooth, fitCoxModel } from '@survkit/stats';

const rows = Number(process.argv[2] ?? 1e6);
const repeats = Number(process.argv[3] ?? 3);
const LEVELS = [2, 3, 4, 2, 3, 2, 4];
const EFFECT = [0.3, -0.2, 0.15, 0.4, -0.25, 0.1, 0.2];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const load = () => loadavg()[0].toFixed(2);

function makeData(n) {
  let state = 0x2545f491 | 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  const codes = LEVELS.map(() => new Int32Array(n));
  for (let i = 0; i < n; i++) {
    let eta = 0;
    LEVELS.forEach((levels, j) => {
      const c = Math.floor(rand() * levels);
      codes[j][i] = c;
      eta += EFFECT[j] * c;
    });
    const t = -Math.log(rand()) / (0.002 * Math.exp(eta));
    const c = -Math.log(rand()) / 0.001;
    time[i] = Math.ceil(Math.min(t, c));
    event[i] = t <= c ? 1 : 0;
  }
  const variables = Object.fromEntries(
    LEVELS.map((levels, j) => [
      `v${j + 1}`,
      { type: 'categorical', levels: Array.from({ length: levels }, (_, l) => `L${l}`), codes: codes[j] },
    ]),
  );
  return { frame: { time, event, variables }, codes };
}

function timed(f) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const cpu = process.cpuUsage(c0);
  return { value, elapsed: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function ours(frame, ties) {
  const names = Object.keys(frame.variables);
  const fit = timed(() => fitCoxModel(frame, names, { ties, phTest: 'km' }));
  // the design's indicator columns as fitCoxModel built them (the report passes these to coxZphResiduals)
  const covariates = {};
  for (const [j, name] of names.entries()) {
    const codes = frame.variables[name].codes;
    for (let l = 1; l < LEVELS[j]; l++)
      covariates[`${name}${l}`] = Float64Array.from(codes, (c) => (c === l ? 1 : 0));
  }
  const data = { time: frame.time, event: frame.event, covariates };
  const full = coxPH(data, { ties, concordance: false });
  const zph = timed(() => {
    const z = coxZphResiduals(data, full, { transform: 'km' });
    return z.columns.map((c, j) => coxZphSmooth(z.x, z.y[c], z.variance[j][j]));
  });
  return { fit, zph, model: fit.value, smooth: zph.value };
}

const warm = makeData(2e4).frame;
ours(warm, 'efron');
ours(warm, 'breslow');

const { frame, codes } = makeData(rows);
const dir = mkdtempSync(join(tmpdir(), 'survkit-patterns-bench-'));
const file = join(dir, 'data.bin');
const cols = [frame.time, frame.event, ...codes.map((c) => Float64Array.from(c))];
const buf = new Float64Array(rows * cols.length);
for (const [j, c] of cols.entries()) buf.set(c, j * rows);
writeFileSync(file, buf);
const script = join(dirname(fileURLToPath(import.meta.url)), 'patterns.bench.R');
let events = 0;
for (let i = 0; i < rows; i++) events += frame.event[i];
console.log(
  `patterns bench: n=${rows}, ${LEVELS.length} factors (${LEVELS.join('/')} levels), events ${events}, distinct times ${new Set(frame.time).size}`,
);
try {
  for (const ties of ['efron', 'breslow']) {
    const loadBefore = load();
    const runs = Array.from({ length: repeats }, () => ours(frame, ties));
    const fitE = runs.map((r) => r.fit.elapsed);
    const zphE = runs.map((r) => r.zph.elapsed);
    const fitC = runs.map((r) => r.fit.cpu);
    const zphC = runs.map((r) => r.zph.cpu);
    const m = runs[0].model;
    console.log(`${ties} (load ${loadBefore} before ours, ${load()} after)`);
    console.log(
      `  survkit fit+drop1+zph: elapsed ${median(fitE).toFixed(2)} s (${range(fitE)}), cpu ${median(fitC).toFixed(2)} s; zph residuals+smooths: elapsed ${median(zphE).toFixed(2)} s (${range(zphE)}), cpu ${median(zphC).toFixed(2)} s`,
    );
    const coefs = m.fit.terms.map((t) => t.coef.toFixed(6)).join(' ');
    console.log(`  coef ${coefs}`);
    console.log(
      `  loglik ${m.fit.logLik.model.toFixed(4)}, zph global chisq ${m.phTest.global.statistic.toFixed(4)}, first smooth at 0/39: ${runs[0].smooth[0].fit[0].toFixed(6)} ${runs[0].smooth[0].fit[39].toFixed(6)}`,
    );
    const out = execFileSync(
      'Rscript',
      [script, file, String(rows), String(LEVELS.length), ties, String(repeats)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    console.log(out.trimEnd().replace(/^/gm, '  '));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
