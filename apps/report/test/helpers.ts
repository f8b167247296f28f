import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltinCohort } from '@survkit/cohort';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expect } from 'vitest';
import type { KmCurve } from '../src/analysis/types.js';
import { type RunOptions, runReport } from '../src/run.js';

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(APP_DIR, '..', '..');
export const CLI = join(APP_DIR, 'dist', 'cli.js');

export function tempDir(prefix = 'survkit-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The built-in cohort's CSV with the chosen patients made event-free: no progression, no death,
 * and follow-up ending at their last recorded date, so their follow-up time is unchanged.
 * `changed` counts the patients edited, so a test can check its edit took hold.
 */
export function builtinCsvWithoutEvents(chosen: (cell: (column: string) => string) => boolean): {
  readonly csv: string;
  readonly changed: number;
} {
  const lines = readFileSync(loadBuiltinCohort().csvPath, 'utf8').trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const col = (name: string) => header.indexOf(name);
  let changed = 0;
  const edited = lines.map((line, i) => {
    const c = line.split(',');
    if (i === 0 || !chosen((name) => c[col(name)] ?? '')) return line;
    const last = [c[col('date_progression')], c[col('date_death')], c[col('date_last_followup')]]
      .filter((d) => d)
      .sort()
      .at(-1)!;
    c[col('date_progression')] = '';
    c[col('date_death')] = '';
    c[col('date_last_followup')] = last;
    changed++;
    return c.join(',');
  });
  return { csv: `${edited.join('\n')}\n`, changed };
}

/** Our number against R's at relative 1e-6; R's NA (null) must be our null. */
export function near(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual ?? null, `${what}: R gives NA`).toBeNull();
    return;
  }
  expect(actual, what).toBeTypeOf('number');
  const err = Math.abs(actual! - expected);
  expect(err, `${what}: ours ${actual}, R ${expected}`).toBeLessThanOrEqual(1e-6 * Math.abs(expected));
}

type Nullable = number | null;
/** R's survfit numbers for one curve, as the R scripts of these tests write them. */
export interface RCurveNumbers {
  readonly events: number;
  readonly median: Nullable;
  readonly lower: Nullable;
  readonly upper: Nullable;
  readonly landmarks: readonly {
    readonly time: number;
    readonly survival: Nullable;
    readonly lower: Nullable;
    readonly upper: Nullable;
  }[];
}

/** One Kaplan–Meier curve against R: events exactly; median, its CI and landmark survival at 1e-6. */
export function compareCurveWithR(c: KmCurve, rc: RCurveNumbers, w: string): void {
  expect(c.events, `${w} events`).toBe(rc.events);
  near(c.median.estimate, rc.median, `${w} median`);
  near(c.median.lower, rc.lower, `${w} median lower`);
  near(c.median.upper, rc.upper, `${w} median upper`);
  expect(c.landmarks.map((l) => l.time)).toEqual(rc.landmarks.map((l) => l.time));
  rc.landmarks.forEach((rl, k) => {
    const l = c.landmarks[k]!;
    near(l.survival, rl.survival, `${w} S(${rl.time})`);
    near(l.lower, rl.lower, `${w} S(${rl.time}) lower`);
    near(l.upper, rl.upper, `${w} S(${rl.time}) upper`);
  });
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would (a separate process, so exit codes are real). */
export function runCli(args: readonly string[], cwd = REPO_DIR): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: cwd },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The text of every page, one string per page, items joined by single spaces. */
export async function pdfText(path: string): Promise<string[]> {
  const data = new Uint8Array(readFileSync(path));
  const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .filter((s) => s.trim() !== '')
        .join(' '),
    );
  }
  await doc.destroy();
  return pages;
}

/** Runs the report pipeline in this process (faster than a CLI process), capturing its output. */
export async function runInProcess(
  options: Partial<RunOptions> & { out: string; cwd: string },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await runReport({
    paper: 'a4',
    json: false,
    quiet: true,
    validation: false,
    ...options,
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
  });
  return { status, stdout, stderr };
}

export interface PdfItem {
  readonly str: string;
  /** Horizontal centre of the item on the page, in PDF points. */
  readonly cx: number;
  readonly y: number;
}

/** The text items of each page with their positions, in drawing order. */
export async function pdfItems(path: string): Promise<PdfItem[][]> {
  const data = new Uint8Array(readFileSync(path));
  const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PdfItem[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items.flatMap((item) =>
        'str' in item && item.str.trim() !== ''
          ? [
              {
                str: item.str,
                cx: (item.transform[4] as number) + item.width / 2,
                y: item.transform[5] as number,
              },
            ]
          : [],
      ),
    );
  }
  await doc.destroy();
  return pages;
}
