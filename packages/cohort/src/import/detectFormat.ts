import { parse } from 'csv-parse/sync';
import { type ImportIssue, makeIssue } from '../errors.js';

/** Text encodings a cohort CSV may be saved in. `latin1` is read as Windows-1252, as browsers do. */
export type CsvEncoding = 'utf8' | 'latin1';
/** Column delimiters a cohort CSV may use. */
export type CsvDelimiter = ',' | ';' | '\t';

export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

const DELIMITER_NAME: Record<CsvDelimiter, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };
const DELIMITER_FLAG: Record<CsvDelimiter, string> = { ',': "','", ';': "';'", '\t': 'tab' };

/** How the file is written: decided here, then used by the parser and the number reader. */
export interface CsvFormat {
  readonly encoding: CsvEncoding;
  readonly delimiter: CsvDelimiter;
  /** Numbers may be written "62,5": only in a semicolon-delimited file, as R's read.csv2 (dec = ","). */
  readonly decimalComma: boolean;
}

type Decided<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issue: ImportIssue };

/** Row (header = 1) of the line holding byte `offset`, for messages. */
function rowOfByte(bytes: Uint8Array, offset: number): number {
  let row = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) row++;
  return row;
}

/** The allowed range of the byte after `lead`: RFC 3629 forbids overlong forms (after E0, F0),
 * surrogates (after ED) and code points above U+10FFFF (after F4). */
function secondByteRange(lead: number): readonly [number, number] {
  switch (lead) {
    case 0xe0:
      return [0xa0, 0xbf];
    case 0xed:
      return [0x80, 0x9f];
    case 0xf0:
      return [0x90, 0xbf];
    case 0xf4:
      return [0x80, 0x8f];
    default:
      return [0x80, 0xbf];
  }
}

/**
 * Scans the bytes as UTF-8 (RFC 3629, as strict as `TextDecoder` with `fatal`): the offset of the
 * first byte that does not start a valid sequence, and of the first valid multi-byte sequence
 * (anywhere in the file), each -1 when there is none.
 */
export function scanUtf8(bytes: Uint8Array): { invalid: number; multiByte: number } {
  let invalid = -1;
  let multiByte = -1;
  for (let i = 0; i < bytes.length && (invalid < 0 || multiByte < 0); ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const [lo, hi] = secondByteRange(b);
    let valid = len > 0 && i + len <= bytes.length && bytes[i + 1]! >= lo && bytes[i + 1]! <= hi;
    for (let k = 2; valid && k < len; k++) valid = (bytes[i + k]! & 0xc0) === 0x80;
    if (valid) {
      if (multiByte < 0) multiByte = i;
      i += len;
    } else {
      if (invalid < 0) invalid = i;
      i++;
    }
  }
  return { invalid, multiByte };
}

/**
 * The longest string V8 (Node, Chrome, Edge) can make: 2^29 − 24 characters. Decoding more bytes
 * than that fails — for Windows-1252 by aborting the whole Node process — so larger files are
 * refused before decoding (a text has at most as many characters as bytes).
 */
const MAX_TEXT_LENGTH = 0x1fffffe8;

function decode(bytes: Uint8Array, encoding: CsvEncoding): string {
  // TextDecoder exists in Node and in browsers; the WHATWG 'latin1' label is Windows-1252, which
  // is what spreadsheets on Windows write when they say "ANSI" or "Latin-1". A UTF-8 BOM is dropped.
  return new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'windows-1252').decode(bytes);
}

/**
 * Decodes the file's bytes. Without a forced encoding, valid UTF-8 is read as UTF-8; otherwise
 * the file is read as Windows-1252 (Latin-1), with a warning naming the first row that is not
 * UTF-8, unless it cannot be Latin-1 text either (`notLatin1`).
 */
export function decodeCsvBytes(
  bytes: Uint8Array,
  forced: CsvEncoding | undefined,
  file: string,
  warnings: ImportIssue[],
): Decided<{ text: string; encoding: CsvEncoding }> {
  if (bytes.length > MAX_TEXT_LENGTH) {
    const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
    return {
      ok: false,
      issue: makeIssue({
        problem: `${file} is too large to read (${mib(bytes.length)}; the import holds the file as one text, and the longest text a JavaScript engine such as Node's can hold is ${mib(MAX_TEXT_LENGTH)})`,
        expected: `a CSV file of at most ${mib(MAX_TEXT_LENGTH)} (split the cohort, or leave out the columns the dictionary does not define)`,
      }),
    };
  }
  const { invalid, multiByte } = scanUtf8(bytes);
  const force = 'give the encoding (report: --encoding utf8 or --encoding latin1)';
  if (forced === 'utf8' && invalid >= 0) {
    return {
      ok: false,
      issue: makeIssue({
        row: rowOfByte(bytes, invalid),
        problem: `${file} is not UTF-8 text (byte 0x${bytes[invalid]!.toString(16)} at offset ${invalid})`,
        expected: 'a CSV file saved as UTF-8 (or the encoding latin1: --encoding latin1)',
      }),
    };
  }
  if (forced === 'utf8' || (forced === undefined && invalid < 0)) {
    return { ok: true, value: { text: decode(bytes, 'utf8'), encoding: 'utf8' } };
  }
  const text = decode(bytes, 'latin1');
  if (forced === 'latin1') {
    // Forced, but the file reads as UTF-8 with accents: they will show as "Ã©"; say where.
    if (invalid < 0 && multiByte >= 0) {
      warnings.push(
        makeIssue({
          row: rowOfByte(bytes, multiByte),
          problem: `${file} was read as Latin-1 as asked, but it is valid UTF-8 with accented letters (they read as "${text.slice(multiByte, multiByte + 2)}")`,
          expected: 'Latin-1 text (or leave the encoding to be detected)',
        }),
      );
    }
    return { ok: true, value: { text, encoding: 'latin1' } };
  }
  const row = rowOfByte(bytes, invalid);
  const why = notLatin1(bytes, row, multiByte);
  if (why !== null) {
    return {
      ok: false,
      issue: makeIssue({
        row,
        problem: `the encoding of ${file} cannot be decided: ${why}`,
        expected: `one encoding for the whole file: save it as "CSV UTF-8", or ${force}`,
      }),
    };
  }
  const line = text.split(/\r?\n/)[row - 1] ?? '';
  const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
  warnings.push(
    makeIssue({
      row,
      value: shown,
      problem: `${file} is not UTF-8, so it was read as Latin-1 (Windows-1252); row ${row} reads: ${shown}`,
      expected: `UTF-8 text; if the accents above look wrong, ${force}`,
    }),
  );
  return { ok: true, value: { text, encoding: 'latin1' } };
}

/**
 * Why a file that is not UTF-8 cannot be read as Latin-1 either, or `null` when it can: it has
 * valid multi-byte UTF-8 too (pasted together from two encodings), a UTF-8 byte-order mark, or a
 * byte Windows-1252 leaves undefined (so it is some other code page).
 */
function notLatin1(bytes: Uint8Array, row: number, multiByte: number): string | null {
  if (multiByte >= 0) {
    const utf8Row = rowOfByte(bytes, multiByte);
    return utf8Row === row
      ? `row ${row} has both UTF-8 and other bytes`
      : `row ${utf8Row} is UTF-8 but row ${row} is not`;
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return `it starts with a UTF-8 byte-order mark but row ${row} is not UTF-8`;
  const undefinedByte = bytes.findIndex(
    (b) => b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d,
  );
  if (undefinedByte >= 0)
    return `row ${row} is not UTF-8, and row ${rowOfByte(bytes, undefinedByte)} has byte 0x${bytes[undefinedByte]!.toString(16)}, which Latin-1 (Windows-1252) text never has`;
  return null;
}

/** How many records after the header the delimiter check reads. */
const SAMPLE_ROWS = 50;

/**
 * The start of `text` that holds every sampled record. csv-parse turns its whole input into bytes
 * before it reads the first record, which for a 180 MB file costs more than the sample itself, and
 * the delimiter check parses once per candidate. Only a text without a double quote whose start
 * has one kind of line end is cut: there each line is one record, and the start ends after more
 * non-empty lines than the sample reads, so the same records come back. Any other text is kept whole.
 */
function samplePrefix(text: string): string {
  if (text.includes('"')) return text;
  let lines = 0;
  let from = 0;
  while (lines < SAMPLE_ROWS + 2) {
    const end = text.indexOf('\n', from);
    if (end < 0) return text;
    if (end > from && !(end === from + 1 && text.charCodeAt(from) === 13)) lines++;
    from = end + 1;
  }
  const prefix = text.slice(0, from);
  if (!prefix.includes('\r')) return prefix;
  const count = (s: string) => prefix.split(s).length - 1;
  const lf = count('\n');
  return count('\r\n') === lf && count('\r') === lf ? prefix : text;
}

function sampleRecords(text: string, delimiter: CsvDelimiter): string[][] | null {
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: SAMPLE_ROWS + 1,
    }) as string[][];
  } catch {
    // The sample may end inside a quoted value, or quotes may only balance with another delimiter.
    return null;
  }
}

/**
 * Chooses the delimiter among comma, semicolon and tab. Candidates are the delimiters that split
 * the header (quote-aware) into two or more columns. Among several, the ones whose every sampled
 * row has the header's width are kept; then the one whose header names more of the dictionary's
 * columns. When that still leaves a tie, the file is refused: guessing would mean reading every
 * value into the wrong column.
 */
export function detectDelimiter(text: string, columns: ReadonlySet<string>): Decided<CsvDelimiter> {
  const sample = samplePrefix(text);
  const candidates = CSV_DELIMITERS.flatMap((d) => {
    const records = sampleRecords(sample, d);
    const header = (records?.[0] ?? []).map((h) => h.trim());
    if (records === null || header.length < 2) return [];
    const rows = records.slice(1).filter((r) => r.some((c) => c.trim() !== ''));
    const consistent = rows.every((r) => r.length === header.length);
    return [{ d, header, consistent, known: header.filter((h) => columns.has(h)).length }];
  });
  if (candidates.length === 0) return { ok: true, value: ',' };
  if (candidates.length === 1) return { ok: true, value: candidates[0]!.d };
  const consistent = candidates.filter((c) => c.consistent);
  const pool = consistent.length > 0 ? consistent : candidates;
  const best = Math.max(...pool.map((c) => c.known));
  const top = pool.filter((c) => c.known === best);
  if (top.length === 1) return { ok: true, value: top[0]!.d };
  const seen = top
    .map(
      (c) =>
        `${c.header.length} columns on ${DELIMITER_NAME[c.d]} (${c.header.map((h) => JSON.stringify(h)).join(', ')})`,
    )
    .join(' and ');
  const flags = top.map((c) => `--delimiter ${DELIMITER_FLAG[c.d]}`).join(' or ');
  return {
    ok: false,
    issue: makeIssue({
      row: 1,
      value: (text.split(/\r?\n/, 1)[0] ?? '').slice(0, 120),
      problem: `the delimiter cannot be decided: the header splits into ${seen}, and ${
        consistent.length > 1 ? `every row of the first ${SAMPLE_ROWS} fits both` : 'neither fits every row'
      }${best === 0 ? ', with no column named as in the dictionary' : `, each naming ${best} dictionary columns`}`,
      expected: `one delimiter: give it (report: ${flags})`,
    }),
  };
}

export function delimiterName(d: CsvDelimiter): string {
  return DELIMITER_NAME[d];
}

/**
 * Decodes (bytes) or takes (string) the file's text, drops a byte-order mark and decides the
 * delimiter, each from the options when given. An empty file is refused here, before the
 * delimiter check, so that it is called empty rather than undecidable.
 */
export function readCsvText(
  input: string | Uint8Array,
  options: { readonly encoding?: CsvEncoding | undefined; readonly delimiter?: CsvDelimiter | undefined },
  file: string,
  columns: ReadonlySet<string>,
  warnings: ImportIssue[],
): Decided<{ source: string; format: CsvFormat }> {
  let source: string;
  let encoding: CsvEncoding = 'utf8';
  if (typeof input === 'string') {
    source = input;
  } else {
    const decoded = decodeCsvBytes(input, options.encoding, file, warnings);
    if (!decoded.ok) return decoded;
    ({ text: source, encoding } = decoded.value);
  }
  // A byte-order mark is dropped once here, so the delimiter check and the parser see the text alone.
  source = source.replace(/^\uFEFF/, '');
  if (source.trim() === '') {
    return {
      ok: false,
      issue: makeIssue({
        problem: `${file} is empty`,
        expected: 'a header row naming the columns, then one row per patient',
      }),
    };
  }
  let delimiter = options.delimiter;
  if (delimiter === undefined) {
    const detected = detectDelimiter(source, columns);
    if (!detected.ok) return detected;
    delimiter = detected.value;
  }
  return { ok: true, value: { source, format: { encoding, delimiter, decimalComma: delimiter === ';' } } };
}
