import type { VariableSpec } from '../../dictionary/schema.js';
import type { ImportIssue } from '../../errors.js';
import type { Column } from '../../table.js';
import { BAD, type CellReader } from '../cellReaders.js';
import type { CsvDelimiter } from '../detectFormat.js';
import { blankRowsIssue, cellIssue, checkId, widthIssue } from './cells.js';

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

/** How many values a line holds: one more than its delimiters. */
function valueCount(line: string, delimiter: CsvDelimiter): number {
  let count = 1;
  for (let i = line.indexOf(delimiter); i >= 0; i = line.indexOf(delimiter, i + 1)) count++;
  return count;
}

/** `dataRows`'s rule: every value blank after trimming (a patient row's first value rarely is). */
function isBlank(line: string, delimiter: CsvDelimiter): boolean {
  const first = line.indexOf(delimiter);
  if ((first < 0 ? line : line.slice(0, first)).trim() !== '') return false;
  return line.split(delimiter).every((cell) => cell.trim() === '');
}

/**
 * Stage 4a as `dataRows`: the lines after the header that hold patients (indices into `lines`)
 * and their spreadsheet row numbers; blank lines skipped and counted, a line of the wrong width
 * an error.
 */
export function plainDataRows(
  lines: readonly string[],
  width: number,
  delimiter: CsvDelimiter,
  errors: ImportIssue[],
  warnings: ImportIssue[],
): { lineOf: Int32Array; fileRows: Int32Array } {
  const lineOf = new Int32Array(Math.max(lines.length - 1, 0));
  let m = 0;
  let blank = 0;
  for (let r = 1; r < lines.length; r++) {
    const line = lines[r]!;
    if (isBlank(line, delimiter)) {
      blank++;
      continue;
    }
    const count = valueCount(line, delimiter);
    if (count !== width) {
      errors.push(widthIssue(r + 1, count, width, delimiter));
      continue;
    }
    lineOf[m++] = r;
  }
  if (blank > 0 && m > 0) warnings.push(blankRowsIssue(blank));
  const kept = lineOf.slice(0, m);
  const fileRows = new Int32Array(m);
  for (let i = 0; i < m; i++) fileRows[i] = kept[i]! + 1;
  return { lineOf: kept, fileRows };
}

/** One column to read: its position in the line, its variable, reader and typed target. */
export interface PlainColumn {
  readonly j: number;
  readonly spec: VariableSpec;
  readonly reader: CellReader;
  readonly column: Column;
}

/**
 * Stages 4b and 4c as `readColumn` and `readIds`, row by row: each patient line is cut once and
 * its values read into the columns (in `columns`' order, then the id). Returns the ids when
 * `idColumn` is given.
 */
export function readPlainCells(
  lines: readonly string[],
  lineOf: Int32Array,
  delimiter: CsvDelimiter,
  columns: readonly PlainColumn[],
  idColumn: { readonly name: string; readonly j: number } | null,
  fileRows: Int32Array,
  errors: ImportIssue[],
): string[] | null {
  const n = lineOf.length;
  const targets = columns.map((c) => (c.column.kind === 'codes' ? c.column.codes : c.column.values));
  const ids: string[] | null = idColumn === null ? null : new Array<string>(n);
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const values = lines[lineOf[i]!]!.split(delimiter);
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k]!;
      const cell = values[c.j]!.trim();
      const x = c.reader.read(cell);
      if (x === BAD) errors.push(cellIssue(c.spec, c.reader, fileRows[i]!, cell));
      else targets[k]![i] = x;
    }
    if (ids !== null)
      ids[i] = checkId(idColumn!.name, values[idColumn!.j]!.trim(), fileRows[i]!, seen, errors);
  }
  return ids;
}
