// Runs the report CLI in a child process under GNU time, so that the figures are the report's own
// (not the cohort generation's): wall time, CPU time (user + sys), peak resident set size, and the
// 1-minute load average before and after (the development machine is shared).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

/** Runs `node dist/cli.js …args --quiet --skip-validation` in `dir`; returns the figures. */
export function timedReport(dir, args, nodeFlags = []) {
  const timed = existsSync('/usr/bin/time');
  const loadBefore = loadavg()[0];
  const t0 = performance.now();
  const run = spawnSync(
    timed ? '/usr/bin/time' : process.execPath,
    [
      ...(timed ? ['-f', 'peak-rss-kib %M cpu-s %U %S', process.execPath] : []),
      ...nodeFlags,
      CLI,
      ...args,
      '--quiet',
      '--skip-validation',
    ],
    { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const wall = (performance.now() - t0) / 1000;
  const code = run.status ?? 1;
  const m = /peak-rss-kib (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(run.stderr ?? '');
  const out = args[args.indexOf('--out') + 1];
  return {
    code,
    stderr: run.stderr ?? '',
    wall,
    cpu: m ? Number(m[2]) + Number(m[3]) : null,
    peakMiB: m ? Number(m[1]) / 1024 : null,
    pdfKiB: code === 0 && existsSync(join(dir, out)) ? statSync(join(dir, out)).size / 1024 : null,
    load: [loadBefore, loadavg()[0]],
  };
}

/** One line: exit, wall, CPU, peak RSS, PDF size and load. */
export function describeRun(what, r) {
  const cpu = r.cpu === null ? '' : `, CPU ${r.cpu.toFixed(1)} s (user + sys)`;
  const peak = r.peakMiB === null ? '?' : r.peakMiB.toFixed(0);
  const pdf = r.pdfKiB === null ? 'no PDF' : `PDF ${r.pdfKiB.toFixed(0)} KiB`;
  return (
    `${what}: exit ${r.code}, ${r.wall.toFixed(1)} s wall${cpu}, peak RSS ${peak} MiB, ${pdf}, ` +
    `load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`
  );
}
