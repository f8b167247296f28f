import type { ImportIssue } from '../../errors.js';
import { makeIssue } from '../../errors.js';
import { type CsvFormat, readCsvText } from '../detectFormat.js';
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
 * lets the delimiter detection prefer the reading whose header the dictionary recognises.
 */
export function decodeCsv(
  text: string | Uint8Array,
  options: ImportOptions,
  file: string,
  known: ReadonlySet<string>,
  errors: ImportIssue[],
  warnings: ImportIssue[],
): { source: string; format: CsvFormat } | null {
  if (looksBinary(text)) {
    errors.push(
      makeIssue({
        problem: `${file} is not a CSV text file (it contains binary data)`,
        expected: 'a text file of comma-separated values saved as UTF-8',
      }),
    );
    return null;
  }
  const read = readCsvText(text, options, file, known, warnings);
  if (!read.ok) {
    errors.push(read.issue);
    return null;
  }
  return read.value;
}
