import type { StudyDictionary } from '../../dictionary/schema.js';
import { type ImportIssue, makeIssue } from '../../errors.js';

function simplify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Stage 3, header: where each column is. Empty and repeated header cells and missing required
 * columns are errors (a near miss in spelling or case is named); columns the dictionary does not
 * define, or derives itself, are warnings and are ignored.
 *
 * @param known the dictionary's raw (not derived) variable names and its id column
 * @returns the column index of each header name (trimmed), and the header's width
 */
export function readHeader(
  headerRecord: readonly string[] | undefined,
  dictionary: StudyDictionary,
  known: ReadonlySet<string>,
  errors: ImportIssue[],
  warnings: ImportIssue[],
): { columnIndex: Map<string, number>; width: number } {
  const header = (headerRecord ?? []).map((h) => h.trim());
  const columnIndex = new Map<string, number>();
  header.forEach((h, j) => {
    if (h === '') {
      errors.push(
        makeIssue({ row: 1, problem: `header cell ${j + 1} is empty`, expected: 'a name for every column' }),
      );
    } else if (columnIndex.has(h)) {
      errors.push(
        makeIssue({
          row: 1,
          column: h,
          value: h,
          problem: `column "${h}" appears twice`,
          expected: 'unique column names',
        }),
      );
    } else {
      columnIndex.set(h, j);
    }
  });
  const specs = new Map(dictionary.variables.map((v) => [v.name, v]));
  const raw = dictionary.variables.filter((v) => v.derive === undefined);
  const derivedNames = new Set(dictionary.variables.filter((v) => v.derive !== undefined).map((v) => v.name));
  const unknownColumns = [...columnIndex.keys()].filter((h) => !known.has(h));
  const expectedColumns =
    dictionary.id === undefined ? raw.map((v) => v.name) : [dictionary.id, ...raw.map((v) => v.name)];
  for (const name of expectedColumns) {
    if (columnIndex.has(name)) continue;
    const spec = specs.get(name);
    if (spec !== undefined && !spec.required) continue;
    const near = unknownColumns.find((h) => simplify(h) === simplify(name));
    errors.push(
      makeIssue({
        row: 1,
        column: name,
        problem: `the required column "${name}"${spec ? ` (${spec.label})` : ''} is missing${
          near === undefined ? '' : ` (the file has "${near}" — names must match exactly)`
        }`,
        // Name only this column: one issue per missing column, and repeating the full header in each
        // would bury the message when a wrong file (or another study's export) is given.
        expected: `a column headed "${name}" in row 1`,
      }),
    );
  }
  for (const h of unknownColumns) {
    warnings.push(
      makeIssue({
        row: 1,
        column: h,
        value: h,
        problem: derivedNames.has(h)
          ? `column "${h}" is derived by the dictionary; the file's values are ignored`
          : `column "${h}" is not in the dictionary and is ignored`,
        expected: 'only the columns the dictionary defines',
      }),
    );
  }

  return { columnIndex, width: header.length };
}
