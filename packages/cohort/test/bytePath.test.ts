import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil } from '../src/import/csv/byteCells.js';
import { type CsvDelimiter, type ImportResult, importCohortCsv, parseDictionary } from '../src/index.js';

// Plain bytes (no double quote, one kind of line end) are read in place (`csv/byteRows.ts`,
// `csv/byteCells.ts`): numbers, dates and levels from the bytes, no string per cell. The oracle is
// the general path: the same file with its first header cell quoted goes through csv-parse and
// the string cell readers (`cellReaders.ts`); the same text given as a string goes through the
// string line reader. All three must give the same issues, warnings and cohort.

/** A study with every cell reader: bounded, unbounded and whole numbers, four date formats. */
const wide = parseDictionary(
  {
    study: { name: 'wide', title: 'Every reader' },
    id: 'id',
    missingValues: ['NA', 'unknown'],
    variables: [
      { name: 'age', label: 'Age', type: 'continuous', min: 0, max: 120 },
      { name: 'dose', label: 'Dose', type: 'continuous', missing: ['-99', 'NA', 'nd'] },
      { name: 'count', label: 'Count', type: 'continuous', integer: true },
      {
        name: 'sex',
        label: 'Sex',
        type: 'categorical',
        levels: [
          { value: 'f', label: 'Female' },
          { value: 'm', label: 'Male' },
        ],
      },
      { name: 'bone', label: 'Bone', type: 'boolean' },
      { name: 'dx', label: 'Diagnosis', type: 'date', allowMissing: false },
      { name: 'd2', label: 'Day first', type: 'date', format: 'DD/MM/YYYY' },
      { name: 'd3', label: 'Month first', type: 'date', format: 'MM/DD/YYYY' },
      { name: 'fu', label: 'Last follow-up', type: 'date', format: 'DD.MM.YYYY' },
    ],
    endpoints: [{ name: 'OS', label: 'Overall survival', from: 'dx', events: ['d2'], censor: 'fu' }],
  },
  'wide',
);
const HEADER = ['id', 'age', 'dose', 'count', 'sex', 'bone', 'dx', 'd2', 'd3', 'fu'];

const numbers = [
  ...['50', '0', '120', '121', '-1', '7.25', '.5', '5.', '+3', '-0', '0007', '1e3', '1E-2', '2.5e1'],
  ...['123456789012345', '1234567890123456', '0.1234567890123456', '1..2', '-', '.', '1e', 'e3'],
  ...['Infinity', '0x10', '1,5', '1,500', '1.5,2', ' 42 ', '\u00a042', '4\u00a0', '١٢', '', 'NA', 'na'],
  ...['-99', 'ND', 'unknown', 'UNKNOWN', '3\u200b', 'x'],
];
const levels = ['f', 'm', 'F', 'Female', 'MALE', ' male ', 'x', 'é', 'NA', '', 'yes', 'no', 'Y', '1', '0'];
const days = fc.integer({ min: -66_000, max: 84_000 }); // 1789–2199: some before 1800
const pad = (n: number) => String(n).padStart(2, '0');
const dateCell = (pattern: 'iso' | 'dmy' | 'mdy' | 'dot') =>
  fc.oneof(
    fc.tuple(days, fc.boolean()).map(([d, short]) => {
      const t = new Date(d * 86_400_000);
      const [y, m, dd] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
      const two = (n: number) => (short ? String(n) : pad(n));
      if (pattern === 'iso') return `${y}-${two(m)}-${two(dd)}`;
      if (pattern === 'dmy') return `${two(dd)}/${two(m)}/${y}`;
      if (pattern === 'mdy') return `${two(m)}/${two(dd)}/${y}`;
      return `${two(dd)}.${two(m)}.${y}`;
    }),
    fc.constantFrom(
      ...['2021-02-29', '2020-02-29', '2020-02-30', '2020-13-01', '2020-00-10', '30/02/2020', '31.04.2021'],
      ...['29.02.1900', '29/02/2000', '02/29/2000', '2020-1-5', '20-01-05', '2020/01/05', '1799-12-31'],
      ...['2201-01-01', '2020-001-01', ' 2020-01-01 ', '2020-01-01x', '', 'NA', 'Unknown', '٢٠٢٠-01-01'],
    ),
  );
const anyCell = (column: string) => {
  if (column === 'id')
    return fc.oneof(
      fc.nat({ max: 40 }).map((k) => `p${k}`),
      fc.constantFrom('', ' p1', 'pé', 'BENCH-1234567', 'BENCH-1234567 '),
    );
  if (column === 'age' || column === 'dose' || column === 'count') return fc.constantFrom(...numbers);
  if (column === 'sex' || column === 'bone') return fc.constantFrom(...levels);
  return dateCell(column === 'dx' ? 'iso' : column === 'd2' ? 'dmy' : column === 'd3' ? 'mdy' : 'dot');
};
/** Mostly readable cells (so that some files import), sometimes anything. */
const cellOf = (column: string) => {
  const valid =
    column === 'id'
      ? fc.nat({ max: 100_000 }).map((k) => `P-${k}`)
      : column === 'age' || column === 'count'
        ? fc.nat({ max: 120 }).map(String)
        : column === 'dose'
          ? fc.double({ min: 0, max: 1000, noNaN: true }).map((x) => String(Math.round(x * 1000) / 1000))
          : column === 'sex'
            ? fc.constantFrom('f', 'm', 'Female')
            : column === 'bone'
              ? fc.constantFrom('yes', 'no')
              : column === 'dx'
                ? fc
                    .integer({ min: -25_000, max: 40_000 })
                    .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))
                : fc.constant('');
  return { valid, any: fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: anyCell(column) }) };
};
/** A patient row; valid ones (and half of the others) with a last follow-up a year after a valid diagnosis. */
const rowOf = (kind: 'valid' | 'any') =>
  fc.tuple(fc.tuple(...HEADER.map((h) => cellOf(h)[kind])), fc.boolean()).map(([cells, followed]) => {
    const r = [...cells];
    const dx = /^\d{4}-\d{2}-\d{2}$/.test(r[6]!) ? Date.parse(r[6]!) : Number.NaN;
    if ((followed || kind === 'valid') && Number.isFinite(dx)) {
      const t = new Date(dx + 365 * 86_400_000);
      r[9] = `${pad(t.getUTCDate())}.${pad(t.getUTCMonth() + 1)}.${t.getUTCFullYear()}`;
    }
    return r;
  });
const row = rowOf('any');
/** A line: a patient row, a blank one, or one of the wrong width. */
const line = fc.oneof(
  { weight: 8, arbitrary: row },
  { weight: 1, arbitrary: fc.constantFrom([''], ['  '], Array(HEADER.length).fill(''), ['\u00a0']) },
  { weight: 1, arbitrary: row.map((r) => [...r, '1']) },
  { weight: 1, arbitrary: row.map((r) => r.slice(0, 4)) },
);
/** Files of readable rows (most import), and files with any damage. */
const file = fc.record({
  lines: fc.oneof(fc.array(rowOf('valid'), { maxLength: 25 }), fc.array(line, { maxLength: 25 })),
  delimiter: fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
  eol: fc.constantFrom('\n', '\r\n'),
  finalEol: fc.boolean(),
  bom: fc.boolean(),
  quoted: fc.array(fc.boolean(), { maxLength: 40 }),
});

/** Everything an import produces, as plain data. */
function outcome(result: ImportResult) {
  if (!result.ok) return result;
  const c = result.cohort;
  return {
    warnings: result.warnings,
    format: result.format,
    ids: c.ids,
    rows: [...c.rowNumbers],
    variables: c.variables.map((v) => (v.type === 'categorical' ? [...v.codes] : [...v.values])),
    endpoints: c.endpoints.map((e) => [[...c.endpoint(e.name).time], [...c.endpoint(e.name).event]]),
    flow: c.flow,
  };
}

/** The text of a generated file: plain, or with its first header cell (and some others) quoted. */
interface FileSpec {
  readonly lines: readonly (readonly string[])[];
  readonly delimiter: CsvDelimiter;
  readonly eol: string;
  readonly finalEol: boolean;
  readonly bom: boolean;
  readonly quoted: readonly boolean[];
}

function text(f: FileSpec, quote: boolean): string | null {
  const d: string = f.delimiter;
  const cells = [HEADER, ...f.lines];
  // A cell holding the delimiter reads otherwise when quoted; those files are not compared.
  if (cells.some((r) => r.some((c) => c.includes(d)))) return null;
  let k = 0;
  const lines = cells.map((r, i) =>
    // A line of one empty value is left unquoted: quoted, a last empty line would become a record.
    r
      .map((c, j) =>
        quote && ((i === 0 && j === 0) || (f.quoted[k++ % 40] && (r.length > 1 || c !== ''))) ? `"${c}"` : c,
      )
      .join(d),
  );
  return `${f.bom ? '\uFEFF' : ''}${lines.join(f.eol)}${f.finalEol ? f.eol : ''}`;
}

const encode = (s: string) => new TextEncoder().encode(s);
const options = (delimiter: CsvDelimiter) => ({ fileName: 'c.csv', delimiter });

describe('plain bytes read in place (fast-check)', () => {
  it('the byte path gives exactly the issues, warnings and cohort of csv-parse and of the string path', () => {
    let imported = 0;
    fc.assert(
      fc.property(file, (f) => {
        const plain = text(f, false);
        if (plain === null) return;
        const general = outcome(importCohortCsv(encode(text(f, true)!), wide, options(f.delimiter)));
        const bytes = outcome(importCohortCsv(encode(plain), wide, options(f.delimiter)));
        if ('ids' in bytes) imported++;
        expect(bytes).toEqual(general);
        expect(outcome(importCohortCsv(plain.replace(/^\uFEFF/, ''), wide, options(f.delimiter)))).toEqual(
          general,
        );
      }),
      { numRuns: 250 },
    );
    // Enough of the files import for the cohorts (not only the issues) to be compared.
    expect(imported).toBeGreaterThan(25);
  });

  it('a Latin-1 file read in place gives what csv-parse gives for the same bytes', () => {
    fc.assert(
      fc.property(file, (f) => {
        const plain = text({ ...f, bom: false, quoted: [] }, false);
        if (plain === null || [...plain].some((c) => c.charCodeAt(0) > 0xff)) return;
        const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
        const quoted = text({ ...f, bom: false, quoted: [] }, true)!;
        const opts = { ...options(f.delimiter), encoding: 'latin1' as const };
        expect(outcome(importCohortCsv(latin1(plain), wide, opts))).toEqual(
          outcome(importCohortCsv(latin1(quoted), wide, opts)),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('plain bytes read in place: cases', () => {
  const one = (cells: Partial<Record<string, string>>, delimiter: CsvDelimiter = ',') => {
    const base: Record<string, string> = {
      id: 'p1',
      age: '50',
      dose: '1',
      count: '2',
      sex: 'f',
      bone: 'no',
      dx: '2020-01-01',
      d2: '',
      d3: '',
      fu: '01.01.2021',
    };
    const r = HEADER.map((h) => cells[h] ?? base[h]!);
    const body = `${HEADER.join(delimiter)}\n${r.join(delimiter)}\n`;
    const fast = importCohortCsv(encode(body), wide, options(delimiter));
    const quotedBody = `"id"${body.slice(2)}`;
    expect(outcome(fast)).toEqual(outcome(importCohortCsv(encode(quotedBody), wide, options(delimiter))));
    return fast;
  };
  const value = (result: ImportResult, name: string) => {
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
    const v = result.cohort.variable(name);
    return v.type === 'categorical' ? v.codes[0] : v.values[0];
  };

  it('reads numbers as Number() does: exponents, signs, bare points, long digit strings', () => {
    for (const cell of [
      '1e3',
      '-0',
      '.5',
      '5.',
      '+3',
      '0007',
      '0.1',
      '2.675',
      '123456789012345.6',
      '9007199254740993',
    ])
      expect(Object.is(value(one({ dose: cell }), 'dose'), Number(cell)), cell).toBe(true);
  });

  it('reads a decimal comma in a semicolon file, and refuses a point after a comma in one column', () => {
    expect(value(one({ dose: '1,5' }, ';'), 'dose')).toBe(1.5);
    const body = `${HEADER.join(';')}\np1;50;1,5;2;f;no;2020-01-01;;;01.01.2021\np2;50;2.5;2;f;no;2020-01-01;;;01.01.2021\n`;
    const result = importCohortCsv(encode(body), wide, options(';'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => [e.row, e.column])).toEqual([[3, 'dose']]);
  });

  it('reads missing codes in any case, and whitespace around any cell', () => {
    expect(value(one({ dose: '-99' }), 'dose')).toBeNaN();
    expect(value(one({ dose: 'ND' }), 'dose')).toBeNaN();
    expect(value(one({ sex: ' Male\t' }), 'sex')).toBe(1);
    expect(value(one({ age: ' 7 ' }), 'age')).toBe(7);
    expect(value(one({ d2: ' 31/12/2020 ' }), 'd2')).toBe(Date.UTC(2020, 11, 31) / 86_400_000);
  });

  it('reads every date format, and names a non-date with its row and column', () => {
    expect(value(one({ d2: '5/3/2020' }), 'd2')).toBe(Date.UTC(2020, 2, 5) / 86_400_000);
    expect(value(one({ d3: '5/3/2020' }), 'd3')).toBe(Date.UTC(2020, 4, 3) / 86_400_000);
    expect(value(one({ fu: '29.02.2024' }), 'fu')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    const bad = one({ d3: '02/30/2020' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.message).toContain('"02/30/2020" is not a valid date');
  });

  it('a quoted file (a delimiter and a line break inside values) is read by csv-parse, rows counted as records', () => {
    const body = `${HEADER.join(',')}\n"p,1",50,1,2,f,no,2020-01-01,,,01.01.2021\n"p\n2",x,1,2,f,no,2020-01-01,,,01.01.2021\n`;
    const result = importCohortCsv(encode(body), wide, options(','));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => [e.row, e.column, e.value])).toEqual([[3, 'age', 'x']]);
    const fixed = importCohortCsv(encode(body.replace(',x,', ',51,')), wide, options(','));
    expect(fixed.ok && fixed.cohort.ids).toEqual(['p,1', 'p\n2']);
  });

  it('counts days from 1970-01-01 as Date.UTC does, for every day of 1800–2200', () => {
    for (let y = 1800; y <= 2200; y++)
      for (let m = 1; m <= 12; m++)
        for (const d of [1, 15, 28, new Date(Date.UTC(y, m, 0)).getUTCDate()])
          if (daysFromCivil(y, m, d) !== Date.UTC(y, m - 1, d) / 86_400_000)
            throw new Error(`${y}-${m}-${d}`);
  });
});
