// The oracle for the browser tests (Chromium and Firefox): the built CLI's --json for the same data,
// dictionary and plan, and the CLI's text for the same malformed file. Browser-neutral: the tests read
// the page with their own driver and hand plain values here.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalysisResult } from '@survkit/report';
import { formatP } from '@survkit/report';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expect } from 'vitest';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(REPO, 'apps/report/dist/cli.js');

/** The CLI's JSON for the built-in data with an optional plan object; `work` is a scratch directory. */
export function cliJson(work: string, plan?: unknown): AnalysisResult {
  const args = [CLI, '--json', '--quiet', '--skip-validation', '--out', join(work, 'cli.pdf')];
  if (plan !== undefined) {
    writeFileSync(join(work, 'plan.json'), JSON.stringify(plan));
    args.push('--plan', join(work, 'plan.json'));
  }
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: REPO });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as AnalysisResult;
}

/** The CLI's JSON for one of `examples/<name>` (its CSV, dictionary and plan, as the page's example button loads them). */
export function exampleCliJson(work: string, name: string): AnalysisResult {
  const file = (suffix: string) => join(REPO, 'examples', name, `${name}${suffix}`);
  const args = [CLI, '--json', '--quiet', '--skip-validation', '--out', join(work, `${name}.pdf`)];
  args.push('--data', file('.csv'), '--dictionary', file('-dictionary.json'), '--plan', file('-plan.yaml'));
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: REPO });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as AnalysisResult;
}

/** A log-rank p as the page shows it: the report's formatP, with a space after < or >. */
export function shownP(pValue: number): string {
  return formatP(pValue).replace(/^([<>])/, '$1 ');
}

/**
 * Every level row of the CLI's Table 1 appears among the page's Table 1 rows (cell texts), in order,
 * with the same count per group. Returns how many counts were compared.
 */
export function expectTable1Counts(rows: readonly string[][], result: AnalysisResult): number {
  let at = 0;
  let checked = 0;
  for (const row of result.table1.rows) {
    if (row.kind !== 'categorical') continue;
    const start = rows.findIndex((r, i) => i >= at && r[0] === row.label);
    expect(start, `Table 1 row "${row.label}"`).toBeGreaterThanOrEqual(0);
    at = start + 1;
    for (const level of row.levels) {
      const i = rows.findIndex((r, k) => k >= at && r[0] === level.label);
      expect(i, `Table 1 level "${row.label}: ${level.label}"`).toBeGreaterThanOrEqual(0);
      level.counts.forEach((count, g) => {
        expect(rows[i]![1 + g], `${row.label}: ${level.label}, group ${g + 1}`).toMatch(
          new RegExp(`^${count}( \\(|$)`),
        );
        checked++;
      });
      at = i + 1;
    }
  }
  return checked;
}

const lung = (file: string) => join(REPO, 'examples/lung', file);

/**
 * The lung example with a non-number age in row 4 and an unknown sex code in row 7, written to
 * `work/bad-lung.csv`, with the problem lines the CLI prints for it (with the example's dictionary and plan).
 */
export function malformedLung(work: string): {
  csv: string;
  files: { csv: string; dictionary: string; plan: string };
  expectedCells: string[][];
  cliProblems: string[];
} {
  const lines = readFileSync(lung('lung.csv'), 'utf8').split('\n');
  lines[3] = lines[3]!.replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, '$1abc'); // age of the 3rd patient (row 4)
  lines[6] = lines[6]!.replace(/^([^,]*,[^,]*,[^,]*,[^,]*,)[^,]*/, '$19'); // sex of the 6th (row 7)
  const csv = lines.join('\n');
  const files = {
    csv: join(work, 'bad-lung.csv'),
    dictionary: lung('lung-dictionary.json'),
    plan: lung('lung-plan.yaml'),
  };
  writeFileSync(files.csv, csv);
  const cli = spawnSync(
    process.execPath,
    [
      CLI,
      '--quiet',
      '--skip-validation',
      '--data',
      files.csv,
      '--dictionary',
      files.dictionary,
      '--plan',
      files.plan,
      '--out',
      join(work, 'bad.pdf'),
    ],
    { encoding: 'utf8', cwd: REPO },
  );
  expect(cli.status).toBe(1);
  return {
    csv,
    files,
    expectedCells: [
      ['4', 'age', '"abc"'],
      ['7', 'sex', '"9"'],
    ],
    cliProblems: cli.stderr.split('\n').filter((l) => l.startsWith('  - ')),
  };
}

/** The page's import-problem rows (row, column, value, message) match the CLI's problem lines. */
export function expectImportProblems(rows: readonly string[][], bad: ReturnType<typeof malformedLung>): void {
  expect(rows.length).toBe(bad.cliProblems.length);
  expect(rows.map((r) => r.slice(0, 3))).toEqual(bad.expectedCells);
  rows.forEach((r, i) => {
    expect(bad.cliProblems[i]).toBe(`  - ${r[3]}`);
  });
}

/** A PDF's text, page after page, with runs of white space as one space (pdf.js, as a reader would copy it). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join('\n').replace(/\s+/g, ' ');
}
