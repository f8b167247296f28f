import type { CsvEncoding } from './formatTypes.js';

/**
 * A plain file's text kept as its bytes and decoded chunk by chunk, never as one string: a
 * 10⁷-row export (1.7 GiB) is more than the longest string V8 can hold (2²⁹ − 24 characters), and
 * one string of it would double the memory the bytes already take. Plain means what
 * `plainLineEnd` means for a string: no double quote anywhere and one kind of line end, so that
 * a record is a line and nothing about a line depends on another line. Browser-safe: only
 * `TextDecoder` (Node and browsers alike).
 */
export interface ByteText {
  readonly bytes: Uint8Array;
  readonly encoding: CsvEncoding;
  readonly lineEnd: '\n' | '\r\n';
  /** How many bytes are decoded at a time; any size ≥ 1 gives the same lines. */
  readonly chunkBytes: number;
}

/** The default chunk: large enough that per-chunk costs vanish, small next to a large file. */
export const CHUNK_BYTES = 8 * 2 ** 20;

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * Why the bytes are not plain — the first double quote, or the first line end unlike the first
 * line's (any CR in a file of LF line ends; a lone LF or CR in one of CR LF; a lone CR first), each
 * with its byte offset — or the line end when they are plain. A double quote, CR and LF are single
 * bytes inside no UTF-8 or Windows-1252 character, so this answers as `plainLineEnd` does on the
 * decoded text.
 */
export function plainBytes(
  bytes: Uint8Array,
): { readonly lineEnd: '\n' | '\r\n' } | { readonly why: 'quote' | 'lineEnds'; readonly at: number } {
  const quote = bytes.indexOf(QUOTE);
  if (quote >= 0) return { why: 'quote', at: quote };
  const firstCr = bytes.indexOf(CR);
  if (firstCr < 0) return { lineEnd: '\n' };
  const firstLf = bytes.indexOf(LF);
  if (firstLf >= 0 && firstLf < firstCr) return { why: 'lineEnds', at: firstCr };
  let at = bytes.length;
  for (let i = firstLf; i >= 0 && i < at; i = bytes.indexOf(LF, i + 1)) if (bytes[i - 1] !== CR) at = i;
  for (let i = firstCr; i >= 0 && i < at; i = bytes.indexOf(CR, i + 1)) if (bytes[i + 1] !== LF) at = i;
  return at < bytes.length ? { why: 'lineEnds', at } : { lineEnd: '\r\n' };
}

/** How many lines the bytes hold at most (line feeds + 1): the capacity of the typed columns. */
export function lineCount(bytes: Uint8Array): number {
  let n = 1;
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}

/** Row (header = 1) of the line holding byte `offset`, for messages. */
export function rowOfByte(bytes: Uint8Array, offset: number): number {
  let row = 1;
  for (let i = bytes.indexOf(LF); i >= 0 && i < offset; i = bytes.indexOf(LF, i + 1)) row++;
  return row;
}

/** The decoder of an encoding; the WHATWG 'latin1' label is Windows-1252, as browsers read it. */
export function textDecoder(encoding: CsvEncoding) {
  return new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'windows-1252');
}

/** The text of the line holding byte `offset`, without its line end (for messages). */
export function lineAtByte(bytes: Uint8Array, offset: number, encoding: CsvEncoding): string {
  const start = offset === 0 ? 0 : bytes.lastIndexOf(LF, offset - 1) + 1;
  const lf = bytes.indexOf(LF, offset);
  const end = lf < 0 ? bytes.length : lf;
  return textDecoder(encoding).decode(bytes.subarray(start, end)).replace(/\r$/, '');
}

/**
 * The longest line a chunk may carry over: a string cannot be longer than 2²⁹ − 24 characters,
 * and a line that long is no patient record. Exceeding it is reported, not thrown.
 */
export const MAX_LINE_LENGTH = 0x1fffffe8 - 2 * CHUNK_BYTES;

/** A line too long to become a string; `row` is its spreadsheet row (header = 1). */
export class LineTooLong {
  constructor(readonly row: number) {}
}

/** Whether the decoded text is blank (as `text.trim() === ''`), decoding no more than needed. */
export function isBlankText(text: ByteText): boolean {
  const decoder = textDecoder(text.encoding);
  for (let at = 0; at < text.bytes.length; at += text.chunkBytes) {
    const piece = decoder.decode(text.bytes.subarray(at, at + text.chunkBytes), { stream: true });
    if (piece.trim() !== '') return false;
  }
  return decoder.decode().trim() === '';
}

/**
 * The start of the decoded text that the delimiter check samples: what `samplePrefix` in
 * `detectFormat.ts` cuts from the whole text (the lines up to the `lines`-th non-empty one), here
 * found on the bytes and only then decoded. The byte-order marks the whole text drops are skipped
 * first, so that the same lines are counted.
 */
export function samplePrefixText(text: ByteText, lines: number): string {
  const { bytes } = text;
  const bom = (i: number) => bytes[i] === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf;
  let from = 0;
  // TextDecoder drops one UTF-8 byte-order mark and `readCsvText` another.
  if (text.encoding === 'utf8' && bom(from)) from += 3;
  if (text.encoding === 'utf8' && bom(from)) from += 3;
  const start = from;
  let counted = 0;
  let end = bytes.length;
  while (counted < lines) {
    const lf = bytes.indexOf(LF, from);
    if (lf < 0) break;
    if (lf > from && !(lf === from + 1 && bytes[from] === CR)) counted++;
    from = lf + 1;
    if (counted === lines) end = from;
  }
  return textDecoder(text.encoding).decode(bytes.subarray(start, end));
}

/**
 * A copy of `s` that does not keep the text it was cut from alive. V8 keeps a substring of 13 or
 * more characters as a view of its parent (a sliced string), so an id such as "BENCH-1234567" cut
 * from a line kept the whole chunk the line was decoded from: 10⁷ ids kept every chunk, the whole
 * file as text, and the import ran out of heap. Prepending a character makes a new string, which
 * `slice` first copies into memory of its own.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}
