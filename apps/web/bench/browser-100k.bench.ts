// Benchmark (not a timed test): BENCH_N (default 100,000) synthetic patients — the built-in cohort's
// rows resampled with a seeded generator and each follow-up stretched by a random factor, by the
// report benchmark's own generator (apps/report/bench/cohort.mjs), so the two measure the same data
// (dates, so times in whole days: ~3,000 distinct follow-up times at 10⁵, still tied) — analysed
// in the page (headless Chromium) and by the CLI in the same run, since the machine is shared.
//   pnpm --filter @survkit/web bench
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinDictionaryInput } from '@survkit/cohort';
import { BUILTIN_PLAN } from '@survkit/report';
import { expect, test } from 'vitest';
import { writeResampledCohort } from '../../report/bench/cohort.mjs';
import { launch, serveDist, skipReason } from '../test/harness.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Linux clock ticks per second (USER_HZ) of the times in /proc/PID/stat. */
const TICKS = 100;

function threadName(pid: number, tid: string): string {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return ''; // the thread ended
  }
}

/** The fields of a /proc stat file after the command name (field 3 onwards), or null once the process is gone. */
function statFields(path: string): string[] | null {
  try {
    const text = readFileSync(path, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) of the live descendants of a process — here Chromium's browser,
 * renderer, GPU and utility processes — and of their threads named DedicatedWorker (the page's
 * analysis worker; V8's helper threads for garbage collection and compilation run beside it). On a
 * shared machine these are better estimates of what the page costs than the wall time, which the
 * other jobs stretch.
 */
function treeCpuSeconds(root: number): { all: number; worker: number } {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    const f = Number.isInteger(pid) ? statFields(`/proc/${pid}/stat`) : null;
    if (f !== null) parent.set(pid, Number(f[1]));
  }
  let all = 0;
  let worker = 0;
  for (const pid of parent.keys()) {
    let p = parent.get(pid);
    while (p !== undefined && p !== root && p > 1) p = parent.get(p);
    if (p !== root) continue;
    const f = statFields(`/proc/${pid}/stat`);
    if (f !== null) all += Number(f[11]) + Number(f[12]);
    for (const tid of existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`) : []) {
      const t = statFields(`/proc/${pid}/task/${tid}/stat`);
      if (t !== null && threadName(pid, tid) === 'DedicatedWorker') worker += Number(t[11]) + Number(t[12]);
    }
  }
  return { all: all / TICKS, worker: worker / TICKS };
}

/** CPU seconds of this process's finished children (cutime + cstime): the CLI run by spawnSync. */
function childrenCpuSeconds(): number {
  const f = statFields('/proc/self/stat');
  return f === null ? 0 : (Number(f[13]) + Number(f[14])) / TICKS;
}

test.skipIf(skipReason() !== null)(`${N} patients analysed in the browser and by the CLI`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'survkit-web-bench-'));
  const files = {
    data: join(dir, `synthetic-bench-${N}.csv`),
    dictionary: join(dir, 'dictionary.json'),
    plan: join(dir, 'plan.json'),
  };
  writeResampledCohort(files.data, N);
  writeFileSync(files.dictionary, JSON.stringify(builtinDictionaryInput));
  writeFileSync(files.plan, JSON.stringify(BUILTIN_PLAN));

  const loadStart = loadavg()[0]!.toFixed(1);
  const server = await serveDist();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const load0 = performance.now();
    await page.goto(`${server.origin}/`);
    // The clock starts once the page is usable, as for a user who opens it and then picks a file:
    // loading the worker's code (the engine, pdfkit, the fonts) is reported on its own.
    await page.waitForSelector('html[data-worker="ready"]', { state: 'attached', timeout: 600_000 });
    const loadSeconds = (performance.now() - load0) / 1000;
    // Chromium is this process's only child until the CLI runs.
    const cpuOf = () => treeCpuSeconds(process.pid);
    const cpu0 = cpuOf();
    const t0 = performance.now();
    await page.setInputFiles('#file', [files.data, files.dictionary, files.plan]);
    await page.waitForSelector('[data-testid="table1"]', { timeout: 600_000 });
    const pageSeconds = (performance.now() - t0) / 1000;
    const cpu1 = cpuOf();
    const pageCpu = cpu1.all - cpu0.all;
    const workerCpu = cpu1.worker - cpu0.worker;
    const load = loadavg()[0]!.toFixed(1);
    const inWorker = await page.textContent('[data-testid="timing"]');
    const pdf0 = performance.now();
    const download = page.waitForEvent('download', { timeout: 600_000 });
    await page.click('#save-pdf');
    await download;
    const pdfSeconds = (performance.now() - pdf0) / 1000;

    const cliCpu0 = childrenCpuSeconds();
    const c0 = performance.now();
    const cli = spawnSync(
      process.execPath,
      [
        join(REPO, 'apps/report/dist/cli.js'),
        '--quiet',
        '--skip-validation',
        '--data',
        files.data,
        '--dictionary',
        files.dictionary,
        '--plan',
        files.plan,
        '--out',
        join(dir, 'cli.pdf'),
      ],
      { encoding: 'utf8' },
    );
    const cliSeconds = (performance.now() - c0) / 1000;
    const cliCpu = childrenCpuSeconds() - cliCpu0;
    expect(cli.status, cli.stderr).toBe(0);
    console.log(
      `bench: ${N} patients (1-min load average ${loadStart} at start, ${load} after the page, ${loadavg()[0]!.toFixed(1)} after the CLI) — page opened → worker ready ${loadSeconds.toFixed(1)} s; file chosen → tables shown ${pageSeconds.toFixed(1)} s, Chromium's CPU ${pageCpu.toFixed(1)} s, of which the worker's thread ${workerCpu.toFixed(1)} s (${inWorker}); PDF ${pdfSeconds.toFixed(1)} s; CLI whole run (import → PDF) ${cliSeconds.toFixed(1)} s, CPU ${cliCpu.toFixed(1)} s`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
