// `csv-parse/sync` for the page (vite.config.ts points the cohort's import at this module). csv-parse's
// browser build turns the whole text into bytes through its bundled Buffer polyfill, whose
// utf8ToBytes alone took 13 s of the 56 s a 1e5-patient file spent in the worker. The reading the
// cohort asks for (one-character delimiter, ragged rows kept, empty lines kept) is read here in one
// pass over the string; anything this reader does not vouch for — other options, a quote csv-parse
// would refuse, an unclosed quote — goes to csv-parse itself, so results and error messages are
// csv-parse's. A read of the first records only (the delimiter check's) gives csv-parse a prefix.
// test/csvParseSync.test.ts checks both readings agree on the examples and on random
// hostile text.
import { CsvError, parse as csvParse, type Options } from 'csv-parse/browser/esm/sync';

export { CsvError };

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Why the fast reading gave up: the input goes to csv-parse, which gives the answer or the error. */
export const REFUSED = Symbol('refused');

/**
 * csv-parse's reading with `relax_column_count` and `skip_empty_lines: false`: the record delimiter
 * is the first line ending met outside quotes (\r\n, \n or \r; csv-parse's auto-discovery), and
 * later different line endings are field content; every line ending closes a record (an empty line
 * is one empty field) except a final one; `""` inside quotes is one quote.
 */
export function readRecords(text: string, delimiter: number): string[][] | typeof REFUSED {
  const records: string[][] = [];
  let record: string[] = [];
  let eol = ''; // not yet discovered
  const n = text.length;
  let i = 0;
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return REFUSED; // quote not closed
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += `${text.slice(from, q)}"`;
          from = q + 2;
          continue;
        }
        field = value + text.slice(from, q);
        i = q + 1;
        break;
      }
    } else {
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === delimiter || c === CR || c === LF) break;
        if (c === QUOTE) return REFUSED; // csv-parse: invalid opening quote
        i++;
      }
      field = text.slice(start, i);
      // a CR or LF that is not the record delimiter is content: keep reading the field
      while (i < n && eol !== '' && !text.startsWith(eol, i) && text.charCodeAt(i) !== delimiter) {
        const end = nextStop(text, i + 1, delimiter, eol);
        if (end === REFUSED) return REFUSED;
        field += text.slice(i, end);
        i = end;
      }
    }
    record.push(field);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === delimiter) {
      i++;
      if (i >= n) record.push(''); // "a," ends with an empty field
      continue;
    }
    if (eol === '') eol = c === CR ? (text.charCodeAt(i + 1) === LF ? '\r\n' : '\r') : c === LF ? '\n' : '';
    if (eol === '' || !text.startsWith(eol, i)) return REFUSED; // e.g. a closing quote then text
    records.push(record);
    record = [];
    i += eol.length;
    if (i >= n) return records;
  }
  if (record.length > 0) records.push(record);
  return records;
}

/** Index of the next delimiter or record delimiter at or after `from` in an unquoted field. */
function nextStop(text: string, from: number, delimiter: number, eol: string): number | typeof REFUSED {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === delimiter) return i;
    if (c === QUOTE) return REFUSED;
    if ((c === CR || c === LF) && text.startsWith(eol, i)) return i;
    i++;
  }
  return i;
}

/** The options the cohort's parse stage passes; any other reading is csv-parse's. */
function fastDelimiter(options: Options | undefined): number | null {
  if (options === undefined) return null;
  const { delimiter, relax_column_count, skip_empty_lines, ...rest } = options;
  if (Object.keys(rest).length > 0 || relax_column_count !== true || skip_empty_lines !== false) return null;
  if (typeof delimiter !== 'string' || delimiter.length !== 1) return null;
  const code = delimiter.charCodeAt(0);
  return code === QUOTE || code === CR || code === LF ? null : code;
}

/**
 * The first `to` records of `text` as csv-parse reads them, from the shortest doubling prefix that
 * holds two more records (csv-parse's browser build converts its whole input to bytes before it
 * reads the first record: the delimiter check's 51-record samples cost four full-file conversions).
 * A cut can only change the last records it reaches, and those are dropped; a prefix that fails or
 * falls short goes on to a longer one, ending with the whole text — csv-parse's own answer or error.
 */
function firstRecords(text: string, options: Options & { to: number }): string[][] {
  for (let length = 8; length < text.length; length *= 2) {
    let records: string[][];
    try {
      records = csvParse(text.slice(0, length), { ...options, to: options.to + 2 }) as string[][];
    } catch {
      continue;
    }
    if (records.length === options.to + 2) return records.slice(0, options.to);
  }
  return csvParse(text, options) as string[][];
}

export function parse(input: string, options?: Options): string[][] {
  const delimiter = fastDelimiter(options);
  if (delimiter !== null && typeof input === 'string') {
    const records = readRecords(input, delimiter);
    if (records !== REFUSED) return records;
  }
  const to = options?.to;
  if (typeof input === 'string' && typeof to === 'number' && Number.isInteger(to) && to > 0)
    return firstRecords(input, { ...options, to });
  return (options === undefined ? csvParse(input) : csvParse(input, options)) as string[][];
}
