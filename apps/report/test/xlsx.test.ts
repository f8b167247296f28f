import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR, runCli, tempDir } from './helpers.js';

// lung.xlsx: survival::lung written by openxlsx (packages/cohort/test/r/write-xlsx-fixtures.R), with
// three columns the lung dictionary does not define (a date, a date serial, ECOG as text).
const XLSX = join(REPO_DIR, 'packages', 'cohort', 'test', 'fixtures', 'xlsx');
const LUNG = join(REPO_DIR, 'examples', 'lung');
const study = ['--dictionary', join(LUNG, 'lung-dictionary.json'), '--plan', join(LUNG, 'lung-plan.yaml')];

function report(data: string, dir: string, name: string, extra: string[] = []) {
  const out = join(dir, `${name}.pdf`);
  const run = runCli(
    ['--data', data, ...study, '--out', out, '--json', '--quiet', '--skip-validation', ...extra],
    dir,
  );
  return { run, out };
}

describe('the CLI reads an .xlsx workbook (--data file.xlsx, --sheet)', () => {
  it('the lung workbook gives the same report as examples/lung/lung.csv (invariant: same data)', () => {
    const dir = tempDir();
    const fromXlsx = report(join(XLSX, 'lung.xlsx'), dir, 'xlsx');
    const fromCsv = report(join(LUNG, 'lung.csv'), dir, 'csv');
    expect(fromXlsx.run.status).toBe(0);
    expect(fromCsv.run.status).toBe(0);
    expect(existsSync(fromXlsx.out)).toBe(true);
    const x = JSON.parse(fromXlsx.run.stdout) as Record<string, unknown>;
    const c = JSON.parse(fromCsv.run.stdout) as Record<string, unknown>;
    expect((x['source'] as { fileName: string }).fileName).toBe('lung.xlsx');
    // The workbook's three extra columns are named as ignored, with the sheet.
    const warnings = x['importWarnings'] as string[];
    expect(warnings).toHaveLength(3);
    ['K1', 'L1', 'M1'].forEach((cell, k) => {
      const name = ['entry', 'entry_serial', 'ecog_text'][k]!;
      expect(warnings[k]).toContain(
        `Sheet "lung", cell ${cell} (column "${name}"): column "${name}" is not in the dictionary`,
      );
    });
    for (const key of ['generatedAt', 'source', 'importWarnings']) {
      delete x[key];
      delete c[key];
    }
    expect(x).toEqual(c);
  });

  it('an unknown --sheet lists the sheets and writes nothing; --sheet on a CSV is refused', () => {
    const dir = tempDir();
    const bad = report(join(XLSX, 'lung.xlsx'), dir, 'bad', ['--sheet', 'Sheet1']);
    expect(bad.run.status).toBe(1);
    expect(bad.run.stderr).toContain(
      'lung.xlsx has no sheet "Sheet1"; expected a sheet name or number among its 2 sheets (1: "lung", 2: "first100")',
    );
    expect(existsSync(bad.out)).toBe(false);
    const csv = report(join(LUNG, 'lung.csv'), dir, 'csv', ['--sheet', '2']);
    expect(csv.run.status).toBe(1);
    expect(csv.run.stderr).toContain('--sheet is for .xlsx workbooks; lung.csv is read as CSV');
  });

  it('a bad cell is reported with sheet and cell, and nothing is written', () => {
    const dir = tempDir();
    const bad = report(join(XLSX, 'bad-value.xlsx'), dir, 'bad');
    expect(bad.run.status).toBe(1);
    expect(bad.run.stderr).toContain('Sheet "data", cell C9 (column "age"): "sixty" is not a number');
    expect(existsSync(bad.out)).toBe(false);
  });
});
