import type { ImportIssue } from '../../errors.js';
import { makeIssue } from '../../errors.js';
import { type CsvFormat, type Decided, decideFormat, readCsvText, SAMPLE_LINES } from '../detectFormat.js';
import {
  type ByteText,
  CHUNK_BYTES,
  isBlankText,
  plainBytes,
  rowOfByte,
  samplePrefixText,
} from './byteText.js';
import { chooseEncoding, decodeWhole, MAX_TEXT_LENGTH, mib } from './encoding.js';
import type { ImportOptions } from './types.js';

/** How much of the start of a file the binary check reads (git's heuristic reads 8000 bytes). */
const SNIFF_LENGTH = 8000;

/**
 * Git's rule for binary content (a NUL byte in the first 8000 bytes), widened to files of control
 * bytes: more than 10% of the sniffed units are C0 controls other than tab, line feed, form feed,
 * carriage return and vertical tab. Text in any encoding a spreadsheet writes has neither.
 */
function looksBinary(text: string | Uint8Array): boolean {
  const n = Math.min(text.length, SNIFF_LENGTH);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = typeof text === 'string' ? text.charCodeAt(i) : text[i]!;
    if (c === 0) return true;
    if (c < 0x20 && (c < 0x09 || c > 0x0d)) controls++;
  }
  return controls > 0.1 * n;
}

/**
 * Stage 1, decode: bytes (or a string) to text and its format. Binary content is refused before
 * decoding: a binary file is usually not valid UTF-8 either, and "not a CSV text file" says more
 * than "not UTF-8" or thirty missing columns would. `known` (the dictionary's raw column names)
 * lets the delimiter detection prefer the reading whose header the dictionary recognises. Plain
 * bytes (no double quote, one kind of line end) stay bytes, read chunk by chunk (`byteText.ts`)
 * however large; other bytes become one string for csv-parse.
 */
export function decodeCsv(
  text: string | Uint8Array,
  options: ImportOptions,
  file: string,
  known: ReadonlySet<string>,
  errors: ImportIssue[],
  warnings: ImportIssue[],
  chunkBytes = CHUNK_BYTES,
): { source: string | ByteText; format: CsvFormat } | null {
  if (looksBinary(text)) {
    errors.push(
      makeIssue({
        problem: `${file} is not a CSV text file (it contains binary data)`,
        expected: 'a text file of comma-separated values saved as UTF-8',
      }),
    );
    return null;
  }
  const read =
    typeof text === 'string'
      ? readCsvText(text, options, file, known, warnings)
      : readCsvBytes(text, options, file, known, warnings, chunkBytes);
  if (!read.ok) {
    errors.push(read.issue);
    return null;
  }
  return read.value;
}

/** Stage 1 for bytes: the encoding, then plain bytes kept as bytes, any other file as one string. */
function readCsvBytes(
  bytes: Uint8Array,
  options: ImportOptions,
  file: string,
  known: ReadonlySet<string>,
  warnings: ImportIssue[],
  chunkBytes: number,
): Decided<{ source: string | ByteText; format: CsvFormat }> {
  const encoding = chooseEncoding(bytes, options.encoding, file, warnings);
  if (!encoding.ok) return encoding;
  const plain = plainBytes(bytes);
  if ('lineEnd' in plain) {
    const source: ByteText = {
      bytes,
      encoding: encoding.value,
      lineEnd: plain.lineEnd,
      chunkBytes: Math.max(1, Math.floor(chunkBytes)),
    };
    const sample = samplePrefixText(source, SAMPLE_LINES);
    const format = decideFormat(isBlankText(source), sample, encoding.value, options, file, known);
    return format.ok ? { ok: true, value: { source, format: format.value } } : format;
  }
  if (bytes.length > MAX_TEXT_LENGTH) return { ok: false, issue: tooLargeToParse(bytes, plain, file) };
  // A UTF-8 byte-order mark is dropped by the decoder, a second one here (as for a string).
  const source = decodeWhole(bytes, encoding.value).replace(/^\uFEFF/, '');
  const format = decideFormat(source.trim() === '', source, encoding.value, options, file, known);
  return format.ok ? { ok: true, value: { source, format: format.value } } : format;
}

/**
 * A file larger than one string that is not plain: csv-parse needs it as one text, since a quoted
 * value may hold line breaks. The issue says which row made it so and what would make it readable.
 */
function tooLargeToParse(
  bytes: Uint8Array,
  plain: { readonly why: 'quote' | 'lineEnds'; readonly at: number },
  file: string,
): ImportIssue {
  const row = rowOfByte(bytes, plain.at);
  const what =
    plain.why === 'quote'
      ? `it has double quotes (the first in row ${row})`
      : `its rows do not all end alike (all in LF, or all in CR LF): row ${row} ends otherwise than row 1`;
  // No row of its own: the issue is about the whole file (the CLI says it "cannot be read").
  return makeIssue({
    problem: `${file} is too large to read (${mib(bytes.length)}): ${what}, and such a file is read as one text, which can be at most ${mib(MAX_TEXT_LENGTH)} in a JavaScript engine such as Node's`,
    expected:
      plain.why === 'quote'
        ? `a file without double quotes, which is read in pieces at any size (export it unquoted, with no delimiter or line break inside a value), or a file of at most ${mib(MAX_TEXT_LENGTH)} (split the cohort)`
        : `one kind of line end (save it again as CSV), or a file of at most ${mib(MAX_TEXT_LENGTH)} (split the cohort)`,
  });
}
