import type { VariableSpec } from '../dictionary/schema.js';
import { levelsOf } from '../table.js';
import { detached } from './csv/byteText.js';

/**
 * Reads one cell of a raw (non-derived) variable. `read` returns the stored number — a level
 * index for categorical/boolean, the value for continuous, days since 1970-01-01 for dates —
 * the column's missing mark for a missing-value token (-1 for codes, NaN for values, as in
 * `Column`), or `BAD` when the cell cannot be read; then `problem` says why, in words for a message.
 */
export interface CellReader {
  read(raw: string): number;
  problem(raw: string): string;
  readonly expected: string;
}

const MISSING = -1;
export const BAD = Number.NEGATIVE_INFINITY;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell reader for `spec` whose answers for repeated cells are remembered: a large cohort
 * repeats the same few thousand dates, levels and whole numbers across a million rows, and a
 * map lookup costs far less than a regular expression and a date round trip per cell. Only
 * readers that are pure functions of the cell are memoised (a decimal-comma column's reader
 * remembers the first decimal mark it saw, so its answer depends on the order of the cells).
 *
 * @param decimalComma as in `plainCellReader`.
 */
export function cellReader(spec: VariableSpec, decimalComma = false): CellReader {
  const reader = plainCellReader(spec, decimalComma);
  if (spec.type === 'continuous' && decimalComma) return reader;
  const seen = new Map<string, number>();
  return {
    expected: reader.expected,
    problem: (raw) => reader.problem(raw),
    read(raw) {
      let x = seen.get(raw);
      if (x === undefined) {
        x = reader.read(raw);
        // bounded: a column of distinct measurements would otherwise hold every cell
        // detached: a key cut from a line would keep the line's whole chunk of text alive
        if (seen.size < MEMO_CELLS) seen.set(detached(raw), x);
      }
      return x;
    },
  };
}

/** The most distinct cells a memoised reader remembers. */
const MEMO_CELLS = 1 << 16;

/**
 * @param decimalComma numbers may be written "62,5" (a semicolon-delimited file, as R's
 * read.csv2). A point is accepted too, but not both in one column: one of them would then be a
 * thousands separator, and "1.234" read as 1.234 instead of 1234 is silently wrong.
 */
function plainCellReader(spec: VariableSpec, decimalComma = false): CellReader {
  const missing = new Set(spec.missing.map((s) => s.toLowerCase()));
  const missingText = `or a missing value (${spec.missing.map((s) => JSON.stringify(s)).join(', ')})`;
  switch (spec.type) {
    case 'categorical':
    case 'boolean':
      return levelReader(spec, missing, missingText);
    case 'continuous':
      return numberReader(spec, decimalComma, missing, missingText);
    case 'date':
      return dateReader(spec, missing, missingText);
  }
}

type SpecOf<T extends VariableSpec['type']> = Extract<VariableSpec, { type: T }>;

/** A level's value or label (any case) → its code; a boolean's true/false words → 1/0. */
function levelReader(
  spec: SpecOf<'categorical'> | SpecOf<'boolean'>,
  missing: ReadonlySet<string>,
  missingText: string,
): CellReader {
  const levels = levelsOf(spec)!;
  const lookup = new Map<string, number>();
  let expected: string;
  if (spec.type === 'categorical') {
    spec.levels.forEach((l, k) => {
      lookup.set(l.value.toLowerCase(), k);
      lookup.set(l.label.toLowerCase(), k);
    });
    const values = spec.levels.map((l) => JSON.stringify(l.value)).join(', ');
    const extraLabels = spec.levels.filter((l) => l.label !== l.value);
    expected = `one of ${values}${
      extraLabels.length > 0
        ? ` (or the labels ${extraLabels.map((l) => JSON.stringify(l.label)).join(', ')})`
        : ''
    } ${missingText}`;
  } else {
    for (const s of spec.falseValues) lookup.set(s.toLowerCase(), 0);
    for (const s of spec.trueValues) lookup.set(s.toLowerCase(), 1);
    expected = `yes (${spec.trueValues.map((s) => JSON.stringify(s)).join(', ')}) or no (${spec.falseValues
      .map((s) => JSON.stringify(s))
      .join(', ')}) ${missingText}`;
  }
  return {
    expected,
    read(raw) {
      const key = raw.toLowerCase();
      if (missing.has(key)) return MISSING;
      return lookup.get(key) ?? BAD;
    },
    problem: (raw) => `${JSON.stringify(raw)} is not a level of ${spec.label} (levels: ${levels.join(', ')})`,
  };
}

/** A number (optionally with a decimal comma), checked against the dictionary's integer/min/max. */
function numberReader(
  spec: SpecOf<'continuous'>,
  decimalComma: boolean,
  missing: ReadonlySet<string>,
  missingText: string,
): CellReader {
  const range =
    spec.min !== undefined && spec.max !== undefined
      ? ` between ${spec.min} and ${spec.max}`
      : spec.min !== undefined
        ? ` of at least ${spec.min}`
        : spec.max !== undefined
          ? ` of at most ${spec.max}`
          : '';
  const expected = `${spec.integer ? 'a whole number' : 'a number'}${spec.unit ? ` (${spec.unit})` : ''}${range} ${missingText}`;
  const plain = (raw: string) => (NUMBER.test(raw) ? Number(raw) : Number.NaN);
  const parse = decimalComma ? (raw: string) => plain(raw.replace(',', '.')) : plain;
  // The first decimal mark seen in the column (decimal-comma files only), and the cell showing it.
  let mark: { readonly sign: string; readonly cell: string } | null = null;
  const otherMark = (raw: string) => {
    const sign = raw.includes(',') ? ',' : raw.includes('.') ? '.' : null;
    if (!decimalComma || sign === null || !Number.isFinite(parse(raw))) return false;
    mark ??= { sign, cell: raw };
    return sign !== mark.sign;
  };
  return {
    expected: decimalComma
      ? expected.replace(/^(a (whole )?number)/, '$1 (decimal comma or point)')
      : expected,
    read(raw) {
      if (missing.has(raw.toLowerCase())) return Number.NaN;
      if (otherMark(raw)) return BAD;
      const x = parse(raw);
      if (!Number.isFinite(x)) return BAD;
      if (spec.integer && !Number.isInteger(x)) return BAD;
      if (spec.min !== undefined && x < spec.min) return BAD;
      if (spec.max !== undefined && x > spec.max) return BAD;
      return x;
    },
    problem(raw) {
      if (mark !== null && otherMark(raw)) {
        const name = (sign: string) => (sign === ',' ? 'decimal comma' : 'decimal point');
        return `${JSON.stringify(raw)} has a ${name(mark.sign === ',' ? '.' : ',')} but an earlier row of this column has ${JSON.stringify(mark.cell)} with a ${name(mark.sign)} (one of them would be a thousands separator)`;
      }
      const x = parse(raw);
      if (!Number.isFinite(x)) return `${JSON.stringify(raw)} is not a number`;
      if (spec.integer && !Number.isInteger(x)) return `${JSON.stringify(raw)} is not a whole number`;
      return `${JSON.stringify(raw)} is out of range`;
    },
  };
}

/** A date in the dictionary's format → days since 1970-01-01. */
function dateReader(spec: SpecOf<'date'>, missing: ReadonlySet<string>, missingText: string): CellReader {
  const parse = dateParser(spec.format);
  return {
    expected: `a date written ${spec.format} ${missingText}`,
    read(raw) {
      if (missing.has(raw.toLowerCase())) return Number.NaN;
      return parse(raw) ?? BAD;
    },
    problem: (raw) => `${JSON.stringify(raw)} is not a valid date`,
  };
}

const DAY_MS = 86_400_000;

/** Returns a parser from the given date format to days since 1970-01-01 (UTC), or `null` for non-dates. */
function dateParser(
  format: 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD.MM.YYYY',
): (raw: string) => number | null {
  const [pattern, order] =
    format === 'YYYY-MM-DD'
      ? [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, [1, 2, 3]]
      : format === 'DD/MM/YYYY'
        ? [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, [3, 2, 1]]
        : format === 'MM/DD/YYYY'
          ? [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, [3, 1, 2]]
          : [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, [3, 2, 1]];
  return (raw) => {
    const m = pattern.exec(raw);
    if (m === null) return null;
    const y = Number(m[order[0]!]);
    const mo = Number(m[order[1]!]);
    const d = Number(m[order[2]!]);
    if (y < 1800 || y > 2200 || mo < 1 || mo > 12 || d < 1) return null;
    // Date.UTC rolls 2021-02-30 over into March; a round trip rejects such non-dates.
    const t = Date.UTC(y, mo - 1, d);
    if (new Date(t).getUTCDate() !== d) return null;
    return t / DAY_MS;
  };
}

/** Formats days since 1970-01-01 as YYYY-MM-DD, for messages. */
export function formatDay(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}
