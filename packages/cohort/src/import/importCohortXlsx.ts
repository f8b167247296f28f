import type { Cohort } from '../cohort.js';
import type { StudyDictionary } from '../dictionary/schema.js';
import type { ImportIssue } from '../errors.js';
import { importCohortCsv } from './importCohortCsv.js';
import { readSheet } from './xlsx/readSheet.js';

/** Either a complete, valid cohort or every problem found; never half of one. */
export type ImportXlsxResult =
  | {
      readonly ok: true;
      readonly cohort: Cohort;
      readonly warnings: readonly ImportIssue[];
      /** The sheet that was read. */
      readonly sheet: string;
    }
  | {
      readonly ok: false;
      readonly errors: readonly ImportIssue[];
      readonly warnings: readonly ImportIssue[];
    };

export interface ImportXlsxOptions {
  /** Name of the file, for messages only. */
  readonly fileName?: string;
  /** The sheet to read: its name, or its 1-based position. Default: the first sheet. */
  readonly sheet?: string | number | undefined;
}

/**
 * Imports a cohort from one sheet of an Excel .xlsx workbook, given as bytes (no Node APIs: this
 * runs in browsers too). The sheet is read into the text cells a CSV would hold (see `readSheet`:
 * typed cells, dates, and the refusals of merged cells, empty header cells and uncalculated
 * formulas) and then goes through exactly the CSV import's validation — dictionary types, levels,
 * missing codes, eligibility, endpoints, every problem at once — so a workbook and the CSV of the
 * same data give the same cohort or the same problems. Problems name the sheet and the cell
 * (`Sheet "lung", cell C17 (column "age")`); rows are the sheet's rows.
 *
 * @example
 * const result = importCohortXlsx(new Uint8Array(await file.arrayBuffer()), dictionary, { fileName: file.name });
 */
export function importCohortXlsx(
  bytes: Uint8Array | ArrayBuffer,
  dictionary: StudyDictionary,
  options: ImportXlsxOptions = {},
): ImportXlsxResult {
  const file = options.fileName ?? 'The workbook';
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const sheet = readSheet(data, dictionary, file, options.sheet);
  if (!sheet.ok) return { ok: false, errors: sheet.errors, warnings: [] };
  const { records, firstRow, columnLetters } = sheet.value;
  const header = records[0] ?? [];
  const letterOf = new Map(header.map((h, j) => [h, columnLetters[j]!]));
  const csv = records.map((rec) => rec.map(quote).join(',')).join('\n');
  const result = importCohortCsv(csv, dictionary, {
    fileName: `${file} (sheet "${sheet.value.sheet}")`,
    delimiter: ',',
  });
  const locate = (issue: ImportIssue) => inSheet(issue, sheet.value.sheet, firstRow, letterOf);
  if (!result.ok)
    return { ok: false, errors: result.errors.map(locate), warnings: result.warnings.map(locate) };
  return { ok: true, cohort: result.cohort, warnings: result.warnings.map(locate), sheet: sheet.value.sheet };
}

function quote(cell: string): string {
  return `"${cell.replaceAll('"', '""')}"`;
}

/**
 * Re-addresses an issue of the CSV pipeline (row numbered from the header = row 1, column by name)
 * to the sheet: its row, the cell (`C17`) and the sheet's name. The issue's fields are structured;
 * only the place at the start of its message, which `makeIssue` writes from those same fields, is replaced.
 */
function inSheet(
  issue: ImportIssue,
  sheet: string,
  firstRow: number,
  letterOf: Map<string, string>,
): ImportIssue {
  const csvPlace = [
    issue.row === null ? null : `Row ${issue.row}`,
    issue.column === null ? null : `column "${issue.column}"`,
  ]
    .filter((s) => s !== null)
    .join(', ');
  const body =
    csvPlace !== '' && issue.message.startsWith(`${csvPlace}: `)
      ? issue.message.slice(csvPlace.length + 2)
      : issue.message;
  const row = issue.row === null ? null : issue.row + firstRow - 1;
  const letter = issue.column === null ? undefined : letterOf.get(issue.column);
  const place =
    row !== null && letter !== undefined
      ? `cell ${letter}${row} (column "${issue.column}")`
      : row !== null
        ? issue.column === null
          ? `row ${row}`
          : `row ${row}, column "${issue.column}"`
        : issue.column === null
          ? null
          : `column "${issue.column}"`;
  const message = `Sheet "${sheet}"${place === null ? '' : `, ${place}`}: ${body}`;
  return { ...issue, row, message };
}
