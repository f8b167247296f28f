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

/** A short description of a bad argument for an error message: its type, or its value when short. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string "${value.length > 20 ? `${value.slice(0, 20)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

/**
 * The one check that an argument is a plain object (not null, not an array): every public
 * function calls it (or `checkOptions`) on its object arguments first, so a wrong call fails as a
 * `StatsInputError` naming the argument instead of a TypeError from deep inside.
 */
export function checkObject(fn: string, value: unknown, field: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new StatsInputError(fn, `is ${describeValue(value)}; expected an object`, { field });
}

/** `checkObject` for an optional `options` argument: `undefined` means all defaults. */
export function checkOptions(fn: string, options: unknown, field = 'options'): void {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options)))
    throw new StatsInputError(fn, `is ${describeValue(options)}; expected an object or undefined`, { field });
}

/** Throws unless `value` is an array of strings (a list of variable names). */
export function checkStringList(fn: string, value: unknown, field: string): void {
  if (!Array.isArray(value))
    throw new StatsInputError(fn, `is ${describeValue(value)}; expected an array of variable names`, {
      field,
    });
  value.forEach((v, i) => {
    if (typeof v !== 'string')
      throw new StatsInputError(fn, `is ${describeValue(v)}; expected a variable name (string)`, {
        field: `${field}[${i}]`,
      });
  });
}
