import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { utils, write } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import {
  type Cohort,
  formatImportIssues,
  type ImportIssue,
  type ImportXlsxResult,
  importCohortCsv,
  importCohortXlsx,
  parseDictionary,
} from '../src/index.js';

// Fixtures and oracle CSVs: test/r/write-xlsx-fixtures.R (openxlsx writes the workbooks, write.csv the CSVs).
const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/xlsx/${name}`, import.meta.url)));

type VariableInput = { name: string; [key: string]: unknown };
const lungInput = JSON.parse(readFileSync(repo('examples/lung/lung-dictionary.json'), 'utf8')) as {
  variables: VariableInput[];
};
/** The lung dictionary plus the fixture's columns: a real date, a date serial, ECOG as text with "Unknown". */
const lungX = parseDictionary({
  ...lungInput,
  variables: [
    ...lungInput.variables,
    { name: 'entry', label: 'Entry', type: 'date', format: 'YYYY-MM-DD' },
    { name: 'entry_serial', label: 'Entry (serial)', type: 'date', format: 'DD.MM.YYYY' },
    {
      name: 'ecog_text',
      label: 'ECOG (text)',
      type: 'categorical',
      levels: ['ECOG 0', 'ECOG 1', 'ECOG 2', 'ECOG 3'],
      missing: ['Unknown'],
    },
  ],
});
/** The small bad workbooks hold time, status, age and sex only. */
const small = parseDictionary({
  ...lungInput,
  variables: lungInput.variables.filter((v) =>
    ['time', 'status', 'age', 'age_group', 'sex'].includes(v.name),
  ),
});

function okOf(result: ImportXlsxResult) {
  if (!result.ok) throw new Error(formatImportIssues(result.errors));
  return result;
}
function errorsOf(result: { ok: boolean; errors?: readonly ImportIssue[] }): readonly ImportIssue[] {
  if (result.ok || result.errors === undefined) throw new Error('expected the import to fail');
  return result.errors;
}

/** Everything a cohort holds, as plain data, so that two imports can be compared whole. */
function snapshot(cohort: Cohort) {
  return {
    n: cohort.n,
    rowNumbers: [...cohort.rowNumbers],
    flow: cohort.flow,
    variables: cohort.variables.map((v) => ({
      ...v,
      ...('codes' in v ? { codes: [...v.codes] } : {}),
      ...('values' in v ? { values: [...v.values] } : {}),
    })),
    endpoints: cohort.endpoints.map(({ name }) => {
      const e = cohort.endpoint(name);
      return { ...e, time: [...e.time], event: [...e.event] };
    }),
  };
}

function csvCohort(name: string, dictionary = lungX) {
  const result = importCohortCsv(fixture(name), dictionary, { fileName: name });
  if (!result.ok) throw new Error(formatImportIssues(result.errors));
  return result.cohort;
}

describe('importCohortXlsx: a workbook imports to the same cohort as the CSV of the same data', () => {
  it('survival::lung (numbers, a date cell, a date serial, text with a missing code) equals its comma CSV', () => {
    const xlsx = okOf(importCohortXlsx(fixture('lung.xlsx'), lungX, { fileName: 'lung.xlsx' }));
    expect(xlsx.sheet).toBe('lung');
    expect(xlsx.warnings).toEqual([]);
    expect(snapshot(xlsx.cohort)).toEqual(snapshot(csvCohort('lung-xlsx.csv')));
    expect(xlsx.cohort.n).toBe(228);
  });

  it('reads the date cells and the date serials as the dates R wrote (1990-01-01 + 3 days per row)', () => {
    const { cohort } = okOf(importCohortXlsx(fixture('lung.xlsx'), lungX));
    const entry = cohort.variable('entry');
    const serial = cohort.variable('entry_serial');
    if (!('values' in entry) || !('values' in serial)) throw new Error('dates are stored as values');
    const first = Date.UTC(1990, 0, 1) / 86_400_000;
    expect([...entry.values]).toEqual(Array.from({ length: 228 }, (_, i) => first + 3 * i));
    expect([...serial.values]).toEqual([...entry.values]);
    const ecog = cohort.variable('ecog_text');
    if (!('codes' in ecog)) throw new Error('categorical');
    // survival::lung has one patient with ph.ecog NA, written "Unknown".
    expect([...ecog.codes].filter((c) => c < 0)).toHaveLength(1);
  });

  it('--sheet: by name and by number, the second sheet equals the CSV of the first 100 patients', () => {
    const expected = snapshot(csvCohort('lung-first100.csv'));
    for (const sheet of ['first100', 2, '2'] as const) {
      const result = okOf(importCohortXlsx(fixture('lung.xlsx'), lungX, { sheet }));
      expect(result.sheet).toBe('first100');
      expect(snapshot(result.cohort)).toEqual(expected);
    }
  });

  it('accepts an ArrayBuffer (a browser File’s bytes)', () => {
    const bytes = fixture('lung.xlsx');
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(okOf(importCohortXlsx(buffer, lungX)).cohort.n).toBe(228);
  });
});

describe('importCohortXlsx: bad workbooks are refused with sheet, cell and value', () => {
  it('an unknown sheet lists the sheets', () => {
    const [e] = errorsOf(
      importCohortXlsx(fixture('lung.xlsx'), lungX, { fileName: 'lung.xlsx', sheet: 'Tabelle1' }),
    );
    expect(e!.message).toContain('lung.xlsx has no sheet "Tabelle1"');
    expect(e!.message).toContain('(1: "lung", 2: "first100")');
    expect(errorsOf(importCohortXlsx(fixture('lung.xlsx'), lungX, { sheet: 3 }))[0]!.message).toContain(
      'no sheet 3',
    );
  });

  it('an empty header cell above data', () => {
    const errors = errorsOf(importCohortXlsx(fixture('empty-header.xlsx'), small));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('Sheet "data", cell C1: the header cell is empty');
    expect(errors[0]!.message).toContain('C2 = "74"');
  });

  it('merged header cells', () => {
    const errors = errorsOf(importCohortXlsx(fixture('merged-header.xlsx'), small));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(
      'Sheet "data", cells C1:D1: the cells are merged (showing "age" from C1)',
    );
    expect(errors[0]!.value).toBe('age');
  });

  it('a formula without a stored result', () => {
    const errors = errorsOf(importCohortXlsx(fixture('formula.xlsx'), small));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('Sheet "data", cell C17: the cell holds the formula =40+30');
    expect(errors[0]!.value).toBe('=40+30');
  });

  it('a formula with a stored result is read as that result', () => {
    const sheet = utils.aoa_to_sheet([
      ['time', 'status', 'age', 'sex'],
      [306, 2, 74, 1],
      [455, 2, 68, 2],
    ]);
    sheet.C3 = { t: 'n', v: 68, f: '60+8' };
    const book = utils.book_new();
    utils.book_append_sheet(book, sheet, 'data');
    const bytes = new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const result = okOf(importCohortXlsx(bytes, small));
    const age = result.cohort.variable('age');
    if (!('values' in age)) throw new Error('continuous');
    expect([...age.values]).toEqual([74, 68]);
  });

  it('a bad value goes through the CSV validation and is located by its cell', () => {
    const errors = errorsOf(importCohortXlsx(fixture('bad-value.xlsx'), small, { fileName: 'bad.xlsx' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.row).toBe(9);
    expect(errors[0]!.column).toBe('age');
    expect(errors[0]!.value).toBe('sixty');
    expect(errors[0]!.message).toMatch(
      /^Sheet "data", cell C9 \(column "age"\): "sixty" is not a number; expected/,
    );
  });

  it('a missing required column is named with the sheet; a CSV or .xls file is not taken for a workbook', () => {
    const missing = errorsOf(importCohortXlsx(fixture('bad-value.xlsx'), lungX));
    expect(
      missing.some((e) => e.message.startsWith('Sheet "data", row 1, column "inst": the required column')),
    ).toBe(true);
    const csv = errorsOf(importCohortXlsx(fixture('lung-xlsx.csv'), lungX, { fileName: 'lung.csv' }));
    expect(csv[0]!.message).toContain('lung.csv is not an .xlsx workbook');
    const xls = errorsOf(
      importCohortXlsx(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), lungX, { fileName: 'a.xls' }),
    );
    expect(xls[0]!.message).toContain('a.xls is an old Excel 97–2003 (.xls) workbook');
  });
});
