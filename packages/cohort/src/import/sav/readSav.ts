/**
 * A reader for SPSS system files (`.sav`), from bytes: no Node APIs, so it runs in a browser.
 *
 * Follows PSPP's "System File Format" description: the file header (record "$FL2"), variable
 * records (type 2), value labels (types 3 and 4), documents (type 6), extension records (type 7:
 * subtype 3 machine integers, 4 machine floats, 13 long variable names, 14 very long strings,
 * 20 character encoding; others are skipped by their declared size), the end of the dictionary
 * (type 999), then the cases, uncompressed or bytecode-compressed (bias 100). zlib-compressed
 * files ("$FL3", SPSS's "ZSAV") are refused with a clear error.
 */

/** A user-missing specification as SPSS stores it: up to three values, or a range and one value. */
export interface SavMissing {
  readonly values: readonly (number | string)[];
  readonly range: readonly [number, number] | null;
}

export interface SavVariable {
  /** The long variable name (subtype 13), else the 8-byte short name. */
  readonly name: string;
  readonly label: string | null;
  /** 0 for numeric, else the string width in bytes. */
  readonly width: number;
  /** The print format's type code (5 = F, 20 = DATE, 22 = DATETIME, …). */
  readonly formatType: number;
  readonly valueLabels: readonly { readonly value: number | string; readonly label: string }[];
  readonly missing: SavMissing;
}

export interface SavFile {
  readonly variables: readonly SavVariable[];
  /** One column per variable: numbers (NaN = system-missing) or strings (trailing blanks removed). */
  readonly columns: readonly (Float64Array | string[])[];
  readonly cases: number;
  readonly encoding: string;
}

/** A file that is not a readable system file; `message` says what and where (byte offset). */
export class SavFormatError extends Error {
  override readonly name = 'SavFormatError';
}

/** Raw variable record: one per 8-byte element that starts a variable (continuations dropped). */
interface RawVar {
  shortName: string;
  name: string;
  label: Uint8Array | null;
  width: number;
  formatType: number;
  /** Index of the variable's first 8-byte element in a case. */
  element: number;
  labels: { raw: Uint8Array; label: Uint8Array }[];
  missingRaw: Uint8Array[];
  nMissing: number;
}

const SYSMIS = -Number.MAX_VALUE;

class Cursor {
  pos = 0;
  little = true;
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length)
      throw new SavFormatError(`the file ends inside ${what} (byte ${this.pos} of ${this.bytes.length})`);
  }
  int(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, this.little);
    this.pos += 4;
    return v;
  }
  double(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, this.little);
    this.pos += 8;
    return v;
  }
  take(n: number, what: string): Uint8Array {
    if (n < 0) throw new SavFormatError(`${what} has a negative length at byte ${this.pos}`);
    this.need(n, what);
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

/** A text decoder (TextDecoder exists in Node and browsers; its type is in the DOM lib, not Node's). */
interface Decoder {
  decode(bytes: Uint8Array): string;
}

const latin1: Decoder = new TextDecoder('windows-1252');

/** Reads a system file; throws {@link SavFormatError} when the bytes are not one. */
export function readSav(bytes: Uint8Array): SavFile {
  const c = new Cursor(bytes);
  const magic = latin1.decode(c.take(4, 'the file header'));
  if (magic === '$FL3')
    throw new SavFormatError('the file is a zlib-compressed SPSS file (.zsav), which survkit does not read');
  if (magic !== '$FL2')
    throw new SavFormatError('the file does not start with "$FL2", the mark of an SPSS system file');
  c.take(60, 'the file header');
  c.need(4, 'the file header');
  const layout = c.view.getInt32(c.pos, true);
  if (layout !== 2 && layout !== 3) c.little = false;
  c.int('the file header');
  c.int('the file header'); // nominal case size: recomputed from the variable records
  const compression = c.int('the file header');
  if (compression !== 0 && compression !== 1)
    throw new SavFormatError(
      `the file uses compression ${compression}; survkit reads none (0) or bytecode (1)`,
    );
  c.int('the file header'); // weight index
  const ncases = c.int('the file header');
  const bias = c.double('the file header');
  c.take(9 + 8 + 64 + 3, 'the file header');

  const { vars, elements, encoding, longWidths, longNamesRaw } = readDictionary(c);
  const decoder = makeDecoder(encoding);
  // Long names map the (ASCII) short names to names in the file's encoding.
  const longNames = new Map<string, string>();
  for (const pair of longNamesRaw === null ? [] : decoder.decode(longNamesRaw).split('\t')) {
    const eq = pair.indexOf('=');
    if (eq > 0) longNames.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  for (const v of vars) v.name = longNames.get(v.shortName) ?? v.shortName;
  const data = readCases(c, elements, compression === 1, bias, ncases);
  return assemble(vars, data, decoder, longWidths, encoding, c.little);
}

function makeDecoder(encoding: string): Decoder {
  try {
    return new TextDecoder(encoding);
  } catch {
    throw new SavFormatError(`the file's character encoding "${encoding}" is not one this system can decode`);
  }
}

function readDictionary(c: Cursor) {
  const vars: RawVar[] = [];
  let elements = 0;
  let encoding = 'windows-1252';
  let longNamesRaw: Uint8Array | null = null;
  const longWidths = new Map<string, number>();
  // Value labels refer to variables by their element index (1-based); labels come before their type 4 record.
  let pendingLabels: { raw: Uint8Array; label: Uint8Array }[] | null = null;
  const byElement = new Map<number, RawVar>();
  for (;;) {
    const at = c.pos;
    const type = c.int('the dictionary');
    if (type === 2) {
      const v = readVariableRecord(c, at, elements);
      if (v !== null) {
        vars.push(v);
        byElement.set(elements + 1, v);
      }
      elements++;
    } else if (type === 3) {
      const count = c.int('a value label record');
      pendingLabels = [];
      for (let k = 0; k < count; k++) {
        const raw = c.take(8, 'a value label');
        const len = c.take(1, 'a value label')[0]!;
        const text = c.take(Math.ceil((len + 1) / 8) * 8 - 1, 'a value label').subarray(0, len);
        pendingLabels.push({ raw, label: text });
      }
    } else if (type === 4) {
      const count = c.int('a value label variables record');
      if (pendingLabels === null)
        throw new SavFormatError(`record type 4 at byte ${at} follows no value labels`);
      for (let k = 0; k < count; k++) {
        const index = c.int('a value label variables record');
        const v = byElement.get(index);
        if (v === undefined)
          throw new SavFormatError(
            `value labels at byte ${at} refer to variable ${index}, which does not exist`,
          );
        v.labels.push(...pendingLabels);
      }
      pendingLabels = null;
    } else if (type === 6) {
      const lines = c.int('a document record');
      c.take(lines * 80, 'a document record');
    } else if (type === 7) {
      const ext = readExtension(c);
      if (ext.subtype === 13) longNamesRaw = ext.body;
      else if (ext.subtype === 14) {
        for (const pair of latin1.decode(ext.body).split('\t')) {
          const eq = pair.indexOf('=');
          if (eq > 0) longWidths.set(pair.slice(0, eq), Number.parseInt(pair.slice(eq + 1), 10));
        }
      } else if (ext.subtype === 20) {
        encoding = latin1.decode(ext.body).replace(/\0+$/, '').trim() || encoding;
      } else if (ext.subtype === 3 && ext.body.length >= 32) {
        // Character code 65001 is UTF-8; subtype 20, when present, later overrides this.
        const code = new DataView(ext.body.buffer, ext.body.byteOffset + 28, 4).getInt32(0, c.little);
        if (code === 65001) encoding = 'utf-8';
      }
    } else if (type === 999) {
      c.int('the end of the dictionary');
      break;
    } else {
      throw new SavFormatError(
        `unknown record type ${type} at byte ${at} (the file is damaged or not an SPSS file)`,
      );
    }
  }
  if (vars.length === 0) throw new SavFormatError('the file declares no variables');
  return { vars, elements, encoding, longWidths, longNamesRaw };
}

/** A variable record (type 2, its type word already read); `null` for a string's continuation record. */
function readVariableRecord(c: Cursor, at: number, element: number): RawVar | null {
  const width = c.int('a variable record');
  const hasLabel = c.int('a variable record');
  const nMissing = c.int('a variable record');
  const print = c.int('a variable record');
  c.int('a variable record');
  const shortName = latin1.decode(c.take(8, 'a variable record')).trimEnd();
  let label: Uint8Array | null = null;
  if (hasLabel === 1) {
    const len = c.int('a variable label');
    label = c.take(Math.ceil(len / 4) * 4, 'a variable label').subarray(0, len);
  }
  if (Math.abs(nMissing) > 3)
    throw new SavFormatError(`variable record at byte ${at} declares ${nMissing} missing values (at most 3)`);
  const missingRaw: Uint8Array[] = [];
  for (let k = 0; k < Math.abs(nMissing); k++) missingRaw.push(c.take(8, 'missing values'));
  if (width === -1) return null;
  if (width < 0 || width > 255)
    throw new SavFormatError(`variable record at byte ${at} has an invalid width ${width}`);
  const formatType = (print >> 16) & 0xff;
  return { shortName, name: shortName, label, width, formatType, element, labels: [], missingRaw, nMissing };
}

/** An extension record (type 7, its type word already read): subtype and body. */
function readExtension(c: Cursor): { subtype: number; body: Uint8Array } {
  const subtype = c.int('an extension record');
  const size = c.int('an extension record');
  const count = c.int('an extension record');
  if (size < 0 || count < 0 || size * count > c.bytes.length)
    throw new SavFormatError(`extension record ${subtype} at byte ${c.pos - 16} has an impossible size`);
  return { subtype, body: c.take(size * count, `extension record ${subtype}`) };
}

/** Reads every case as `elements` raw 8-byte elements. */
function readCases(
  c: Cursor,
  elements: number,
  compressed: boolean,
  bias: number,
  ncases: number,
): Uint8Array[] {
  const cases: Uint8Array[] = [];
  const size = elements * 8;
  if (!compressed) {
    const available = Math.floor((c.bytes.length - c.pos) / size);
    if (ncases >= 0 && available < ncases)
      throw new SavFormatError(
        `the file is truncated: the header announces ${ncases} cases, the data hold ${available}`,
      );
    const n = ncases >= 0 ? ncases : available;
    for (let i = 0; i < n; i++) cases.push(c.take(size, `case ${i + 1}`));
    return cases;
  }
  const spaces = new Uint8Array(8).fill(0x20);
  const sysmis = new Uint8Array(8);
  new DataView(sysmis.buffer).setFloat64(0, SYSMIS, c.little);
  let commands: Uint8Array = new Uint8Array(0);
  let k = 8;
  let current = new Uint8Array(size);
  let filled = 0;
  for (;;) {
    if (ncases >= 0 && cases.length === ncases) break;
    if (k === 8) {
      if (c.pos === c.bytes.length) break;
      commands = c.take(8, `the compressed data of case ${cases.length + 1}`);
      k = 0;
    }
    const code = commands[k++]!;
    if (code === 0) continue;
    if (code === 252) break;
    let element: Uint8Array;
    if (code === 253) element = c.take(8, `the compressed data of case ${cases.length + 1}`);
    else if (code === 254) element = spaces;
    else if (code === 255) element = sysmis;
    else {
      element = new Uint8Array(8);
      new DataView(element.buffer).setFloat64(0, code - bias, c.little);
    }
    current.set(element, filled);
    filled += 8;
    if (filled === size) {
      cases.push(current);
      current = new Uint8Array(size);
      filled = 0;
    }
  }
  if (filled !== 0) throw new SavFormatError(`the file is truncated inside case ${cases.length + 1}`);
  if (ncases >= 0 && cases.length < ncases)
    throw new SavFormatError(
      `the file is truncated: the header announces ${ncases} cases, the data hold ${cases.length}`,
    );
  return cases;
}

/**
 * Builds the variables and their columns. A very long string (subtype 14) of width W is stored as
 * ceil(W / 252) segment variables; every segment but the last holds 255 bytes of the value.
 */
function assemble(
  raws: RawVar[],
  data: Uint8Array[],
  decoder: Decoder,
  longWidths: Map<string, number>,
  encoding: string,
  little: boolean,
): SavFile {
  const variables: SavVariable[] = [];
  const columns: (Float64Array | string[])[] = [];
  const n = data.length;
  for (let j = 0; j < raws.length; j++) {
    const v = raws[j]!;
    const long = longWidths.get(v.shortName);
    const segments = long === undefined ? [v] : raws.slice(j, j + Math.ceil(long / 252));
    if (long !== undefined) j += segments.length - 1;
    const width = long ?? v.width;
    const num = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, little);
    const str = (b: Uint8Array) => decoder.decode(b).replace(/[ \0]+$/, '');
    let column: Float64Array | string[];
    if (width === 0) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = num(data[i]!.subarray(v.element * 8, v.element * 8 + 8));
        values[i] = x === SYSMIS ? Number.NaN : x;
      }
      column = values;
    } else {
      column = data.map((row) => {
        const parts = segments.map((s, k) => {
          const used = k < segments.length - 1 ? 255 : s.width;
          return row.subarray(s.element * 8, s.element * 8 + used);
        });
        const joined = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
        let o = 0;
        for (const p of parts) {
          joined.set(p, o);
          o += p.length;
        }
        return str(joined);
      });
    }
    const value = (raw: Uint8Array) => (width === 0 ? num(raw) : str(raw));
    const missing: SavMissing =
      v.nMissing < 0
        ? {
            range: [num(v.missingRaw[0]!), num(v.missingRaw[1]!)],
            values: v.missingRaw.slice(2).map(value),
          }
        : { range: null, values: v.missingRaw.map(value) };
    variables.push({
      name: v.name,
      label: v.label === null ? null : decoder.decode(v.label),
      width,
      formatType: v.formatType,
      valueLabels: v.labels.map((l) => ({ value: value(l.raw), label: decoder.decode(l.label) })),
      missing,
    });
    columns.push(column);
  }
  return { variables, columns, cases: n, encoding };
}
