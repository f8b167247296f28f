import type { VariableSpec } from '../../dictionary/schema.js';
import type { ImportIssue } from '../../errors.js';
import type { Column } from '../../table.js';
import { BAD, type CellReader } from '../cellReaders.js';
import type { CsvDelimiter } from '../detectFormat.js';
import { detached } from './byteText.js';
import { blankRowsIssue, cellIssue, checkId, IdIndex, widthIssue } from './cells.js';

/**
 * Stages 2 and 4 for plain files: text without a double quote anywhere and with one kind of line
 * end. For such text RFC 4180 (and csv-parse, with the options `parseRecords` gives it) has
 * nothing to decide: the records are the lines and the values are the lines cut at the delimiter.
 * A large export is almost always plain, and reading it line by line straight into the typed
 * columns avoids csv-parse's array of every cell (3·10⁷ strings for 10⁶ patients × 30 columns,
 * most of the import's time and memory). Every issue is the one the general path reports
 * (`cells.ts` builds both), and is pushed for the same rows; only the order in which a row's
 * issues are found differs (row by row here, column by column there), and the import sorts its
 * issues by row before returning them, keeping each row's issues in column order in both.
 */

/**
 * The line end of a plain text (`'\n'` or `'\r\n'`), or `null` when the text has a double quote
 * or mixes line ends (a lone `\r`, or `\n` and `\r\n` together): csv-parse then reads it.
 */
export function plainLineEnd(source: string): '\n' | '\r\n' | null {
  if (source.includes('"')) return null;
  if (!source.includes('\r')) return '\n';
  let lf = 0;
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) {
    if (source.charCodeAt(i - 1) !== 13) return null;
    lf++;
  }
  let cr = 0;
  for (let i = source.indexOf('\r'); i >= 0; i = source.indexOf('\r', i + 1)) cr++;
  return cr === lf ? '\r\n' : null;
}

/**
 * The records of a plain text: its lines, as csv-parse reads them (`skip_empty_lines: false`):
 * a final line end closes the last record rather than opening an empty one.
 */
export function plainLines(source: string, lineEnd: '\n' | '\r\n'): string[] {
  const lines = source.split(lineEnd);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `dataRows`'s rule: every value blank after trimming (a patient row's first value rarely is). */
function isBlank(line: string, delimiter: CsvDelimiter): boolean {
  const first = line.indexOf(delimiter);
  if ((first < 0 ? line : line.slice(0, first)).trim() !== '') return false;
  return line.split(delimiter).every((cell) => cell.trim() === '');
}

/** One column to read: its position in the line, its variable, reader and typed target. */
export interface PlainColumn {
  readonly j: number;
  readonly spec: VariableSpec;
  readonly reader: CellReader;
  readonly column: Column;
}

/** What `readPlainRows` found besides the values it wrote into the columns. */
export interface PlainRows {
  /** How many patient rows were read (the columns' first `n` entries). */
  readonly n: number;
  readonly fileRows: Int32Array;
  readonly ids: string[] | null;
  /**
   * The untrimmed text of each cell read as missing in a column whose variable may not be missing,
   * by variable name and data row: stage 6 quotes it if the patient is analysed. The lines
   * themselves are not kept (a large file is read a chunk at a time).
   */
  readonly missingCells: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

/**
 * Stages 4a–4c as `dataRows`, `readColumn` and `readIds`, line by line: blank lines skipped and
 * counted (one warning), a line of the wrong width an error, and each patient line cut once and its
 * values read into the columns (in `columns`' order, then the id). `chunks` are the lines after
 * the header (spreadsheet rows 2, 3, …) in any number of pieces. The columns must hold
 * `capacity` ≥ the number of those lines; their first `n` entries are written.
 */
export function readPlainRows(
  chunks: Iterable<readonly string[]>,
  capacity: number,
  width: number,
  delimiter: CsvDelimiter,
  columns: readonly PlainColumn[],
  idColumn: { readonly name: string; readonly j: number } | null,
  errors: ImportIssue[],
  warnings: ImportIssue[],
): PlainRows {
  const targets = columns.map((c) => (c.column.kind === 'codes' ? c.column.codes : c.column.values));
  const quoted = columns.map((c) => (c.spec.allowMissing ? null : new Map<number, string>()));
  const codes = columns.map((c) => c.column.kind === 'codes');
  const fileRows = new Int32Array(capacity);
  const ids: string[] | null = idColumn === null ? null : [];
  const seen = new IdIndex();
  let row = 1;
  let m = 0;
  let blank = 0;
  for (const lines of chunks) {
    for (const line of lines) {
      row++;
      if (isBlank(line, delimiter)) {
        blank++;
        continue;
      }
      const values = line.split(delimiter);
      if (values.length !== width) {
        errors.push(widthIssue(row, values.length, width, delimiter));
        continue;
      }
      fileRows[m] = row;
      for (let k = 0; k < columns.length; k++) {
        const cell = values[columns[k]!.j]!;
        const x = columns[k]!.reader.read(cell.trim());
        // What is kept of a line is `detached` from it, or it would keep the whole chunk alive.
        if (x === BAD)
          errors.push(cellIssue(columns[k]!.spec, columns[k]!.reader, row, detached(cell.trim())));
        else targets[k]![m] = x;
        // A missing mark: -1 among codes, NaN among values (BAD is -Infinity, neither).
        if (quoted[k] !== null && (codes[k] ? x === -1 : Number.isNaN(x))) quoted[k]!.set(m, detached(cell));
      }
      if (ids !== null)
        ids.push(checkId(idColumn!.name, detached(values[idColumn!.j]!.trim()), row, seen, errors));
      m++;
    }
  }
  if (blank > 0 && m > 0) warnings.push(blankRowsIssue(blank));
  const missingCells = new Map<string, Map<number, string>>();
  columns.forEach((c, k) => {
    if (quoted[k] !== null) missingCells.set(c.spec.name, quoted[k]!);
  });
  return { n: m, fileRows: fileRows.subarray(0, m), ids, missingCells };
}
