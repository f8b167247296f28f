// The built page opened from disk (file://) in Debian's headless Firefox ESR, driven over WebDriver
// BiDi (test/firefox.ts). The oracle is the Chromium test's: the CLI's --json for the same inputs and
// the CLI's text for the same malformed file (test/oracle.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_PLAN, formatP } from '@survkit/report';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIREFOX, type Firefox, firefoxSkipReason, launchFirefox } from './firefox.ts';
import { DIST } from './harness.ts';
import {
  cliJson,
  expectImportProblems,
  expectTable1Counts,
  malformedLung,
  pdfText,
  REPO,
  shownP,
} from './oracle.ts';

const SHOTS = process.env.SURVKIT_WEB_SCREENSHOTS;
const PAGE = pathToFileURL(join(DIST, 'index.html')).href;
const work = mkdtempSync(join(tmpdir(), 'survkit-web-firefox-'));
const reason = firefoxSkipReason();
if (reason !== null) console.warn(`apps/web Firefox test skipped: ${reason}`);

describe.skipIf(reason !== null)('the built page from file:// in headless Firefox (WebDriver BiDi)', () => {
  let firefox: Firefox;
  const requests: string[] = [];
  const errors: string[] = [];

  async function shot(name: string): Promise<void> {
    if (SHOTS === undefined) return;
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, `firefox-${name}.png`), await firefox.screenshot());
  }

  beforeAll(async () => {
    firefox = await launchFirefox();
    console.info(`apps/web Firefox test: ${FIREFOX} ${firefox.version}`);
    firefox.on('network.beforeRequestSent', (p) => requests.push((p.request as { url: string }).url));
    firefox.on('log.entryAdded', (p) => {
      if (p.level === 'error') errors.push(`${p.type}: ${p.text}`);
    });
    await firefox.send('session.subscribe', { events: ['network.beforeRequestSent', 'log.entryAdded'] });
    await firefox.send('browsingContext.setViewport', {
      context: firefox.context,
      viewport: { width: 1280, height: 900 },
    });
    await firefox.send('browsingContext.navigate', { context: firefox.context, url: PAGE, wait: 'complete' });
    await shot('01-start');
  });

  afterAll(async () => {
    await firefox?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('the page states its policy: no connection of any kind', async () => {
    expect(await firefox.evaluate(() => document.querySelector('#privacy')?.textContent)).toContain(
      'never leave this computer',
    );
    const csp = await firefox.evaluate(() =>
      document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    );
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("default-src 'none'");
  });

  test('built-in study: Table 1 counts and log-rank p equal the CLI’s JSON', async () => {
    const cli = cliJson(work);
    await firefox.evaluate(() =>
      (document.querySelector('button[data-study="builtin"]') as HTMLElement).click(),
    );
    await firefox.waitFor('Table 1', () => document.querySelector('[data-testid="table1"]') !== null);
    await shot('02-builtin-study');
    const header = await firefox.evaluate(() =>
      [...document.querySelectorAll('[data-testid="table1"] thead th')].map((c) => c.textContent ?? ''),
    );
    for (const n of cli.table1.groupN) expect(header.join(' ')).toContain(`${n}`);
    const rows = await firefox.evaluate(() =>
      [...document.querySelectorAll('[data-testid="table1"] tbody tr')].map((r) =>
        [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim()),
      ),
    );
    expect(expectTable1Counts(rows, cli)).toBeGreaterThan(50);
    for (const km of cli.survival) {
      expect(km.logRank).not.toBeNull();
      const shown = await firefox.evaluate(
        (id: string) => document.querySelector(`[data-testid="logrank-${id}"]`)?.textContent,
        km.abbreviation,
      );
      expect(shown).toContain(shownP(km.logRank!.pValue));
    }
  });

  test('the PDF report downloads to disk and its text carries the analysis', async () => {
    await firefox.evaluate(() => (document.querySelector('#save-pdf') as HTMLElement).click());
    await firefox.waitFor('the saved status', () =>
      document.querySelector('#status')?.textContent?.startsWith('Saved '),
    );
    const status = await firefox.evaluate(() => document.querySelector('#status')?.textContent ?? '');
    // Firefox writes the download under its own name and renames it when complete.
    const path = join(firefox.downloadDir, status.replace(/^Saved (.*)\.$/, '$1'));
    const until = Date.now() + 30_000;
    while (!existsSync(path)) {
      if (Date.now() > until) throw new Error(`firefox: no download at ${path}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await shot('03-pdf-saved');
    const bytes = new Uint8Array(readFileSync(path));
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const text = await pdfText(bytes);
    const cli = cliJson(work);
    expect(text).toContain(BUILTIN_PLAN.title);
    expect(text).toContain(cli.source.sha256);
    expect(text).toContain(formatP(cli.survival[0]!.logRank!.pValue));
  });

  test('a malformed CSV lists each problem with the row, column and value the CLI reports', async () => {
    const bad = malformedLung(work);
    await firefox.send('input.setFiles', {
      context: firefox.context,
      element: await firefox.element('#file'),
      files: [bad.files.csv, bad.files.dictionary, bad.files.plan],
    });
    await firefox.waitFor('the import problems', () =>
      document.querySelector('[data-testid="import-errors"]'),
    );
    await shot('04-malformed-csv');
    const rows = await firefox.evaluate(() =>
      [...document.querySelectorAll('[data-testid="import-errors"] tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      ),
    );
    expectImportProblems(rows, bad);
  });

  test('at 200% zoom the page needs no sideways scrolling', async () => {
    // 640 × 450 CSS pixels at 2 device pixels each: a 1280 × 900 window zoomed to 200%.
    const viewport = (width: number, height: number, devicePixelRatio: number) =>
      firefox.send('browsingContext.setViewport', {
        context: firefox.context,
        viewport: { width, height },
        devicePixelRatio,
      });
    await viewport(640, 450, 2);
    try {
      await firefox.evaluate(() =>
        (document.querySelector('button[data-study="lung"]') as HTMLElement).click(),
      );
      await firefox.waitFor('the lung study', () => document.querySelector('[data-testid="km-OS"]'));
      await shot('05-zoom-200');
      const overflow = await firefox.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await viewport(1280, 900, 1);
    }
  });

  test('no request left the page and nothing went wrong on it', () => {
    // BiDi reports the page's http(s) and data: requests (the icon link `data:,` shows it is listening);
    // Firefox reports no events for file: and blob: loads.
    expect(requests).toContain('data:,');
    expect(requests.filter((url) => !/^(file|blob|data):/.test(url))).toEqual([]);
    // zod 4 probes whether it may compile validators with `Function('')` (in a try block, falling back
    // to its interpreter); the policy refuses, as it should, and Firefox logs the refusal.
    const zodProbe = /blocked a JavaScript eval \(script-src\)/;
    expect(errors.filter((e) => !zodProbe.test(e))).toEqual([]);
  });

  test('the policy is enforced: fetch, beacon, WebSocket and image requests reach no server', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const outcomes = await firefox.evaluate(
        async (origin: string, otherFile: string) => {
          const outcome = (attempt: Promise<unknown>) =>
            attempt.then(
              (value) => (value === false ? 'refused' : 'sent'),
              () => 'refused',
            );
          return {
            fetch: await outcome(fetch(`http://${origin}/fetch`)),
            beacon: await outcome(Promise.resolve(navigator.sendBeacon(`http://${origin}/beacon`, 'x'))),
            webSocket: await outcome(
              new Promise((resolve, reject) => {
                const socket = new WebSocket(`ws://${origin}/socket`);
                socket.onopen = resolve;
                socket.onerror = reject;
              }),
            ),
            image: await outcome(
              new Promise((resolve, reject) => {
                const image = new Image();
                image.onload = resolve;
                image.onerror = reject;
                image.src = `http://${origin}/image`;
              }),
            ),
            otherLocalFile: await outcome(fetch(otherFile)),
          };
        },
        origin,
        pathToFileURL(join(REPO, 'package.json')).href,
      );
      expect(outcomes).toEqual({
        fetch: 'refused',
        beacon: 'refused',
        webSocket: 'refused',
        image: 'refused',
        otherLocalFile: 'refused',
      });
      await new Promise((resolve) => setTimeout(resolve, 500)); // a beacon is sent after the call returns
      expect(hits).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
