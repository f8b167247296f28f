import type { VariableSpec } from '../../dictionary/schema.js';
import { BAD, type CellReader } from '../cellReaders.js';

/**
 * Cell readers over ASCII bytes, for the byte path (`byteRows.ts`): the value `cellReader` gives
 * for the same text, read from the bytes without making a string — or `UNSURE` when the cell is
 * anything but the common case (an exponent, more than 15 digits, a bad or out-of-range value, a
 * mark the reader must remember), and the caller then makes the string and asks `cellReader`.
 * So every answer is `cellReader`'s by construction or by delegation, and every problem message
 * is its own. Cells are trimmed ASCII (no byte ≥ 0x80): `bytes[s..e)`.
 */
export interface ByteCellReader {
  read(bytes: Uint8Array, s: number, e: number): number;
}

/** "Ask the string reader": never a value any reader returns (values are finite, NaN or -1). */
export const UNSURE = Number.POSITIVE_INFINITY;

const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;

/** 10^k, exact as doubles for k ≤ 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The byte reader for a raw variable whose string reader is `reader` (`cellReader(spec, decimalComma)`). */
export function byteCellReader(
  spec: VariableSpec,
  reader: CellReader,
  decimalComma: boolean,
): ByteCellReader {
  const missing = missingTokens(spec.missing);
  switch (spec.type) {
    case 'categorical':
    case 'boolean':
      return new MemoReader(reader);
    case 'continuous':
      return {
        read(bytes, s, e) {
          if (isToken(missing, bytes, s, e)) return Number.NaN;
          const x = parseDecimal(bytes, s, e, decimalComma);
          if (x === UNSURE) return UNSURE;
          if (spec.integer && !Number.isInteger(x)) return UNSURE;
          if (spec.min !== undefined && x < spec.min) return UNSURE;
          if (spec.max !== undefined && x > spec.max) return UNSURE;
          return x;
        },
      };
    case 'date': {
      const parse = dateParser(spec.format);
      return {
        read: (bytes, s, e) => (isToken(missing, bytes, s, e) ? Number.NaN : parse(bytes, s, e)),
      };
    }
  }
}

/** The missing-value tokens as lower-case ASCII bytes (one that is not ASCII never equals an ASCII cell). */
function missingTokens(tokens: readonly string[]): Uint8Array[] {
  return tokens
    .map((t) => t.toLowerCase())
    .filter((t) => [...t].every((ch) => ch.charCodeAt(0) < 0x80))
    .map((t) => Uint8Array.from(t, (ch) => ch.charCodeAt(0)));
}

/** Whether `bytes[s..e)` is one of `tokens`, ignoring ASCII case (as `raw.toLowerCase()` is for ASCII). */
function isToken(tokens: readonly Uint8Array[], bytes: Uint8Array, s: number, e: number): boolean {
  for (const t of tokens) {
    if (t.length !== e - s) continue;
    let k = 0;
    while (k < t.length && lower(bytes[s + k]!) === t[k]) k++;
    if (k === t.length) return true;
  }
  return false;
}

const lower = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 32 : b);

/**
 * `Number(raw)` for a cell matching `cellReaders`' NUMBER pattern without an exponent and with at
 * most 15 digits, else `UNSURE`: such a decimal is an integer m < 10¹⁵ over 10^k, both exact
 * doubles, and one IEEE division rounds m / 10^k correctly, as `Number` does (Clinger's fast path,
 * "How to read floating point numbers accurately", PLDI 1990). With a decimal comma only cells
 * without a mark are read here: the string reader remembers the column's first mark.
 */
function parseDecimal(bytes: Uint8Array, s: number, e: number, decimalComma: boolean): number {
  let i = s;
  const negative = bytes[i] === MINUS;
  if (negative || bytes[i] === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1; // digits after the point, -1 before it
  for (; i < e; i++) {
    const b = bytes[i]!;
    const d = b - ZERO;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (b === DOT && fraction < 0 && !decimalComma) {
      fraction = 0;
    } else {
      return UNSURE; // an exponent, a comma, a second point, a letter: the string reader decides
    }
  }
  if (digits === 0 || digits > 15) return UNSURE;
  const x = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  return negative ? -x : x;
}

/**
 * The date parser of `cellReaders` on bytes: three groups of ASCII digits (the year's exactly 4,
 * the others 1 or 2) around the format's separator, a year 1800–2200 and a real calendar day, as
 * days since 1970-01-01 — else `UNSURE`.
 */
function dateParser(
  format: 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD.MM.YYYY',
): (bytes: Uint8Array, s: number, e: number) => number {
  const separator = (format === 'YYYY-MM-DD' ? '-' : format === 'DD.MM.YYYY' ? '.' : '/').charCodeAt(0);
  const yearFirst = format === 'YYYY-MM-DD';
  const dayFirst = format !== 'MM/DD/YYYY';
  return (bytes, s, e) => {
    const g = [0, 0, 0];
    const len = [0, 0, 0];
    let k = 0;
    for (let i = s; i < e; i++) {
      const b = bytes[i]!;
      if (b === separator) {
        if (++k > 2) return UNSURE;
      } else if (b >= ZERO && b <= ZERO + 9) {
        g[k] = g[k]! * 10 + (b - ZERO);
        len[k]!++;
      } else return UNSURE;
    }
    if (k !== 2) return UNSURE;
    const [y, a, b] = yearFirst ? [0, 1, 2] : [2, 0, 1];
    if (len[y] !== 4 || len[a]! < 1 || len[a]! > 2 || len[b]! < 1 || len[b]! > 2) return UNSURE;
    const year = g[y]!;
    const month = yearFirst || !dayFirst ? g[a]! : g[b]!;
    const day = yearFirst || !dayFirst ? g[b]! : g[a]!;
    if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return UNSURE;
    if (day > daysInMonth(year, month)) return UNSURE;
    return daysFromCivil(year, month, day);
  };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (as `Date.UTC(y, m − 1, d) / 86 400 000`),
 * by H. Hinnant's days_from_civil ("chrono-Compatible Low-Level Date Algorithms").
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The most distinct cells a level column's byte memo holds (levels and missing tokens are few). */
const MEMO_SLOTS = 1024;

/**
 * A categorical or boolean reader remembering its answers by the cell's bytes (an FNV-1a hash,
 * open addressing, the bytes compared on a hit): a level column has a handful of distinct texts,
 * and looking them up in place costs less than making a string per cell. A text first seen is
 * read by the string reader; bad cells (`BAD`) are never remembered, so their issue is made there.
 */
class MemoReader implements ByteCellReader {
  private readonly hashes = new Int32Array(MEMO_SLOTS);
  private readonly values = new Float64Array(MEMO_SLOTS);
  private readonly keys: (Uint8Array | undefined)[] = new Array(MEMO_SLOTS);
  private size = 0;

  constructor(private readonly reader: CellReader) {}

  read(bytes: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    for (let slot = h & (MEMO_SLOTS - 1); ; slot = (slot + 1) & (MEMO_SLOTS - 1)) {
      const key = this.keys[slot];
      if (key === undefined) return this.learn(slot, h, bytes, s, e);
      if (this.hashes[slot] === h && sameBytes(key, bytes, s, e)) return this.values[slot]!;
    }
  }

  private learn(slot: number, h: number, bytes: Uint8Array, s: number, e: number): number {
    const x = this.reader.read(asciiString(bytes, s, e));
    if (x === BAD) return UNSURE;
    // Half full at most, so that a probe always ends at an empty slot.
    if (this.size < MEMO_SLOTS / 2) {
      this.keys[slot] = bytes.slice(s, e);
      this.hashes[slot] = h;
      this.values[slot] = x;
      this.size++;
    }
    return x;
  }
}

function sameBytes(key: Uint8Array, bytes: Uint8Array, s: number, e: number): boolean {
  if (key.length !== e - s) return false;
  for (let k = 0; k < key.length; k++) if (key[k] !== bytes[s + k]) return false;
  return true;
}

/** The string of ASCII bytes `bytes[s..e)` (a new flat string: it keeps no buffer alive). */
export function asciiString(bytes: Uint8Array, s: number, e: number): string {
  if (e - s <= 4096) return String.fromCharCode.apply(null, bytes.subarray(s, e) as unknown as number[]);
  let out = '';
  for (let at = s; at < e; at += 4096) out += asciiString(bytes, at, Math.min(e, at + 4096));
  return out;
}
