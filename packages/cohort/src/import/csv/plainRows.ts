import type { VariableSpec } from '../../dictionary/schema.js';
import type { ImportIssue } from '../../errors.js';
import { allocate, type Column, type ColumnMemory } from '../../table.js';
import { BAD, type CellReader } from '../cellReaders.js';
import type { CsvDelimiter } from '../detectFormat.js';
import { detached } from './byteText.js';
import { blankRowsIssue, cellIssue, emptyIdIssue, widthIssue } from './cells.js';
import { repeatedIds } from './repeatedIds.js';

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

/** What `PlainRowSink` found besides the values it wrote into the columns. */
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
 * Stages 4a–4c as `dataRows`, `readColumn` and `readIds`, line by line (the lines after the header,
 * spreadsheet rows 2, 3, …): blank lines skipped and counted (one warning), a line of the wrong
 * width an error, and each patient line cut once and its values read into the columns (in
 * `columns`' order, then the id). The string path gives whole lines to `line`; the byte path
 * (`byteRows.ts`) gives its own cut cells through `patient`/`cell`/`id` and any line it does not
 * read itself (one with non-ASCII bytes) to `line`, so both report the same issues. The columns
 * must hold `capacity` ≥ the number of lines; their first `n` entries are written.
 */
export class PlainRowSink {
  /** The spreadsheet row of the last line given (the header is row 1). */
  row = 1;
  /** Patient rows read so far. */
  m = 0;
  private blank = 0;
  readonly targets: (Int32Array | Float64Array)[];
  /** Per column, the untrimmed missing cells of a variable that may not be missing (else null). */
  readonly quoted: (Map<number, string> | null)[];
  private readonly codes: boolean[];
  readonly fileRows: Int32Array;
  private readonly ids: string[] | null;

  constructor(
    capacity: number,
    readonly width: number,
    readonly delimiter: CsvDelimiter,
    readonly columns: readonly PlainColumn[],
    readonly idColumn: { readonly name: string; readonly j: number } | null,
    private readonly errors: ImportIssue[],
    private readonly warnings: ImportIssue[],
    memory?: ColumnMemory,
  ) {
    this.targets = columns.map((c) => (c.column.kind === 'codes' ? c.column.codes : c.column.values));
    this.quoted = columns.map((c) => (c.spec.allowMissing ? null : new Map<number, string>()));
    this.codes = columns.map((c) => c.column.kind === 'codes');
    this.fileRows = allocate(Int32Array, capacity, memory);
    this.ids = idColumn === null ? null : [];
  }

  /** The next line, as text. */
  line(line: string): void {
    const { delimiter, columns } = this;
    this.row++;
    if (isBlank(line, delimiter)) {
      this.blank++;
      return;
    }
    const values = line.split(delimiter);
    if (!this.patient(values.length)) return;
    for (let k = 0; k < columns.length; k++) this.cell(k, values[columns[k]!.j]!);
    if (this.idColumn !== null) this.id(values[this.idColumn.j]!.trim());
    this.m++;
  }

  /** A blank line (the row is counted, the patient not). */
  blankLine(): void {
    this.row++;
    this.blank++;
  }

  /**
   * Whether the current row (`row`), of `length` values, is a patient row; a wrong width is an
   * error. When it is, its cells and id follow, then `m++`.
   */
  patient(length: number): boolean {
    if (length !== this.width) {
      this.errors.push(widthIssue(this.row, length, this.width, this.delimiter));
      return false;
    }
    this.fileRows[this.m] = this.row;
    return true;
  }

  /** The current patient's cell of column k, untrimmed, read by its reader. */
  cell(k: number, cell: string): void {
    const c = this.columns[k]!;
    const x = c.reader.read(cell.trim());
    // What is kept of a line is `detached` from it, or it would keep the whole chunk alive.
    if (x === BAD) this.errors.push(cellIssue(c.spec, c.reader, this.row, detached(cell.trim())));
    else this.targets[k]![this.m] = x;
    this.missingCell(k, x, cell);
  }

  /** Keeps the untrimmed text of a missing cell (`x` as read) where stage 6 may quote it. */
  missingCell(k: number, x: number, cell: string | (() => string)): void {
    const quoted = this.quoted[k]!;
    // A missing mark: -1 among codes, NaN among values (BAD is -Infinity, neither).
    if (quoted !== null && (this.codes[k] ? x === -1 : Number.isNaN(x)))
      quoted.set(this.m, detached(typeof cell === 'string' ? cell : cell()));
  }

  /**
   * The current patient's id, trimmed (`fresh`: a string of its own, not cut from a line). An empty
   * id is an issue now; repeats are found when all ids are in (`finish`).
   */
  id(id: string, fresh = false): void {
    if (id === '') this.errors.push(emptyIdIssue(this.idColumn!.name, this.row));
    this.ids!.push(fresh ? id : detached(id));
  }

  finish(): PlainRows {
    const { m, blank } = this;
    const fileRows = this.fileRows.subarray(0, m);
    if (this.ids !== null) repeatedIds(this.idColumn!.name, this.ids, fileRows, this.errors);
    if (blank > 0 && m > 0) this.warnings.push(blankRowsIssue(blank));
    const missingCells = new Map<string, Map<number, string>>();
    this.columns.forEach((c, k) => {
      if (this.quoted[k] !== null) missingCells.set(c.spec.name, this.quoted[k]!);
    });
    return { n: m, fileRows, ids: this.ids, missingCells };
  }
}
