// The page against the CLI, in a real headless Chromium (Debian's package, driven by playwright-core)
// on the production build served from dist/. The oracle for every number is the built CLI's --json
// for the same data, dictionary and plan; for import problems, the CLI's text for the same file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisResult } from '@survkit/report';
import { BUILTIN_PLAN, formatHazardRatio, formatP } from '@survkit/report';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIST, launch, serveDist, skipReason } from './harness.ts';
import {
  CLI,
  cliJson as cliJsonIn,
  exampleCliJson,
  expectTable1Counts as expectCounts,
  expectImportProblems,
  malformedLung,
  pdfText,
  REPO,
  shownP,
} from './oracle.ts';

const SHOTS = process.env.SURVKIT_WEB_SCREENSHOTS;
const work = mkdtempSync(join(tmpdir(), 'survkit-web-'));
const reason = skipReason();
if (reason !== null) console.warn(`apps/web browser tests skipped: ${reason}`);

/** The CLI's JSON (and stderr) for the built-in data with an optional plan object. */
const cliJson = (plan?: unknown): AnalysisResult => cliJsonIn(work, plan);

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The page's Table 1 as rows of cell texts. */
function table1Rows(page: Page): Promise<string[][]> {
  return page.$$eval('[data-testid="table1"] tbody tr', (rows) =>
    rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
  );
}

/** Every level row of the CLI's Table 1 appears on the page, in order, with the same count per group. */
async function expectTable1Counts(page: Page, result: AnalysisResult): Promise<number> {
  return expectCounts(await table1Rows(page), result);
}

async function logRankText(page: Page, abbreviation: string): Promise<string> {
  return (await page.locator(`[data-testid="logrank-${abbreviation}"]`).textContent()) ?? '';
}

/**
 * The built-in plan as a user's choices on the page make it: the group set to `variable` (which drops
 * the old group's treatment analyses and, in the adjusted model, takes the old group's place among
 * the variables kept whatever their p) and visceral metastasis unticked among the Cox covariates.
 */
function planWithGroup(variable: string): unknown {
  const { immortalTime: _it, propensity: _ps, ...rest } = BUILTIN_PLAN;
  const cox = BUILTIN_PLAN.cox;
  return {
    ...rest,
    group: { variable },
    cox: {
      ...cox,
      covariates: cox.covariates.filter((c) => (typeof c === 'string' ? c : c.variable) !== 'visceral'),
      multivariable: { ...cox.multivariable, alwaysInclude: [variable] },
    },
  };
}

describe.skipIf(reason !== null)('the web page on the production build, in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof serveDist>>;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const afterLoad: string[] = [];
  let loaded = false;

  beforeAll(async () => {
    server = await serveDist();
    origin = server.origin;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on('request', (r) => {
      if (loaded) afterLoad.push(r.url());
    });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    loaded = true;
    await shot(page, '01-start');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the build has no Node built-in left and states its privacy policy', async () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect(html).not.toContain('NODE-BUILTIN-IN-BROWSER');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(await page.textContent('#privacy')).toContain('never leave this computer');
    // The policy is enforced, not only stated: a fetch to the page's own origin is refused.
    const fetched = await page.evaluate(
      (url) =>
        fetch(url).then(
          () => 'sent',
          () => 'refused',
        ),
      `${origin}/`,
    );
    expect(fetched).toBe('refused');
  });

  test('built-in study: Table 1 counts and log-rank p equal the CLI’s JSON', async () => {
    const cli = cliJson();
    await page.click('button[data-study="builtin"]');
    await page.waitForSelector('[data-testid="table1"]');
    await shot(page, '02-builtin-study');
    const header = await page.$$eval('[data-testid="table1"] thead th', (cells) =>
      cells.map((c) => c.textContent ?? ''),
    );
    for (const n of cli.table1.groupN) expect(header.join(' ')).toContain(`${n}`);
    expect(await expectTable1Counts(page, cli)).toBeGreaterThan(50);
    for (const km of cli.survival) {
      expect(km.logRank).not.toBeNull();
      expect(await logRankText(page, km.abbreviation)).toContain(shownP(km.logRank!.pValue));
    }
  });

  test('changing the group and a Cox covariate reruns the analysis as the CLI does with that plan', async () => {
    await page.selectOption('#group', 'met_liver');
    await page.locator('#cox-vars input[value="visceral"]').uncheck();
    await page.waitForFunction(() => document.querySelector('#progress')?.hasAttribute('hidden'));
    await page.waitForSelector('[data-testid="table1"]');
    await shot(page, '03-group-and-covariate-changed');
    const cli = cliJson(planWithGroup('met_liver'));
    expect(cli.group.variable).toBe('met_liver');
    await expectTable1Counts(page, cli);
    for (const km of cli.survival)
      expect(await logRankText(page, km.abbreviation)).toContain(shownP(km.logRank!.pValue));
    const coxText = await page.locator('[data-testid="cox-0"]').innerText();
    expect(coxText).not.toMatch(/Visceral/i);
    const hr = cli.cox[0]!.univariate.find((u) => u.variable === 'ecog')!.levels.find((l) => !l.isReference)!;
    expect(coxText).toContain(hr.hazardRatio!.toFixed(3));
    // The new group is kept in the adjusted model, as the old one was: its adjusted HR is shown.
    for (const table of cli.cox) expect(table.multivariableVariables).toContain('met_liver');
    const adjusted = cli.cox[0]!.multivariable.find((m) => m?.variable === 'met_liver')!;
    expect(coxText).toContain(adjusted.levels.find((l) => !l.isReference)!.hazardRatio!.toFixed(3));
  });

  test('the PDF downloads and its text carries the analysis', async () => {
    const download = page.waitForEvent('download');
    await page.click('#save-pdf');
    const file = await download;
    const path = join(work, 'page.pdf');
    await file.saveAs(path);
    const bytes = new Uint8Array(readFileSync(path));
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const text = await pdfText(bytes);
    await shot(page, '04-pdf-saved');
    const cli = cliJson(planWithGroup('met_liver'));
    expect(text).toContain(BUILTIN_PLAN.title);
    expect(text).toContain('SYNTHETIC DATA');
    expect(text).toContain(cli.source.sha256);
    expect(text).toContain('TABLE 1');
    const p = formatP(cli.survival[0]!.logRank!.pValue);
    expect(text).toContain(p);
  });

  test('Save PDF pressed before an edit has been analysed saves the PDF of the edit, not the old result', async () => {
    // The page still compares liver metastasis (the tests above); switch back to surgery and save at once,
    // inside the pause before the rerun starts: the worker still holds the old analysis then.
    const before = cliJson(planWithGroup('met_liver'));
    const after = cliJson(planWithGroup('surgery'));
    const pBefore = formatP(before.survival[0]!.logRank!.pValue);
    const pAfter = formatP(after.survival[0]!.logRank!.pValue);
    expect(pAfter).not.toBe(pBefore);
    const download = page.waitForEvent('download');
    // Both in one task of the page, so the click lands before the rerun has started, on any machine.
    await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('#group')!;
      select.value = 'surgery';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      document.querySelector<HTMLButtonElement>('#save-pdf')!.click();
    });
    const text = await pdfText(new Uint8Array(readFileSync(await (await download).path())));
    // The first figure's legend: "Log-rank χ² = 1.72, df = 1, p = 0.190".
    const legend = (p: string) =>
      new RegExp(`Log-rank\\s*χ²\\s*=\\s*[0-9.]+,\\s*df\\s*=\\s*1,\\s*p\\s*=\\s*${p}`);
    expect(text).toMatch(legend(pAfter));
    expect(text).not.toMatch(legend(pBefore));
    expect(await page.locator('#status').textContent()).toMatch(/^Saved /);
    // A new analysis clears the line that told of the last save.
    await page.locator('#cox-vars input[value="visceral"]').check();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '');
  });

  test('with four arms the forest plot shows every arm against the reference, as the CLI computes them', async () => {
    const cli = exampleCliJson(work, 'veteran');
    await page.click('button[data-study="veteran"]');
    await page.waitForFunction(() => document.querySelectorAll('svg.forest').length > 0);
    await page.waitForFunction(() => document.querySelector('#progress')?.hasAttribute('hidden'));
    await shot(page, '04b-veteran-forest');
    const figures = await page.$$eval('svg.forest', (svgs) =>
      svgs.map((svg) => [...svg.querySelectorAll('text')].map((t) => t.textContent ?? '')),
    );
    expect(figures).toHaveLength(cli.forest.length);
    cli.forest.forEach((forest, i) => {
      const texts = figures[i]!;
      const levels = [forest.overall, ...forest.variables.flatMap((v) => v.levels)];
      const arms = levels.flatMap((l) => l.arms);
      expect(new Set(arms.map((a) => a.label)).size).toBe(3); // veteran: three cell types vs squamous
      for (const arm of arms) {
        if (arm.hazardRatio === null || arm.lower === null || arm.upper === null) continue;
        expect(texts).toContain(formatHazardRatio(arm.hazardRatio, arm.lower, arm.upper));
      }
      // One HR cell per arm of every level: each arm's row is labelled with the arm.
      for (const label of new Set(arms.map((a) => a.label)))
        expect(texts.filter((t) => t === label).length).toBe(levels.length);
    });
  });

  test('a malformed CSV lists each problem with the row, column and value the CLI reports', async () => {
    const bad = malformedLung(work);
    await page.setInputFiles('#file', [
      { name: 'bad-lung.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.csv) },
      {
        name: 'lung-dictionary.json',
        mimeType: 'application/json',
        buffer: readFileSync(join(REPO, 'examples/lung/lung-dictionary.json')),
      },
      {
        name: 'lung-plan.yaml',
        mimeType: 'application/yaml',
        buffer: readFileSync(join(REPO, 'examples/lung/lung-plan.yaml')),
      },
    ]);
    await page.waitForSelector('[data-testid="import-errors"]');
    await shot(page, '05-malformed-csv');
    const rows = await page.$$eval('[data-testid="import-errors"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expectImportProblems(rows, bad);
  });

  test('a CSV without a dictionary gets a drafted one and is analysed', async () => {
    await page.setInputFiles('#file', [
      { name: 'lung.csv', mimeType: 'text/csv', buffer: readFileSync(join(REPO, 'examples/lung/lung.csv')) },
    ]);
    await page.waitForSelector('[data-testid="draft-notes"]');
    await page.waitForSelector(
      '[data-testid="km-OS"], [data-testid="analysis-error"], [data-testid="import-errors"]',
    );
    expect(await page.locator('#problems').innerText()).toBe('');
    await shot(page, '06-drafted-dictionary');
    expect(await page.textContent('[data-testid="draft-notes"]')).toContain('Endpoint guessed: time "time"');
  });

  test('an SPSS file with its dictionary is imported by the CLI’s .sav reader and analysed', async () => {
    const lung = (f: string) => join(REPO, 'examples/lung', f);
    await page.setInputFiles('#file', [
      lung('lung.sav'),
      lung('lung-sav-dictionary.json'),
      lung('lung-plan.yaml'),
    ]);
    await page.waitForSelector('[data-testid="km-OS"]');
    const run = spawnSync(
      process.execPath,
      [
        CLI,
        '--json',
        '--quiet',
        '--skip-validation',
        '--data',
        lung('lung.sav'),
        '--dictionary',
        lung('lung-sav-dictionary.json'),
        '--plan',
        lung('lung-plan.yaml'),
        '--out',
        join(work, 'sav.pdf'),
      ],
      { encoding: 'utf8', cwd: REPO },
    );
    expect(run.status, run.stderr).toBe(0);
    const cli = JSON.parse(run.stdout) as AnalysisResult;
    await expectTable1Counts(page, cli);
    expect(await logRankText(page, 'OS')).toContain(shownP(cli.survival[0]!.logRank!.pValue));
  });

  test('the survival curve reads time, survival, CI and number at risk by keyboard', async () => {
    await page.click('button[data-study="builtin"]');
    await page.waitForSelector('[data-testid="km-PFS"]');
    const cli = cliJson();
    const km = cli.survival[0]!;
    const holder = page.locator('[data-testid="km-PFS"] .km-holder');
    await holder.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    const tooltip = (await holder.locator('.tooltip').textContent()) ?? '';
    if (SHOTS !== undefined) await holder.screenshot({ path: join(SHOTS, '07-km-tooltip.png') });
    // Ten steps of xMax/50: t = xMax/5; the curve's value there is its last step at or before t.
    const t = km.xMax / 5;
    expect(tooltip).toContain(`t = ${t.toFixed(1)}`);
    for (const curve of km.curves) {
      let i = -1;
      while (i + 1 < curve.time.length && curve.time[i + 1]! <= t) i++;
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      const expected =
        i < 0
          ? 'S = 100.0%'
          : `S = ${pct(curve.survival[i]!)} (${pct(curve.lower[i]!)}–${pct(curve.upper[i]!)})`;
      expect(tooltip).toContain(`${curve.label}: ${expected}`);
      // At risk at t: those still followed (R's n.risk), between the numbers at the ticks around t.
      const atRisk = Number(tooltip.split(`${curve.label}: `)[1]?.match(/at risk (\d+)/)?.[1]);
      const k = km.xTicks.findIndex((x) => x > t);
      expect(atRisk).toBeLessThanOrEqual(curve.atRisk[k - 1]!);
      expect(atRisk).toBeGreaterThanOrEqual(curve.atRisk[k]!);
    }
  });

  test('at 200% zoom the page needs no sideways scrolling', async () => {
    const zoomed = await browser.newPage({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    await zoomed.goto(`${origin}/`);
    await zoomed.click('button[data-study="lung"]');
    await zoomed.waitForSelector('[data-testid="km-OS"]');
    await shot(zoomed, '08-zoom-200');
    const overflow = await zoomed.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await zoomed.close();
  });

  test('the built file opens from disk (file://) and analyses the built-in study', async () => {
    const local = await browser.newPage();
    const errors: string[] = [];
    local.on('pageerror', (e) => errors.push(e.message));
    await local.goto(`file://${join(DIST, 'index.html')}`);
    await local.click('button[data-study="builtin"]');
    await local.waitForSelector('[data-testid="table1"]');
    expect(errors).toEqual([]);
    await local.close();
  });

  test('no request left the page after it loaded', () => {
    const outside = afterLoad.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(outside).toEqual([]);
  });
});
