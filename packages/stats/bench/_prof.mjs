import { coxPH, coxZphResiduals, coxZphSmooth, fitCoxModel } from '@survkit/stats';

const LEVELS = [2, 3, 4, 2, 3, 2, 4];
const EFFECT = [0.3, -0.2, 0.15, 0.4, -0.25, 0.1, 0.2];
const n = Number(process.argv[2] ?? 1e6);
const what = process.argv[3] ?? 'all';
let state = 0x2545f491 | 0;
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
};
const time = new Float64Array(n),
  event = new Float64Array(n);
const codes = LEVELS.map(() => new Int32Array(n));
for (let i = 0; i < n; i++) {
  let eta = 0;
  LEVELS.forEach((l, j) => {
    const c = Math.floor(rand() * l);
    codes[j][i] = c;
    eta += EFFECT[j] * c;
  });
  const t = -Math.log(rand()) / (0.002 * Math.exp(eta));
  const c = -Math.log(rand()) / 0.001;
  time[i] = Math.ceil(Math.min(t, c));
  event[i] = t <= c ? 1 : 0;
}
const variables = Object.fromEntries(
  LEVELS.map((l, j) => [
    `v${j + 1}`,
    { type: 'categorical', levels: Array.from({ length: l }, (_, k) => `L${k}`), codes: codes[j] },
  ]),
);
const frame = { time, event, variables };
const names = Object.keys(variables);
const covariates = {};
for (const [j, name] of names.entries())
  for (let l = 1; l < LEVELS[j]; l++)
    covariates[`${name}${l}`] = Float64Array.from(codes[j], (c) => (c === l ? 1 : 0));
const data = { time, event, covariates };
for (const ties of ['efron', 'breslow']) {
  let t0 = performance.now();
  if (what !== 'zph') {
    const m = fitCoxModel(frame, names, { ties, phTest: 'km' });
    console.log(
      ties,
      'fit',
      ((performance.now() - t0) / 1000).toFixed(2),
      m.fit.logLik.model,
      m.phTest.global.statistic,
    );
  }
  const full = coxPH(data, { ties, concordance: false });
  t0 = performance.now();
  if (what !== 'fit') {
    const z = coxZphResiduals(data, full, { transform: 'km' });
    const t1 = performance.now();
    const s = z.columns.map((c, j) => coxZphSmooth(z.x, z.y[c], z.variance[j][j]));
    console.log(
      ties,
      'resid',
      ((t1 - t0) / 1000).toFixed(2),
      'smooth',
      ((performance.now() - t1) / 1000).toFixed(2),
      z.y[z.columns[3]][1000],
      s[0].fit[5],
      s[12].upper[30],
    );
  }
}
