// Benchmark: fisherMonteCarloTest with Table 1's settings (B = 1e5, seed 2024) on the tables R's
// exact fisher.test refuses (packages/validation/fixtures/fisher-sim.json, field refused: n up to
// 7·10⁵), ours vs R 4.2.2 set.seed(2024); fisher.test(x, simulate.p.value = TRUE, B = 1e5).
//
//   pnpm --filter @survkit/stats build && node packages/stats/bench/fisher-mc.bench.mjs [--no-r]
//
// Run from the repository root. One run each, R run here after ours (the machine is shared:
// compare the two columns of one run, not runs on different days). Not a timed test.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fisherMonteCarloTest } from '@survkit/stats';

const here = dirname(fileURLToPath(import.meta.url));
const { refused } = JSON.parse(readFileSync(join(here, '../../validation/fixtures/fisher-sim.json'), 'utf8'));

const ours = refused.map((c) => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const p = fisherMonteCarloTest(c.table, { B: 100_000, seed: 2024 }).pValue;
  const cpu = process.cpuUsage(cpu0);
  return { p, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
});
const rLines = process.argv.includes('--no-r')
  ? []
  : execFileSync('Rscript', [join(here, 'fisher-mc.bench.R')], { encoding: 'utf8' })
      .trim()
      .split('\n');

console.log('table        n        ours wall/cpu s   R elapsed/cpu s   p (ours)                 p (R)');
refused.forEach((c, i) => {
  const n = c.table.flat().reduce((a, b) => a + b, 0);
  const shape = `${c.table.length}x${c.table[0].length}`;
  const r = /elapsed=([\d.]+) cpu=([\d.]+) p=(\S+)/.exec(rLines[i] ?? '');
  const o = ours[i];
  console.log(
    `${String(i).padEnd(3)}${shape.padEnd(6)}${String(n).padStart(8)}   ${o.wall.toFixed(2).padStart(6)}/${o.cpu.toFixed(2).padEnd(8)}` +
      `${r ? `${r[1].padStart(8)}/${r[2].padEnd(8)}` : '        –        '}  ${String(o.p).padEnd(24)} ${r ? r[3] : '–'}`,
  );
});
