// Benchmark (not a timed test): BENCH_N (default 100,000) synthetic patients — the built-in cohort's
// rows resampled with a seeded generator, as apps/report/bench/bench-100k.mjs makes them — analysed
// in the page (headless Chromium) and by the CLI in the same run, since the machine is shared.
//   pnpm --filter @survkit/web bench
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinDictionaryInput, loadBuiltinCohort } from '@survkit/cohort';
import { BUILTIN_PLAN } from '@survkit/report';
import { expect, test } from 'vitest';
import { launch, serveDist, skipReason } from '../test/harness.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** mulberry32, the generator of the report's benchmark. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cohortCsv(): string {
  const lines = readFileSync(loadBuiltinCohort().csvPath, 'utf8').trimEnd().split('\n');
  const id = (lines[0] ?? '').split(',').indexOf('patient_id');
  const rows = lines.slice(1).map((l) => l.split(','));
  const random = rng(20_240_109);
  const out = [lines[0]];
  for (let i = 0; i < N; i++) {
    const cells = [...(rows[Math.floor(random() * rows.length)] ?? [])];
    cells[id] = `BENCH-${i + 1}`;
    out.push(cells.join(','));
  }
  return `${out.join('\n')}\n`;
}

test.skipIf(skipReason() !== null)(`${N} patients analysed in the browser and by the CLI`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'survkit-web-bench-'));
  const csv = cohortCsv();
  const files = {
    data: join(dir, `synthetic-bench-${N}.csv`),
    dictionary: join(dir, 'dictionary.json'),
    plan: join(dir, 'plan.json'),
  };
  writeFileSync(files.data, csv);
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
    const t0 = performance.now();
    await page.setInputFiles('#file', [files.data, files.dictionary, files.plan]);
    await page.waitForSelector('[data-testid="table1"]', { timeout: 600_000 });
    const pageSeconds = (performance.now() - t0) / 1000;
    const load = loadavg()[0]!.toFixed(1);
    const inWorker = await page.textContent('[data-testid="timing"]');
    const pdf0 = performance.now();
    const download = page.waitForEvent('download', { timeout: 600_000 });
    await page.click('#save-pdf');
    await download;
    const pdfSeconds = (performance.now() - pdf0) / 1000;

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
    expect(cli.status, cli.stderr).toBe(0);
    console.log(
      `bench: ${N} patients (1-min load average ${loadStart} at start, ${load} after the page, ${loadavg()[0]!.toFixed(1)} after the CLI) — page opened → worker ready ${loadSeconds.toFixed(1)} s; file chosen → tables shown ${pageSeconds.toFixed(1)} s (${inWorker}); PDF ${pdfSeconds.toFixed(1)} s; CLI whole run (import → PDF) ${cliSeconds.toFixed(1)} s`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
