// Benchmark: fisherExactTest on the harder r×c tables (3×6 n = 150, 4×5 n = 120, 5×5 n = 80,
// 2×10 n = 300, 4×6 n = 90, 3×8 n = 120) of packages/validation/fixtures/contingency.json, ours vs
// R 4.2.2 fisher.test(x, workspace = 2e8) on the same tables.
//
//   pnpm --filter @survkit/stats build && node packages/stats/bench/fisher.bench.mjs [--no-r]
//
// Run from the repository root. Ours: CPU and wall time of one fisherExactTest call per table
// (after one small warm-up call); R: fisher.bench.R, run here unless --no-r. One run each: this
// is a benchmark, not a timed test.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fisherExactTest } from '@survkit/stats';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, '../../validation/fixtures/contingency.json');
const { fisherHard } = JSON.parse(readFileSync(fixture, 'utf8'));

fisherExactTest([
  [3, 1, 2],
  [1, 4, 2],
]);
const ours = fisherHard.map((c) => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let p;
  let error = '';
  try {
    p = fisherExactTest(c.table).pValue;
  } catch (e) {
    error = e.message;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { p, error, wall, cpu: (cpu.user + cpu.system) / 1e6 };
});

let rLines = [];
if (!process.argv.includes('--no-r')) {
  const out = execFileSync('Rscript', [join(here, 'fisher.bench.R'), fixture], { encoding: 'utf8' });
  rLines = out.trim().split('\n');
}
const rOf = (i) => {
  const m = rLines
    .map((l) => l.match(/^R (\d+) \S+ n=\d+ elapsed=([\d.]+) cpu=([\d.]+)/))
    .find((x) => x?.[1] === `${i}`);
  return m ? { wall: Number(m[2]), cpu: Number(m[3]) } : undefined;
};

console.log(`node ${process.version}; table | n | ours wall/cpu s | R wall/cpu s | rel. difference of p`);
fisherHard.forEach((c, i) => {
  const o = ours[i];
  const r = rOf(i);
  const shape = `${c.table.length}×${c.table[0].length}`;
  const n = c.table.flat().reduce((a, b) => a + b, 0);
  const diff = o.p === undefined ? o.error : (Math.abs(o.p - c.fisherP) / c.fisherP).toExponential(1);
  const rText = r ? `${r.wall.toFixed(2)}/${r.cpu.toFixed(2)}` : `(fixture: ${c.rSeconds})`;
  console.log(`${i} ${shape} | ${n} | ${o.wall.toFixed(2)}/${o.cpu.toFixed(2)} | ${rText} | ${diff}`);
});
