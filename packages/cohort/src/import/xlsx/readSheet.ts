import { type CellObject, read, SSF, utils, type WorkBook, type WorkSheet } from '@e965/xlsx';
import type { StudyDictionary } from '../../dictionary/schema.js';
import { type ImportIssue, makeIssue } from '../../errors.js';

/** One worksheet read as text cells, the way a CSV file would hold them, with every cell's address. */
export interface SheetRecords {
  readonly sheet: string;
  /** `records[0]` is the header row; `records[k]` is sheet row `firstRow + k`. */
  readonly records: string[][];
  /** Sheet row (1-based, as Excel shows it) of the header. */
  readonly firstRow: number;
  /** Column letters of the table's columns, in order (`A`, `B`, … `AA`). */
  readonly columnLetters: readonly string[];
}

type DateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD.MM.YYYY';

/** Excel's serial of 1970-01-01 in the 1900 date system (serial 1 = 1900-01-01, with Lotus's 1900-02-29). */
const EPOCH_1900 = 25_569;
/** …and in the 1904 date system (old Mac workbooks: serial 0 = 1904-01-01). */
const EPOCH_1904 = 24_107;
const DAY_MS = 86_400_000;

/**
 * Reads one sheet of an .xlsx workbook into text records. The first non-empty row is the header.
 * Cells become the text a CSV would hold: numbers in JavaScript's shortest round-trip form, text as
 * written, booleans `TRUE`/`FALSE`, and dates (a date-formatted number cell, or a bare number — an
 * Excel date serial — in a column the dictionary types as a date) in that column's dictionary date
 * format, so the CSV cell readers then apply unchanged. Refused, each naming sheet, cell and value:
 * merged cells in the table (which value would the other cells have?), an empty header cell above
 * data, a formula without a stored result (the file was never recalculated, e.g. written by a
 * program rather than saved by Excel). A formula with a stored result is read as that result, as
 * Excel shows it.
 *
 * @param sheet a sheet name, or its 1-based position; the first sheet when not given
 */
export function readSheet(
  bytes: Uint8Array,
  dictionary: StudyDictionary,
  file: string,
  sheet?: string | number,
): { ok: true; value: SheetRecords } | { ok: false; errors: ImportIssue[] } {
  const refuse = (problem: string, expected: string) => ({
    ok: false as const,
    errors: [makeIssue({ problem, expected })],
  });
  // An .xlsx file is a zip archive; checked first because SheetJS would read any other bytes as text.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    return refuse(
      `${file} is an old Excel 97–2003 (.xls) workbook`,
      'an .xlsx workbook (in Excel: Save As → .xlsx)',
    );
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    return refuse(`${file} is not an .xlsx workbook (it is not a zip archive)`, 'an Excel .xlsx workbook');
  let workbook: WorkBook;
  try {
    workbook = read(bytes, {
      type: 'array',
      cellFormula: true,
      cellNF: true,
      cellDates: false,
      dense: false,
    });
  } catch (e) {
    return refuse(
      `${file} cannot be read as an .xlsx workbook (${(e as Error).message})`,
      'an Excel .xlsx workbook',
    );
  }
  const names = workbook.SheetNames;
  const listed = names.map((s, k) => `${k + 1}: "${s}"`).join(', ');
  const chosen =
    sheet === undefined
      ? names[0]
      : typeof sheet === 'string' && names.includes(sheet)
        ? sheet
        : /^\d+$/.test(String(sheet))
          ? names[Number(sheet) - 1]
          : undefined;
  if (chosen === undefined)
    return refuse(
      `${file} has no sheet ${typeof sheet === 'string' && !/^\d+$/.test(sheet) ? `"${sheet}"` : String(sheet)}`,
      `a sheet name or number among its ${names.length} ${names.length === 1 ? 'sheet' : 'sheets'} (${listed})`,
    );
  const ws = workbook.Sheets[chosen]!;
  const date1904 = workbook.Workbook?.WBProps?.date1904 === true;
  return tableOf(ws, chosen, dictionary, date1904);
}

function tableOf(
  ws: WorkSheet,
  sheet: string,
  dictionary: StudyDictionary,
  date1904: boolean,
): { ok: true; value: SheetRecords } | { ok: false; errors: ImportIssue[] } {
  const at = (where: string, value: string | null, problem: string, expected: string) =>
    makeIssue({ value, problem: `Sheet "${sheet}", ${where}: ${problem}`, expected });
  if (ws['!ref'] === undefined)
    return {
      ok: false,
      errors: [at('everywhere', null, 'the sheet is empty', 'a header row and one row per patient')],
    };
  const range = utils.decode_range(ws['!ref']);
  const cellAt = (r: number, c: number): CellObject | undefined => ws[utils.encode_cell({ r, c })];
  const text = (cell: CellObject | undefined) =>
    cell === undefined || cell.v === undefined ? '' : String(cell.w ?? cell.v).trim();
  let headerRow = range.s.r;
  while (headerRow <= range.e.r && rowIsEmpty(range.s.c, range.e.c, (c) => text(cellAt(headerRow, c))))
    headerRow++;
  const errors: ImportIssue[] = [];

  const place: Place = { ws, headerRow, lastRow: range.e.r, cellAt, text, at };
  errors.push(...mergeProblems(place));
  const columns = tableColumns(place, range.s.c, range.e.c, errors);
  const dateColumns = new Map<string, DateFormat>();
  for (const v of dictionary.variables)
    if (v.type === 'date' && v.derive === undefined) dateColumns.set(v.name, v.format);
  const formats = columns.map((c) => dateColumns.get(text(cellAt(headerRow, c))));
  const epoch = date1904 ? EPOCH_1904 : EPOCH_1900;
  const records: string[][] = [];
  for (let r = headerRow; r <= range.e.r; r++) {
    records.push(
      columns.map((c, j) => {
        const cell = cellAt(r, c);
        if (cell === undefined) return '';
        if (cell.f !== undefined && (cell.v === undefined || cell.v === '')) {
          errors.push(
            at(
              `cell ${utils.encode_cell({ r, c })}`,
              `=${cell.f}`,
              `the cell holds the formula =${cell.f} without a stored result`,
              'a value (open and save the file in Excel so that formulas are calculated, or paste values)',
            ),
          );
          return '';
        }
        if (r === headerRow) return text(cell);
        return cellText(cell, formats[j], epoch);
      }),
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      sheet,
      records,
      firstRow: headerRow + 1,
      columnLetters: columns.map((c) => utils.encode_col(c)),
    },
  };
}

/** What the checks of one sheet share: its cells, the header row, and how an issue names a place. */
interface Place {
  readonly ws: WorkSheet;
  readonly headerRow: number;
  readonly lastRow: number;
  readonly cellAt: (r: number, c: number) => CellObject | undefined;
  readonly text: (cell: CellObject | undefined) => string;
  readonly at: (where: string, value: string | null, problem: string, expected: string) => ImportIssue;
}

/** Merged cells at or below the header: the covered cells are empty, so which value would they have? */
function mergeProblems({ ws, headerRow, cellAt, text, at }: Place): ImportIssue[] {
  const errors: ImportIssue[] = [];
  for (const m of ws['!merges'] ?? []) {
    if (m.e.r < headerRow) continue;
    const first = utils.encode_cell(m.s);
    const value = text(cellAt(m.s.r, m.s.c));
    errors.push(
      at(
        `cells ${utils.encode_range(m)}`,
        value,
        `the cells are merged (showing ${JSON.stringify(value)} from ${first})`,
        m.s.r <= headerRow
          ? 'one column name in each header cell (unmerge the cells and name every column)'
          : 'one value in each cell (unmerge the cells and fill in every row)',
      ),
    );
  }
  return errors;
}

/** The table's columns: every column with a header; data under an empty header is an error. */
function tableColumns(
  { ws, headerRow, lastRow, cellAt, text, at }: Place,
  firstColumn: number,
  lastColumn: number,
  errors: ImportIssue[],
): number[] {
  const columns: number[] = [];
  for (let c = firstColumn; c <= lastColumn; c++) {
    const name = text(cellAt(headerRow, c));
    if (name !== '') {
      columns.push(c);
      continue;
    }
    let dataRow = -1;
    for (let r = headerRow + 1; r <= lastRow && dataRow < 0; r++)
      if (cellAt(r, c)?.v !== undefined || cellAt(r, c)?.f) dataRow = r;
    if (
      dataRow >= 0 &&
      !(ws['!merges'] ?? []).some((m) => m.s.r <= headerRow && headerRow <= m.e.r && m.s.c <= c && c <= m.e.c)
    ) {
      const address = utils.encode_cell({ r: headerRow, c });
      errors.push(
        at(
          `cell ${address}`,
          '',
          `the header cell is empty but the column has data (e.g. ${utils.encode_cell({ r: dataRow, c })} = ${JSON.stringify(text(cellAt(dataRow, c)))})`,
          'a column name in every header cell above data',
        ),
      );
    }
  }
  return columns;
}

function rowIsEmpty(from: number, to: number, text: (c: number) => string): boolean {
  for (let c = from; c <= to; c++) if (text(c) !== '') return false;
  return true;
}

/** The text a CSV would hold for this cell; dates in the column's dictionary format. */
function cellText(cell: CellObject, format: DateFormat | undefined, epoch: number): string {
  switch (cell.t) {
    case 'n': {
      const x = cell.v as number;
      const isDate = typeof cell.z === 'string' && SSF.is_date(cell.z);
      // A date cell, or a bare serial in a date column; the time of day (a fraction) is dropped.
      if (format !== undefined || isDate) return writeDate(Math.floor(x) - epoch, format ?? 'YYYY-MM-DD');
      return String(x);
    }
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'd':
      return writeDate(Math.floor((cell.v as Date).getTime() / DAY_MS), format ?? 'YYYY-MM-DD');
    case 'e':
      return String(cell.w ?? '#ERROR');
    default:
      return cell.v === undefined ? '' : String(cell.v).trim();
  }
}

function writeDate(days: number, format: DateFormat): string {
  const iso = new Date(days * DAY_MS).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  switch (format) {
    case 'YYYY-MM-DD':
      return iso;
    case 'DD/MM/YYYY':
      return `${d}/${m}/${y}`;
    case 'MM/DD/YYYY':
      return `${m}/${d}/${y}`;
    case 'DD.MM.YYYY':
      return `${d}.${m}.${y}`;
  }
}
