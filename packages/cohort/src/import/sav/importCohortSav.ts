import type { Cohort } from '../../cohort.js';
import { parseDictionary } from '../../dictionary/parseDictionary.js';
import type { StudyDictionary, VariableSpec } from '../../dictionary/schema.js';
import { CohortError, type ImportIssue, makeIssue } from '../../errors.js';
import { formatDay } from '../cellReaders.js';
import { importCohortCsv } from '../importCohortCsv.js';
import { readSav, type SavFile, SavFormatError, type SavVariable } from './readSav.js';
import { completeDictionary, isDateVariable, isUserMissing, numberText } from './savDictionary.js';

export type SavImportResult =
  | {
      readonly ok: true;
      readonly cohort: Cohort;
      readonly warnings: readonly ImportIssue[];
      /** The dictionary used: the given one completed from the file's metadata. */
      readonly dictionary: StudyDictionary;
    }
  | {
      readonly ok: false;
      readonly errors: readonly ImportIssue[];
      readonly warnings: readonly ImportIssue[];
    };

/** Days from 1582-10-14 (SPSS's epoch, the first day of the Gregorian calendar) to 1970-01-01. */
const SPSS_EPOCH_DAYS = 141_428;
const DAY_SECONDS = 86_400;

/**
 * Imports an SPSS system file (`.sav`) as a cohort. The file's metadata completes the dictionary
 * (see `completeDictionary`: variable labels, value labels as levels, dates), user-missing values
 * (discrete or ranges) and system-missing values become missing, SPSS dates (seconds since
 * 1582-10-14) become dates. The cases then pass the very checks a CSV passes — types, levels,
 * ranges, eligibility, endpoints — by handing `importCohortCsv` the cases written as CSV, so a
 * .sav and a CSV of the same data give the same cohort. Problems name the SPSS variable and the
 * case number (1 = the first case, as SPSS's Data View numbers them).
 *
 * @param dictionaryInput a parsed JSON/YAML dictionary, possibly without `variables`, or undefined;
 *   when the completed dictionary does not validate, its problems are the result's errors
 * @example
 * const result = importCohortSav(bytes, { study, endpoints, group }, { fileName: 'lung.sav' });
 */
export function importCohortSav(
  bytes: Uint8Array,
  dictionaryInput: unknown,
  options: { readonly fileName?: string; readonly dictionaryName?: string } = {},
): SavImportResult {
  const fileName = options.fileName ?? 'data.sav';
  let sav: SavFile;
  try {
    sav = readSav(bytes);
  } catch (e) {
    if (!(e instanceof SavFormatError)) throw e;
    const issue = makeIssue({
      problem: `${fileName} cannot be read as an SPSS file: ${e.message}`,
      expected: 'an SPSS system file (.sav) as SPSS, PSPP or R (haven::write_sav) writes it',
    });
    return { ok: false, errors: [issue], warnings: [] };
  }
  let dictionary: StudyDictionary;
  try {
    dictionary = parseDictionary(
      completeDictionary(dictionaryInput, sav, fileName),
      options.dictionaryName ?? `the dictionary for ${fileName}`,
    );
  } catch (e) {
    // E.g. an SPSS name the dictionary does not allow ("Q1@", "#x"), or a dictionary key mistyped.
    if (!(e instanceof CohortError)) throw e;
    return { ok: false, errors: e.issues, warnings: [] };
  }
  const warnings: ImportIssue[] = [];
  const csv = toCsv(sav, dictionary, warnings);
  const result = importCohortCsv(csv, dictionary, { fileName });
  const all = [...warnings, ...result.warnings.map(asCase)];
  if (!result.ok) return { ok: false, errors: result.errors.map(asCase), warnings: all };
  return { ok: true, cohort: result.cohort, warnings: all, dictionary };
}

/** A CSV import issue restated for a .sav file: CSV row r is case r − 1, a CSV column is a variable. */
function asCase(issue: ImportIssue): ImportIssue {
  const row = issue.row === null || issue.row <= 1 ? null : issue.row - 1;
  // makeIssue wrote the place as `Row r, column "x": `; the rest of the sentence is kept.
  const place = [
    row === null ? null : `Case ${row}`,
    issue.column === null ? null : `variable "${issue.column}"`,
  ]
    .filter((s) => s !== null)
    .join(', ');
  const sentence = issue.message.replace(/^Row \d+(, column "[^"]*")?: |^column "[^"]*": /, '');
  return { ...issue, row, message: place === '' ? sentence : `${place}: ${sentence}` };
}

/** Writes the cases as CSV cells the dictionary's readers accept; missing values are empty cells. */
function toCsv(sav: SavFile, dictionary: StudyDictionary, warnings: ImportIssue[]): string {
  const specs = new Map(dictionary.variables.map((v) => [v.name, v]));
  const cells = sav.variables.map((v, j) => columnCells(v, sav.columns[j]!, specs.get(v.name), warnings));
  const lines = [sav.variables.map((v) => quote(v.name)).join(',')];
  for (let i = 0; i < sav.cases; i++) lines.push(cells.map((c) => quote(c[i]!)).join(','));
  return `${lines.join('\n')}\n`;
}

function columnCells(
  v: SavVariable,
  column: Float64Array | string[],
  spec: VariableSpec | undefined,
  warnings: ImportIssue[],
): string[] {
  const labelOf = new Map(v.valueLabels.map((l) => [l.value, l.label.trim()]));
  const levelValues =
    spec?.type === 'categorical' ? new Set(spec.levels.map((l) => l.value.toLowerCase())) : null;
  let timeOfDay = 0;
  const out = Array.from(column as ArrayLike<number | string>, (x) => {
    if (typeof x === 'number' && Number.isNaN(x)) return '';
    if (isUserMissing(v.missing, x)) return '';
    if (typeof x === 'string') return x;
    if (isDateVariable(v) && spec?.type === 'date') {
      const days = x / DAY_SECONDS - SPSS_EPOCH_DAYS;
      if (!Number.isInteger(days)) timeOfDay++;
      return formatAs(formatDay(Math.floor(days)), spec.format);
    }
    const text = numberText(x);
    // A dictionary that names levels by their SPSS value labels (e.g. "Male") still matches.
    if (levelValues !== null && !levelValues.has(text.toLowerCase())) return labelOf.get(x) ?? text;
    return text;
  });
  if (timeOfDay > 0) {
    warnings.push(
      makeIssue({
        column: v.name,
        problem: `${timeOfDay} date-time ${timeOfDay === 1 ? 'value has' : 'values have'} a time of day, which was dropped (variable "${v.name}")`,
        expected: 'dates; survkit counts follow-up in whole days',
      }),
    );
  }
  return out;
}

/** Rewrites YYYY-MM-DD in a dictionary's date format (a dictionary may override a date's format). */
function formatAs(iso: string, format: 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD.MM.YYYY'): string {
  const [y, m, d] = iso.split('-');
  if (format === 'DD/MM/YYYY') return `${d}/${m}/${y}`;
  if (format === 'MM/DD/YYYY') return `${m}/${d}/${y}`;
  if (format === 'DD.MM.YYYY') return `${d}.${m}.${y}`;
  return iso;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
