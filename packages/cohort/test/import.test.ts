import { describe, expect, it } from 'vitest';
import {
  builtinDictionary,
  formatImportIssues,
  type ImportResult,
  importCohortCsv,
  loadBuiltinCohort,
} from '../src/index.js';
import { GOOD_ROWS, MINI_HEADER, mini, miniCsv } from './helpers.js';

function errorsOf(result: ImportResult) {
  if (result.ok) throw new Error('expected the import to fail');
  return result.errors;
}

function cohortOf(result: ImportResult) {
  if (!result.ok) throw new Error(formatImportIssues(result.errors));
  return result.cohort;
}

describe('importCohortCsv: well-formed files', () => {
  it('imports a valid file into typed columns, rows numbered as in the file', () => {
    const result = importCohortCsv(miniCsv(...GOOD_ROWS), mini);
    const cohort = cohortOf(result);
    expect(result.warnings).toEqual([]);
    expect(cohort.n).toBe(3);
    expect([...cohort.rowNumbers]).toEqual([2, 3, 4]);
    expect(cohort.ids).toEqual(['p1', 'p2', 'p3']);
    const sex = cohort.variable('sex');
    expect(sex.type).toBe('categorical');
    if (sex.type !== 'categorical') return;
    // "Female" is the label of level "f": cells may be written as value or label, any case.
    expect([...sex.codes]).toEqual([0, 1, 0]);
    expect(sex.levelLabels).toEqual(['Female', 'Male']);
    const bone = cohort.variable('bone');
    if (bone.type !== 'categorical') throw new Error('boolean is categorical');
    expect(bone.levels).toEqual(['no', 'yes']);
    expect(bone.reference).toBe('no');
    expect([...bone.codes]).toEqual([1, 0, 0]);
    const dx = cohort.variable('dx');
    // 2020-01-01 is day 18262 since 1970-01-01 (50 years, 12 of them leap: 50 * 365 + 12).
    expect(dx.type === 'date' && dx.values[0]).toBe(18262);
  });

  it('drops a byte-order mark (string or bytes) and reads the first column name correctly', () => {
    const text = `\uFEFF${miniCsv(...GOOD_ROWS)}`;
    expect(cohortOf(importCohortCsv(text, mini)).n).toBe(3);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(miniCsv(...GOOD_ROWS))]);
    expect(cohortOf(importCohortCsv(bytes, mini)).ids).toEqual(['p1', 'p2', 'p3']);
  });

  it('reads CRLF line ends like LF', () => {
    const lf = cohortOf(importCohortCsv(miniCsv(...GOOD_ROWS), mini));
    const crlf = cohortOf(importCohortCsv(miniCsv(...GOOD_ROWS).replace(/\n/g, '\r\n'), mini));
    expect([...crlf.endpoint('PFS').time]).toEqual([...lf.endpoint('PFS').time]);
    expect([...crlf.rowNumbers]).toEqual([2, 3, 4]);
  });

  it('keeps commas inside quoted values and counts a quoted line break as one row', () => {
    const dictionary = {
      ...mini,
      variables: mini.variables.map((v) =>
        v.name === 'sex' && v.type === 'categorical'
          ? { ...v, levels: [...v.levels, { value: 'other, unspecified', label: 'Other, unspecified' }] }
          : v,
      ),
    };
    const text = miniCsv(
      'p1,50,"other, unspecified",yes,2020-01-01,,,2021-01-01',
      '"p2",61,"m",no,2020-03-15,,,2021-03-15',
      '"p3\nsecond line",61,"m",no,2020-03-15,,,2021-03-15',
      'p4,61,"m",no,2020-03-15,,,2021-03-15',
    );
    const cohort = cohortOf(importCohortCsv(text, dictionary));
    const sex = cohort.variable('sex');
    expect(sex.type === 'categorical' && [...sex.codes]).toEqual([2, 1, 1, 1]);
    expect(cohort.ids).toEqual(['p1', 'p2', 'p3\nsecond line', 'p4']);
    expect([...cohort.rowNumbers]).toEqual([2, 3, 4, 5]);
  });

  it('skips blank lines with a warning and keeps file row numbers', () => {
    const result = importCohortCsv(`${MINI_HEADER}\n${GOOD_ROWS[0]}\n\n${GOOD_ROWS[1]}\n`, mini);
    expect([...cohortOf(result).rowNumbers]).toEqual([2, 4]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      '1 blank row was skipped; expected one row per patient.',
    ]);
  });

  it('warns about an unknown column and ignores it', () => {
    const text = [`${MINI_HEADER},comment`, ...GOOD_ROWS.map((r) => `${r},x`)].join('\n');
    const result = importCohortCsv(text, mini);
    expect(cohortOf(result).n).toBe(3);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ row: 1, column: 'comment', value: 'comment' });
    expect(result.warnings[0]!.message).toBe(
      'Row 1, column "comment": column "comment" is not in the dictionary and is ignored; expected only the columns the dictionary defines.',
    );
  });

  it('accepts an optional column being absent (all values missing)', () => {
    const cohort = cohortOf(importCohortCsv(miniCsv(...GOOD_ROWS), mini));
    const note = cohort.variable('note');
    expect(note.type === 'categorical' && [...note.codes]).toEqual([-1, -1, -1]);
  });
});

describe('importCohortCsv: malformed files give every problem with row, column, value and expectation', () => {
  it('an empty file (or only a BOM and blank lines) is one error', () => {
    for (const text of ['', '\uFEFF', '\n\n', '  \r\n']) {
      const errors = errorsOf(importCohortCsv(text, mini, { fileName: 'empty.csv' }));
      expect(errors).toEqual([
        {
          row: null,
          column: null,
          value: null,
          expected: 'a header row naming the columns, then one row per patient',
          message: 'empty.csv is empty; expected a header row naming the columns, then one row per patient.',
        },
      ]);
    }
  });

  it('a header without patients is an error', () => {
    const errors = errorsOf(importCohortCsv(`${MINI_HEADER}\n`, mini, { fileName: 'h.csv' }));
    expect(errors.map((e) => e.message)).toEqual([
      'h.csv has a header but no patients; expected one row per patient after the header.',
    ]);
  });

  it('a wrong header reports each missing required column and suggests the near miss', () => {
    const text = miniCsv(...GOOD_ROWS).replace('id,age,sex', 'id,Age,gender');
    const result = importCohortCsv(text, mini);
    const errors = errorsOf(result);
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [1, 'age', null],
      [1, 'sex', null],
    ]);
    expect(errors[0]!.message).toMatch(
      /^Row 1, column "age": the required column "age" \(Age\) is missing \(the file has "Age"/,
    );
    expect(result.warnings.map((w) => w.column)).toEqual(['Age', 'gender']);
  });

  it('a missing required column is an error even when the rest is fine', () => {
    const text = miniCsv(...GOOD_ROWS.map((r) => r.split(',').slice(0, 7).join(','))).replace(',fu', '');
    const errors = errorsOf(importCohortCsv(text, mini));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 1, column: 'fu', value: null });
  });

  it('a non-date in a date column names row, column, value and the format', () => {
    const errors = errorsOf(
      importCohortCsv(
        miniCsv(GOOD_ROWS[0]!, 'p2,61,m,no,15/03/2020,,,2021-03-15', 'p3,45,f,no,2019-02-29,,,2020-06-01'),
        mini,
      ),
    );
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [3, 'dx', '15/03/2020'],
      [4, 'dx', '2019-02-29'],
    ]);
    expect(errors[0]!.message).toBe(
      'Row 3, column "dx": "15/03/2020" is not a valid date; expected a date written YYYY-MM-DD or a missing value ("", "NA").',
    );
  });

  it('an unknown category level lists the levels', () => {
    const errors = errorsOf(
      importCohortCsv(miniCsv(GOOD_ROWS[0]!, 'p2,61,x,maybe,2020-03-15,,,2021-03-15'), mini),
    );
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [3, 'sex', 'x'],
      [3, 'bone', 'maybe'],
    ]);
    expect(errors[0]!.message).toBe(
      'Row 3, column "sex": "x" is not a level of Sex (levels: f, m); expected one of "f", "m" (or the labels "Female", "Male") or a missing value ("", "NA").',
    );
  });

  it('numbers: not a number, out of range', () => {
    const errors = errorsOf(
      importCohortCsv(
        miniCsv('p1,fifty,f,yes,2020-01-01,,,2021-01-01', 'p2,130,m,no,2020-01-01,,,2021-01-01'),
        mini,
      ),
    );
    expect(errors.map((e) => e.message)).toEqual([
      'Row 2, column "age": "fifty" is not a number; expected a number (years) between 0 and 120 or a missing value ("", "NA").',
      'Row 3, column "age": "130" is out of range; expected a number (years) between 0 and 120 or a missing value ("", "NA").',
    ]);
  });

  it('a row with the wrong number of values (an unquoted comma) is an error for that row', () => {
    const errors = errorsOf(
      importCohortCsv(miniCsv(GOOD_ROWS[0]!, 'p2,61,m,no,2020-03-15,,,2021-03-15,extra'), mini),
    );
    expect(errors.map((e) => [e.row, e.message])).toEqual([
      [
        3,
        'Row 3: the row has 9 values but the header has 8 columns; expected 8 comma-separated values (quote values that contain commas).',
      ],
    ]);
  });

  it('an unclosed quote is reported as invalid CSV', () => {
    const errors = errorsOf(
      importCohortCsv(miniCsv(GOOD_ROWS[0]!, 'p2,"61,m,no,2020-03-15,,,2021-03-15'), mini, {
        fileName: 'q.csv',
      }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/q\.csv is not valid CSV \(Quote Not Closed/);
  });

  it('bytes that are not UTF-8 are an error when UTF-8 is forced (else they are read as Latin-1)', () => {
    const errors = errorsOf(
      importCohortCsv(new Uint8Array([0x69, 0x64, 0x0a, 0xff, 0xfe, 0x0a]), mini, {
        fileName: 'b.csv',
        encoding: 'utf8',
      }),
    );
    expect(errors[0]!.message).toBe(
      'Row 2: b.csv is not UTF-8 text (byte 0xff at offset 3); expected a CSV file saved as UTF-8 (or the encoding latin1: --encoding latin1).',
    );
  });

  it('a binary file (NUL bytes, or mostly control bytes) is "not a CSV text file", not missing columns', () => {
    const cases: [string, Uint8Array][] = [
      ['NUL bytes', new Uint8Array(4096)],
      ['a header then NULs', Uint8Array.from([...new TextEncoder().encode('id,age\n'), 0, 0, 0, 0x0a])],
      ['control bytes (valid UTF-8)', Uint8Array.from({ length: 600 }, (_, i) => (i % 7) + 1)],
      ['a PNG signature', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ];
    for (const [what, bytes] of cases) {
      const errors = errorsOf(importCohortCsv(bytes, mini, { fileName: 'x.csv' }));
      expect(
        errors.map((e) => e.message),
        what,
      ).toEqual([
        'x.csv is not a CSV text file (it contains binary data); expected a text file of comma-separated values saved as UTF-8.',
      ]);
    }
    // Text that merely contains a tab or a form feed is still read as text.
    expect(importCohortCsv(miniCsv(...GOOD_ROWS).replace('p1', 'p1\f'), mini).ok).toBe(true);
  });

  it('a quoted file, or one of mixed line ends, longer than the longest string is refused before decoding, saying why', () => {
    // Only a plain file (no double quote, one kind of line end) is read in chunks; csv-parse needs
    // any other as one string, at most 2^29 - 24 characters. 512 MiB of which only the start is
    // written (the rest stays untouched zero pages).
    const bytes = new Uint8Array(0x1fffffe8 + 1);
    // Rows 5–251 fill more than the 8000 bytes the binary check reads; row 252 is quoted.
    const more = Array.from({ length: 247 }, (_, k) => `p${k + 4},50,f,yes,2020-01-01,,,2021-01-01`);
    const quoted = new TextEncoder().encode(
      miniCsv(...GOOD_ROWS, ...more, '"q",50,f,yes,2020-01-01,,,2021-01-01'),
    );
    bytes.set(quoted);
    const errors = errorsOf(importCohortCsv(bytes, mini, { fileName: 'big.csv' }));
    expect(errors.map((e) => [e.row, e.message])).toEqual([
      [
        null,
        "big.csv is too large to read (512 MiB): it has double quotes (the first in row 252), and such a file is read as one text, which can be at most 512 MiB in a JavaScript engine such as Node's; expected a file without double quotes, which is read in pieces at any size (export it unquoted, with no delimiter or line break inside a value), or a file of at most 512 MiB (split the cohort).",
      ],
    ]);
    bytes.fill(0, 0, quoted.length);
    bytes.set(new TextEncoder().encode(miniCsv(...GOOD_ROWS, ...more).replace('\np2', '\r\np2')));
    const mixed = errorsOf(importCohortCsv(bytes, mini, { fileName: 'big.csv', encoding: 'latin1' }));
    expect(mixed.map((e) => e.message)).toEqual([
      "big.csv is too large to read (512 MiB): its rows do not all end alike (all in LF, or all in CR LF): row 2 ends otherwise than row 1, and such a file is read as one text, which can be at most 512 MiB in a JavaScript engine such as Node's; expected one kind of line end (save it again as CSV), or a file of at most 512 MiB (split the cohort).",
    ]);
  });

  it('date-order errors: progression before diagnosis, death before progression, follow-up before an event', () => {
    const errors = errorsOf(
      importCohortCsv(
        miniCsv(
          'p1,50,f,yes,2020-01-01,2019-12-01,,2021-01-01',
          'p2,61,m,no,2020-03-15,2020-09-01,2020-08-01,2020-08-01',
          'p3,45,f,no,2019-06-01,2020-01-01,,2019-12-01',
          'p4,45,f,no,2019-06-01,,2020-01-01,2019-12-31',
        ),
        mini,
      ),
    );
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'prog', '2019-12-01'],
      [3, 'death', '2020-08-01'],
      [3, 'fu', '2020-08-01'],
      [4, 'fu', '2019-12-01'],
      [5, 'fu', '2019-12-31'],
    ]);
    expect(errors[0]!.message).toBe(
      'Row 2, column "prog": progression before diagnosis: prog 2019-12-01 is earlier than dx 2020-01-01; expected prog on or after dx.',
    );
    expect(errors[1]!.message).toMatch(/^Row 3, column "death": death before progression/);
    expect(errors[4]!.message).toMatch(/^Row 5, column "fu": last follow-up before death/);
  });

  it('a patient with neither an event date nor a follow-up date is left out of the endpoint (R: na.omit); nobody left is an error', () => {
    const result = importCohortCsv(miniCsv(...GOOD_ROWS, 'p4,50,f,yes,2020-01-01,,,'), mini);
    if (!result.ok) throw new Error(formatImportIssues(result.errors));
    for (const name of ['PFS', 'OS']) {
      const ep = result.cohort.endpoint(name);
      expect([name, [...ep.missing], ep.time[3], ep.event[3]]).toEqual([name, [3], Number.NaN, 0]);
      expect(ep.time.slice(0, 3).every((t) => t >= 0)).toBe(true);
    }
    const errors = errorsOf(importCohortCsv(miniCsv('p1,50,f,yes,2020-01-01,,,'), mini));
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(errors[0]!.message).toBe(
      'every analysed patient (1) has no known PFS time or status, so PFS cannot be analysed (rows 2); expected a dx date and a prog or death or fu date for at least one patient.',
    );
  });

  it('a value that may not be missing, and a repeated or empty patient id', () => {
    const errors = errorsOf(
      importCohortCsv(
        miniCsv(
          'p1,50,f,yes,NA,,,2021-01-01',
          'p1,50,f,yes,2020-01-01,,,2021-01-01',
          ',50,f,yes,2020-01-01,,,2021-01-01',
        ),
        mini,
      ),
    );
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'id'],
      [4, 'id'],
    ]);
    expect(errors[0]!.message).toBe(
      'Row 3, column "id": patient id "p1" repeats row 2; expected a unique id per row.',
    );
    const missing = errorsOf(importCohortCsv(miniCsv('p1,50,f,yes,NA,,,2021-01-01'), mini));
    expect(missing.find((e) => e.column === 'dx')!.message).toBe(
      'Row 2, column "dx": Diagnosis is missing; expected a value (Diagnosis may not be missing for an analysed patient).',
    );
  });

  it('never half-succeeds: one bad cell among good rows fails the whole import and all problems are listed', () => {
    const rows = [...GOOD_ROWS, 'p4,abc,f,yes,2020-01-01,,,2021-01-01', 'p5,40,q,yes,2020-01-01,,,nope'];
    const result = importCohortCsv(miniCsv(...rows), mini);
    expect(result.ok).toBe(false);
    expect('cohort' in result).toBe(false);
    expect(errorsOf(result).map((e) => [e.row, e.column])).toEqual([
      [5, 'age'],
      [6, 'sex'],
      [6, 'fu'],
    ]);
  });

  it('formatImportIssues lists problems in row order and cuts long lists', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `p${i},x,f,yes,2020-01-01,,,2021-01-01`);
    const errors = errorsOf(importCohortCsv(miniCsv(...rows), mini));
    const text = formatImportIssues(errors, 'big.csv');
    const lines = text.split('\n');
    expect(lines[0]).toBe('big.csv: 60 problems');
    expect(lines[1]).toMatch(/^ {2}- Row 2, column "age"/);
    expect(lines).toHaveLength(52);
    expect(lines[51]).toBe('  ... and 10 more problems');
  });
});

describe('importCohortCsv: a 2 MB file', () => {
  // The built-in CSV repeated with fresh ids until it passes 2 MB (about 11 000 rows).
  const { csvText } = loadBuiltinCohort();
  const [header, ...body] = csvText.trimEnd().split('\n');
  const lines = [header!];
  let size = 0;
  let copies = 0;
  for (; size <= 2 * 1024 * 1024; copies++) {
    for (const line of body) {
      lines.push(line.replace(/^SYN-/, `C${copies}-`));
      size += line.length + 2;
    }
  }
  const big = `${lines.join('\r\n')}\r\n`;

  it('imports a 2 MB file whole, with the eligibility flow scaled by the number of copies', () => {
    // Speed is measured by the report's benchmark (apps/report/bench), not asserted here: a
    // wall-clock bound fails on a loaded machine and proves nothing on an idle one.
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    const cohort = cohortOf(importCohortCsv(big, builtinDictionary));
    expect(cohort.n).toBe(96 * copies);
    expect(cohort.flow.screened).toBe(body.length * copies);
  });

  it('reports every bad cell of a large file, not just the first', () => {
    const broken = big.replace(/,ductal,/g, ',ductile,');
    const errors = errorsOf(importCohortCsv(broken, builtinDictionary));
    const expected = (big.match(/,ductal,/g) ?? []).length;
    expect(expected).toBeGreaterThan(10_000);
    expect(errors).toHaveLength(expected);
    expect(errors.every((e) => e.column === 'pathological_type' && e.value === 'ductile')).toBe(true);
  });
});
