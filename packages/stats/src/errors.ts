/**
 * The one failure contract of `@survkit/stats`: invalid input throws a `StatsInputError`
 * whose message names the function, where the problem is (row, field) and what was expected.
 * Numerical trouble that still yields an answer is never thrown; it is reported in a
 * result's `warnings` array in R's words.
 */
export class StatsInputError extends Error {
  override readonly name = 'StatsInputError';
  /** The public function that rejected its input, e.g. `'kaplanMeier'`. */
  readonly fn: string;
  /** Zero-based row index of the offending observation, when one row is to blame. */
  readonly row: number | undefined;
  /** The argument or field at fault, e.g. `'time'` or `'covariates.age'`. */
  readonly field: string | undefined;

  constructor(fn: string, problem: string, where: { row?: number; field?: string } = {}) {
    const place = [
      where.field === undefined ? undefined : `${where.field}`,
      where.row === undefined ? undefined : `row ${where.row}`,
    ]
      .filter((s) => s !== undefined)
      .join(', ');
    super(`${fn}: ${place ? `${place}: ` : ''}${problem}`);
    this.fn = fn;
    this.row = where.row;
    this.field = where.field;
  }
}

/**
 * Thrown when an input is valid but beyond what an exact algorithm can do within its stated
 * limits (for example Fisher's exact test on a very large r×c table). The message names the limit.
 */
export class StatsLimitError extends Error {
  override readonly name = 'StatsLimitError';
  readonly fn: string;
  readonly limit: string;

  constructor(fn: string, limit: string, detail: string) {
    super(`${fn}: ${detail} (limit: ${limit})`);
    this.fn = fn;
    this.limit = limit;
  }
}
