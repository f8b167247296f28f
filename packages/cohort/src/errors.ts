/**
 * One problem found in a data dictionary or a cohort file. Import reports every problem it
 * finds, each located as precisely as it can be: the file row (header = row 1, as a
 * spreadsheet shows it), the column (or, for a dictionary, the key path), the offending value
 * and what was expected. `message` is a full sentence combining all four.
 */
export interface ImportIssue {
  /** Row in the file as a spreadsheet shows it (header = row 1); `null` when no row is to blame. */
  readonly row: number | null;
  /** Column name in the file, or the key path in a dictionary (`variables[3].levels`). */
  readonly column: string | null;
  /** The offending value as written, or `null` when there is none (a missing column). */
  readonly value: string | null;
  /** What would have been accepted, e.g. `a date written YYYY-MM-DD`. */
  readonly expected: string;
  /** A full sentence naming row, column, value and expectation. */
  readonly message: string;
}

/**
 * The one failure contract of `@survkit/cohort`: a dictionary that does not validate, a cohort
 * file that does not import when a cohort is required, or a request for an unknown variable.
 * `issues` lists every problem; `message` is their formatted list.
 */
export class CohortError extends Error {
  override readonly name = 'CohortError';
  readonly issues: readonly ImportIssue[];

  constructor(summary: string, issues: readonly ImportIssue[]) {
    super(issues.length === 0 ? summary : `${summary}\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
    this.issues = issues;
  }
}

/** Builds an {@link ImportIssue} whose message reads "Row 5, column "age": <problem>; expected <expected>." */
export function makeIssue(where: {
  row?: number | null;
  column?: string | null;
  value?: string | null;
  problem: string;
  expected: string;
}): ImportIssue {
  const row = where.row ?? null;
  const column = where.column ?? null;
  const place = [row === null ? null : `Row ${row}`, column === null ? null : `column "${column}"`]
    .filter((s) => s !== null)
    .join(', ');
  const sentence = `${where.problem}; expected ${where.expected}.`;
  const message = place === '' ? sentence : `${place}: ${sentence}`;
  return { row, column, value: where.value ?? null, expected: where.expected, message };
}
