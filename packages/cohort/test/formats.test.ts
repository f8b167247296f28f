import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanUtf8 } from '../src/import/csv/encoding.js';
import {
  builtinDictionary,
  type Cohort,
  formatImportIssues,
  type ImportOptions,
  type ImportResult,
  importCohortCsv,
  loadBuiltinCohort,
  loadDictionaryFile,
  parseDictionary,
} from '../src/index.js';
import { GOOD_ROWS, mini, miniCsv } from './helpers.js';

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const fixture = (name: string) => readFileSync(new URL(`./fixtures/formats/${name}`, import.meta.url));

/** Oracle: R's facts about the fixtures (test/r/write-format-fixtures.R). */
const r = JSON.parse(fixture('lung-formats-r.json').toString('utf8')) as {
  n: number;
  mean_wt_loss_kg: number;
  n_feminin: number;
};

function okOf(result: ImportResult) {
  if (!result.ok) throw new Error(formatImportIssues(result.errors));
  return result;
}

function errorsOf(result: ImportResult) {
  if (result.ok) throw new Error('expected the import to fail');
  return result.errors;
}

/** Everything a cohort holds, as plain data, so that two imports can be compared whole. */
function snapshot(cohort: Cohort) {
  return {
    n: cohort.n,
    rowNumbers: [...cohort.rowNumbers],
    ids: cohort.ids,
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

/** The lung dictionary with the fixtures' changes: sex labelled in French, weight loss in kg. */
const lungInput = JSON.parse(readFileSync(repo('examples/lung/lung-dictionary.json'), 'utf8')) as {
  variables: { name: string; unit?: string; levels?: unknown }[];
};
const lungFr = parseDictionary(
  {
    ...lungInput,
    variables: lungInput.variables.map((v) =>
      v.name === 'sex'
        ? {
            ...v,
            levels: [
              { value: '1', label: 'Masculin' },
              { value: '2', label: 'Féminin' },
            ],
          }
        : v.name === 'wt.loss'
          ? { ...v, unit: 'kg' }
          : v,
    ),
  },
  'lung-fr',
);

describe('CSV formats: each file of the same data imports to the same cohort as the comma-separated UTF-8 file', () => {
  const oracle = okOf(importCohortCsv(fixture('lung-comma.csv'), lungFr, { fileName: 'lung-comma.csv' }));

  it('the comma file itself matches R (n, mean weight loss in kg to 1e-12, Féminin count)', () => {
    expect(oracle.format).toEqual({ encoding: 'utf8', delimiter: ',', decimalComma: false });
    expect(oracle.warnings).toEqual([]);
    expect(oracle.cohort.n).toBe(r.n);
    const wt = oracle.cohort.variable('wt.loss');
    if (wt.type !== 'continuous') throw new Error('wt.loss is continuous');
    const present = [...wt.values].filter((x) => !Number.isNaN(x));
    const mean = present.reduce((a, b) => a + b, 0) / present.length;
    expect(Math.abs(mean - r.mean_wt_loss_kg)).toBeLessThan(1e-12 * Math.abs(r.mean_wt_loss_kg));
    const sex = oracle.cohort.variable('sex');
    expect(sex.type === 'categorical' && [...sex.codes].filter((c) => c === 1).length).toBe(r.n_feminin);
  });

  const cases: [string, string, ImportOptions, object][] = [
    [
      'semicolons with decimal commas (R write.csv2)',
      'lung-csv2.csv',
      {},
      { delimiter: ';', decimalComma: true },
    ],
    ['tabs, unquoted', 'lung-tab.tsv', {}, { delimiter: '\t', decimalComma: false }],
    ['Latin-1, semicolons, decimal commas (detected)', 'lung-latin1.csv', {}, { encoding: 'latin1' }],
    ['Latin-1 given as an option', 'lung-latin1.csv', { encoding: 'latin1' }, { encoding: 'latin1' }],
    [
      'CRLF line ends and a UTF-8 byte-order mark',
      'lung-crlf-bom.csv',
      {},
      { encoding: 'utf8', delimiter: ',' },
    ],
    ['semicolons given as an option', 'lung-csv2.csv', { delimiter: ';' }, { decimalComma: true }],
  ];
  for (const [what, file, options, format] of cases) {
    it(what, () => {
      const result = okOf(importCohortCsv(fixture(file), lungFr, { fileName: file, ...options }));
      expect(result.format).toMatchObject(format);
      expect(snapshot(result.cohort)).toEqual(snapshot(oracle.cohort));
    });
  }

  it('a detected Latin-1 file says so in one warning naming the first row that is not UTF-8', () => {
    const { warnings } = okOf(importCohortCsv(fixture('lung-latin1.csv'), lungFr, { fileName: 'l.csv' }));
    const bytes = fixture('lung-latin1.csv');
    const row = bytes.subarray(0, bytes.indexOf(0xe9)).filter((b) => b === 0x0a).length + 1;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.row).toBe(row);
    expect(warnings[0]!.message).toMatch(
      /^Row \d+: l\.csv is not UTF-8, so it was read as Latin-1 \(Windows-1252\); row \d+ reads: .*"Féminin"/,
    );
    expect(warnings[0]!.message).toContain('--encoding utf8 or --encoding latin1');
  });

  it('a Latin-1 file read as UTF-8 by force is refused with its row, not mis-read', () => {
    const errors = errorsOf(importCohortCsv(fixture('lung-latin1.csv'), lungFr, { encoding: 'utf8' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^Row \d+: The file is not UTF-8 text \(byte 0xe9 at offset \d+\)/);
  });
});

describe('CSV formats: the files that already imported import to the same cohort as before', () => {
  it('the built-in cohort and examples/lung are detected as comma-separated UTF-8, equal to forcing that', () => {
    const builtin = loadBuiltinCohort();
    const lungDictionary = loadDictionaryFile(repo('examples/lung/lung-dictionary.json'));
    const lungBytes = readFileSync(repo('examples/lung/lung.csv'));
    for (const [text, dictionary] of [
      [builtin.csvText, builtinDictionary],
      [new TextEncoder().encode(builtin.csvText), builtinDictionary],
      [lungBytes, lungDictionary],
    ] as const) {
      const detected = okOf(importCohortCsv(text, dictionary));
      const forced = okOf(importCohortCsv(text, dictionary, { encoding: 'utf8', delimiter: ',' }));
      expect(detected.format).toEqual({ encoding: 'utf8', delimiter: ',', decimalComma: false });
      expect(snapshot(detected.cohort)).toEqual(snapshot(forced.cohort));
    }
  });
});

describe('CSV formats: what cannot be decided is an error naming the row, what was seen and how to force it', () => {
  it('a header that splits equally well on semicolons and commas', () => {
    const text = 'x;y,z\n1;2,3\n4;5,6\n';
    const errors = errorsOf(importCohortCsv(text, mini, { fileName: 'amb.csv' }));
    expect(errors).toEqual([
      {
        row: 1,
        column: null,
        value: 'x;y,z',
        expected: "one delimiter: give it (report: --delimiter ',' or --delimiter ';')",
        message:
          'Row 1: the delimiter cannot be decided: the header splits into 2 columns on commas ("x;y", "z") and 2 columns on semicolons ("x", "y,z"), and every row of the first 50 fits both, with no column named as in the dictionary; expected one delimiter: give it (report: --delimiter \',\' or --delimiter \';\').',
      },
    ]);
    // Forcing the delimiter reads it (then the columns are unknown to this dictionary).
    const forced = errorsOf(importCohortCsv(text, mini, { delimiter: ';' }));
    expect(forced[0]!.message).toMatch(/the required column "id"/);
  });

  it('the sample is the first 50 rows, blank lines not counted, whatever the file holds after them', () => {
    // Rows that fit both delimiters, with blank lines between them; row `k` fits semicolons only
    // (one value on commas), and every row after the 50th fits commas only.
    const file = (k: number, eol: string) => {
      const rows = ['x;y,z'];
      for (let r = 1; r <= 50; r++) rows.push(r === k ? '4;5' : '1;2,3', '');
      for (let r = 0; r < 200; r++) rows.push('7,8');
      return rows.join(eol) + eol;
    };
    for (const eol of ['\n', '\r\n']) {
      const sampled = errorsOf(importCohortCsv(file(50, eol), mini));
      expect(sampled.some((e) => e.message.includes('cannot be decided'))).toBe(false);
      expect(sampled[0]!.message).toMatch(/the required column "id"/);
      const beyond = errorsOf(importCohortCsv(file(51, eol), mini));
      expect(beyond.map((e) => e.message)).toEqual([
        expect.stringMatching(/every row of the first 50 fits both/),
      ]);
    }
  });

  it('the dictionary breaks a tie: the delimiter whose header names the dictionary columns wins', () => {
    // Each line splits into 9 on semicolons and into 2 on commas (the header's last name has a
    // comma, each row one decimal comma), so both fit every row; only semicolons name columns.
    const text = [
      'id;age;sex;bone;dx;prog;death;fu;comment, free text',
      'p1;50,5;f;yes;2020-01-01;;;2021-01-01;a',
      'p2;61,25;m;no;2020-03-15;;;2021-03-15;b',
    ].join('\n');
    const result = okOf(importCohortCsv(text, mini));
    expect(result.format).toEqual({ encoding: 'utf8', delimiter: ';', decimalComma: true });
    const age = result.cohort.variable('age');
    expect(age.type === 'continuous' && [...age.values]).toEqual([50.5, 61.25]);
  });

  it('a file mixing UTF-8 and Latin-1 bytes', () => {
    const utf8 = new TextEncoder().encode(
      miniCsv('p1,50,f,yes,2020-01-01,,,2021-01-01').replace('p1', 'pé1'),
    );
    const latin1 = Uint8Array.from(
      'p2,61,m,no,2020-03-15,,,2021-03-15\np\u00e93,45,f,no,2019-06-01,,,2020-06-01\n',
      (c) => c.charCodeAt(0),
    );
    const errors = errorsOf(
      importCohortCsv(new Uint8Array([...utf8, ...latin1]), mini, { fileName: 'mix.csv' }),
    );
    expect(errors.map((e) => e.message)).toEqual([
      'Row 4: the encoding of mix.csv cannot be decided: row 2 is UTF-8 but row 4 is not; expected one encoding for the whole file: save it as "CSV UTF-8", or give the encoding (report: --encoding utf8 or --encoding latin1).',
    ]);
  });

  it('a file with bytes that Windows-1252 leaves undefined is neither UTF-8 nor Latin-1', () => {
    const bytes = Uint8Array.from(miniCsv(...GOOD_ROWS).replace('p3', 'p\u00813'), (c) => c.charCodeAt(0));
    const errors = errorsOf(importCohortCsv(bytes, mini, { fileName: 'u.csv' }));
    expect(errors[0]!.message).toMatch(
      /^Row 4: the encoding of u\.csv cannot be decided: row 4 is not UTF-8, and row 4 has byte 0x81/,
    );
  });

  const SEMI_HEADER = 'id;age;sex;bone;dx;prog;death;fu';

  it('a semicolon file may use a decimal point, but not both marks in one column', () => {
    const point = okOf(importCohortCsv(`${SEMI_HEADER}\np1;50.5;f;yes;2020-01-01;;;2021-01-01\n`, mini));
    const age = point.cohort.variable('age');
    expect(age.type === 'continuous' && age.values[0]).toBe(50.5);
    const mixed = [
      SEMI_HEADER,
      'p1;50,5;f;yes;2020-01-01;;;2021-01-01',
      'p2;61.5;m;no;2020-03-15;;;2021-03-15',
    ];
    const errors = errorsOf(importCohortCsv(mixed.join('\n'), mini));
    expect(errors.map((e) => e.message)).toEqual([
      'Row 3, column "age": "61.5" has a decimal point but an earlier row of this column has "50,5" with a decimal comma (one of them would be a thousands separator); expected a number (decimal comma or point) (years) between 0 and 120 or a missing value ("", "NA").',
    ]);
  });

  it('a decimal comma is read only in a semicolon file: in a tab file it is not a number', () => {
    const tab = [SEMI_HEADER, 'p1;50,5;f;yes;2020-01-01;;;2021-01-01'].join('\n').replace(/;/g, '\t');
    const errors = errorsOf(importCohortCsv(tab, mini));
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([[2, 'age', '50,5']]);
    expect(errors[0]!.message).toMatch(/"50,5" is not a number/);
  });
});

describe('CSV formats: encoding', () => {
  it('the UTF-8 scan finds no invalid byte exactly when TextDecoder (fatal) decodes the bytes', () => {
    // Bytes drawn mostly from the ranges where UTF-8 rules bite: lead bytes, continuations, ASCII.
    const byte = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0xbf }),
      fc.integer({ min: 0xc0, max: 0xff }),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (list) => {
        const bytes = Uint8Array.from(list);
        let decodes = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          decodes = false;
        }
        expect(scanUtf8(bytes).invalid < 0).toBe(decodes);
      }),
      { numRuns: 20_000 },
    );
  });

  it('Latin-1 forced on a UTF-8 file with accents warns where they will read wrong', () => {
    const text = miniCsv(...GOOD_ROWS).replace('p3', 'pé3');
    const result = okOf(
      importCohortCsv(new TextEncoder().encode(text), mini, { encoding: 'latin1', fileName: 'f.csv' }),
    );
    expect(result.cohort.ids).toEqual(['p1', 'p2', 'pÃ©3']);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'Row 4: f.csv was read as Latin-1 as asked, but it is valid UTF-8 with accented letters (they read as "Ã©"); expected Latin-1 text (or leave the encoding to be detected).',
    ]);
  });
});
