// The page's CSV reader (src/csv/csvParseSync.ts) against csv-parse's Node build — what the CLI
// reads with — on every example CSV and on random hostile text: the same records, or the same error.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltinCohort } from '@survkit/cohort';
import { parse as csvParse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { parse, REFUSED, readRecords } from '../src/csv/csvParseSync.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const options = (delimiter: string) => ({ delimiter, relax_column_count: true, skip_empty_lines: false });

/** csv-parse's records, or its error code and message. */
function reference(text: string, delimiter: string): unknown {
  try {
    return csvParse(text, options(delimiter));
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
}

function ours(text: string, delimiter: string): unknown {
  try {
    return parse(text, options(delimiter));
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
}

/** mulberry32, seeded: the same hostile texts on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the page reads CSV as csv-parse does', () => {
  const files = readdirSync(EXAMPLES, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => join(EXAMPLES, f));
  files.push(loadBuiltinCohort().csvPath);

  test.each(files)('%s', (file) => {
    const text = readFileSync(file, 'utf8');
    const expected = reference(text, ',');
    expect(Array.isArray(expected) && expected.length > 1).toBe(true);
    expect(ours(text, ',')).toEqual(expected);
    const crlf = text.replaceAll('\n', '\r\n');
    expect(ours(crlf, ',')).toEqual(reference(crlf, ','));
    expect(readRecords(crlf, 0x2c)).toEqual(expected);
  });

  test('hostile quoting, mixed line endings, empty lines and fields', () => {
    const alphabet = ['a', 'b', ',', ';', '"', '""', '\r', '\n', '\r\n', ' ', '\t', 'é', '\ufeff'];
    const random = rng(12);
    let readFast = 0;
    for (let k = 0; k < 6_000; k++) {
      const length = Math.floor(random() * 14);
      let text = '';
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      for (const delimiter of [',', ';', '\t']) {
        const expected = reference(text, delimiter);
        expect(ours(text, delimiter), JSON.stringify({ text, delimiter })).toEqual(expected);
        if (readRecords(text, delimiter.charCodeAt(0)) !== REFUSED) readFast++;
      }
    }
    // most texts are read by the one-pass reader, not handed to csv-parse
    expect(readFast).toBeGreaterThan(6_000);
  });

  test('the first records only (the delimiter check reads 51, quotes relaxed, empty lines skipped)', () => {
    const alphabet = ['a', 'b', ',', ';', '"', '""', '\r', '\n', '\r\n', ' ', 'é'];
    const random = rng(51);
    for (let k = 0; k < 4_000; k++) {
      const length = Math.floor(random() * 40);
      let text = '';
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      const to = 1 + Math.floor(random() * 4);
      const relax_quotes = random() < 0.5;
      const sample = { delimiter: ',', relax_column_count: true, relax_quotes, skip_empty_lines: true, to };
      let expected: unknown;
      try {
        expected = csvParse(text, sample);
      } catch (e) {
        expected = (e as { code?: string }).code;
      }
      let actual: unknown;
      try {
        actual = parse(text, sample);
      } catch (e) {
        actual = (e as { code?: string }).code;
      }
      expect(actual, JSON.stringify({ text, sample })).toEqual(expected);
    }
    const builtin = readFileSync(loadBuiltinCohort().csvPath, 'utf8');
    const sample = {
      delimiter: ';',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: 51,
    };
    expect(parse(builtin, sample)).toEqual(csvParse(builtin, sample));
    expect(parse(builtin, { ...sample, delimiter: ',' })).toEqual(
      csvParse(builtin, { ...sample, delimiter: ',' }),
    );
  });

  test('quoted delimiters, line breaks and doubled quotes', () => {
    const text = 'id,note\r\n1,"a, ""b""\r\nc"\r\n2,\r\n\r\n3,"x\ny"\r\n';
    expect(readRecords(text, 0x2c)).toEqual(reference(text, ','));
    expect(ours(text, ',')).toEqual([['id', 'note'], ['1', 'a, "b"\r\nc'], ['2', ''], [''], ['3', 'x\ny']]);
  });
});
