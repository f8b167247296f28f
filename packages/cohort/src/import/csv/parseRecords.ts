import { CsvError, parse } from 'csv-parse/sync';
import { type ImportIssue, makeIssue } from '../../errors.js';
import { type CsvDelimiter, delimiterName } from '../detectFormat.js';

/** "comma-separated values", or "values separated by semicolons" etc., for messages. */
export function separatedValues(d: CsvDelimiter): string {
  return d === ',' ? 'comma-separated values' : `values separated by ${delimiterName(d)}`;
}

/**
 * Stage 2, parse: text to records (RFC 4180 via csv-parse: quoted fields with delimiters, quotes
 * or line breaks; ragged rows kept for the cells stage to report). Null after an issue.
 */
export function parseRecords(
  source: string,
  delimiter: CsvDelimiter,
  file: string,
  errors: ImportIssue[],
): string[][] | null {
  try {
    return parse(source, { delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines;
    errors.push(
      makeIssue({
        row: typeof line === 'number' ? line : null,
        problem: `${file} is not valid CSV (${e.message})`,
        expected: `${separatedValues(delimiter)} with balanced double quotes`,
      }),
    );
    return null;
  }
}
