import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../src/import/importCohortCsv.js';
import { type ImportResult, importCohortCsv } from '../src/index.js';
import { GOOD_ROWS, MINI_HEADER, mini, miniCsv } from './helpers.js';

// Plain files given as bytes are decoded a chunk at a time (`csv/byteText.ts`); a string is split
// into lines whole. The oracle for every chunked import is the whole-string import of the same text.

/** Everything an import produces, as plain data, for comparing two imports. */
function outcome(result: ImportResult) {
  if (!result.ok) return result;
  const c = result.cohort;
  return {
    ok: true as const,
    warnings: result.warnings,
    format: result.format,
    n: c.n,
    ids: c.ids,
    rows: [...c.rowNumbers],
    variables: c.variables.map((v) => (v.type === 'categorical' ? [...v.codes] : [...v.values])),
    endpoints: c.endpoints.map((e) => [[...c.endpoint(e.name).time], [...c.endpoint(e.name).event]]),
  };
}

const encode = (text: string) => new TextEncoder().encode(text);
const whole = (text: string) => outcome(importCohortCsv(text, mini, { fileName: 'c.csv' }));
const chunked = (bytes: Uint8Array, chunkBytes: number, encoding?: 'latin1') =>
  outcome(importCsv(bytes, mini, { fileName: 'c.csv', encoding }, chunkBytes));

/** Ids of one to four UTF-8 bytes per character, a bad cell and a blank line, with either line end. */
function sample(eol: string): string {
  const rows = [
    'pé1,50,f,yes,2020-01-01,2020-07-01,,2021-01-01',
    'p€2,61,m,no,2020-03-15,,2021-03-15,2021-03-15',
    '',
    'p😀3,45,Female,No,2019-06-01,,,2020-06-01',
    'p4,zz,f,yes,2019-06-01,,,2020-06-01',
    'p5,44,Ω,yes,2019-06-01,,,2020-06-01',
  ];
  return `\uFEFF${[MINI_HEADER, ...rows].join(eol)}${eol}`;
}

describe('chunked decoding of plain bytes', () => {
  it('gives the whole-string import for a chunk boundary inside a row, inside a character and at a line end', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = sample(eol);
      const bytes = encode(text);
      const expected = whole(text);
      // The oracle names the bad rows: zz in row 6 (after the blank row 4), Ω in row 7.
      expect(expected.ok).toBe(false);
      if (!expected.ok)
        expect(expected.errors.map((e) => [e.row, e.column])).toEqual([
          [6, 'age'],
          [7, 'sex'],
        ]);
      const emoji = bytes.indexOf(0xf0); // the first byte of the four-byte 😀
      const lineEnd = bytes.indexOf(0x0a) + 1; // a chunk ending just after the header's line end
      const cr = bytes.indexOf(0x0d) + 1; // between CR and LF (0, no such chunk, for LF)
      const inRow = lineEnd + 10;
      for (const k of [emoji + 1, emoji + 2, emoji + 3, lineEnd, cr, inRow].filter((k) => k > 0)) {
        expect(chunked(bytes, k), `eol ${JSON.stringify(eol)}, chunk ${k}`).toEqual(expected);
      }
      for (let k = 1; k <= bytes.length + 1; k += eol === '\n' ? 1 : 7)
        expect(chunked(bytes, k)).toEqual(expected);
    }
  });

  it('reads a Latin-1 file alike in any chunks, and as its decoded text', () => {
    const text = miniCsv(
      ...GOOD_ROWS,
      'pé4,50,f,yes,2020-01-01,,,2021-01-01',
      'p5,zz,f,yes,2020-01-01,,,2021-01-01',
    );
    const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0)); // é is 0xe9 in Latin-1
    const one = chunked(bytes, bytes.length);
    for (let k = 1; k <= 40; k++) expect(chunked(bytes, k)).toEqual(one);
    expect(chunked(bytes, 7, 'latin1')).toEqual(
      outcome(importCohortCsv(bytes, mini, { fileName: 'c.csv', encoding: 'latin1' })),
    );
    expect(one.ok).toBe(false);
    if (!one.ok) {
      const fromText = whole(text);
      expect(fromText.ok).toBe(false);
      if (!fromText.ok) expect(one.errors).toEqual(fromText.errors);
      expect(one.warnings.map((w) => w.row)).toEqual([5]); // read as Latin-1 (row 5 is not UTF-8)
    }
  });

  it('gives the whole-string import for random files split into random small chunks (fast-check)', () => {
    const cell = fc.constantFrom(
      ...['50', 'zz', '', ' ', 'f', 'm', 'Male', 'yes', 'no', '2020-01-01', '2020-02-30', '2021-06-01'],
      ...['é', '€', '😀', 'Ω', 'p1', 'p2', 'pé', 'p😀'],
    );
    const line = fc.oneof(
      { weight: 6, arbitrary: fc.array(cell, { minLength: 8, maxLength: 8 }) },
      { weight: 1, arbitrary: fc.array(cell, { minLength: 0, maxLength: 10 }) },
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 48 }),
        (lines, eol, bom, finalEol, k) => {
          const body = [MINI_HEADER, ...lines.map((l) => l.join(','))].join(eol);
          const text = `${bom ? '\uFEFF' : ''}${body}${finalEol ? eol : ''}`;
          expect(chunked(encode(text), k)).toEqual(whole(text));
        },
      ),
      { numRuns: 150 },
    );
  });
});
