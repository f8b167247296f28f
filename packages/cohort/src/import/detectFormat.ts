import { parse } from 'csv-parse/sync';
import { type ImportIssue, makeIssue } from '../errors.js';
import { decodeCsvBytes } from './csv/encoding.js';
import type { CsvEncoding, Decided } from './csv/formatTypes.js';

export type { CsvEncoding, Decided } from './csv/formatTypes.js';
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

/** How many records after the header the delimiter check reads. */
const SAMPLE_ROWS = 50;
/** How many non-empty lines the delimiter check's sample of a plain text holds (see `samplePrefix`). */
export const SAMPLE_LINES = SAMPLE_ROWS + 2;

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
  while (lines < SAMPLE_LINES) {
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
  const format = decideFormat(source.trim() === '', source, encoding, options, file, columns);
  return format.ok ? { ok: true, value: { source, format: format.value } } : format;
}

/**
 * The format of a decoded text: an empty (`blank`) file is refused first, so that it is called
 * empty rather than undecidable; then the delimiter is decided from the text's start (`sample`: the
 * whole text, or at least what `samplePrefix` would cut from it) unless the options give it.
 */
export function decideFormat(
  blank: boolean,
  sample: string,
  encoding: CsvEncoding,
  options: { readonly delimiter?: CsvDelimiter | undefined },
  file: string,
  columns: ReadonlySet<string>,
): Decided<CsvFormat> {
  if (blank) {
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
    const detected = detectDelimiter(sample, columns);
    if (!detected.ok) return detected;
    delimiter = detected.value;
  }
  return { ok: true, value: { encoding, delimiter, decimalComma: delimiter === ';' } };
}
