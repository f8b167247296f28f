import { asciiString, type ByteCellReader, byteCellReader, UNSURE } from './byteCells.js';
import { type ByteText, LineTooLong, MAX_LINE_LENGTH } from './byteText.js';
import { MAX_TEXT_LENGTH } from './encoding.js';
import type { PlainRowSink } from './plainRows.js';

/**
 * Stages 2 and 4 for plain bytes (`ByteText`: no double quote, one kind of line end) read in
 * place: each line is cut at the delimiter's byte, only the dictionary's columns are looked at,
 * and numbers, dates and levels are read from the bytes (`byteCells.ts`) — no string per line or
 * per cell, which at 10⁷ rows × 31 columns was most of the import's time and memory. A line with
 * a byte ≥ 0x80 (an accent, a non-breaking space: anything `String.prototype.trim` or a reader
 * might see otherwise than as ASCII) is decoded and read as text by the string path's own code
 * (`PlainRowSink.line`), and so is any cell a byte reader is unsure of; so the issues, values and
 * row numbers are those of the string path over the decoded lines (the byte-order marks dropped
 * as a decoded text drops them). The delimiter, CR and LF are single bytes in UTF-8 and
 * Windows-1252, never part of another character.
 */

const LF = 0x0a;

/** The text of the header line and the byte offset just past its line end. */
export function byteHeader(text: ByteText): { header: string; from: number } {
  const { bytes } = text;
  const start = bomLength(text);
  const lf = bytes.indexOf(LF, start);
  const end = lf < 0 ? bytes.length : lf - (text.lineEnd === '\r\n' ? 1 : 0);
  return { header: decodeLine(text, start, end, 1), from: lf < 0 ? bytes.length : lf + 1 };
}

/**
 * The bytes of the byte-order marks the decoded text drops: `TextDecoder` drops one UTF-8 mark
 * and `readCsvText` a second.
 */
function bomLength(text: ByteText): number {
  const { bytes } = text;
  const bom = (i: number) => bytes[i] === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf;
  let from = 0;
  if (text.encoding === 'utf8' && bom(from)) from += 3;
  if (text.encoding === 'utf8' && bom(from)) from += 3;
  return from;
}

/** One line as text (a byte-order mark inside the file is text too); `LineTooLong` past a string's length. */
function decodeLine(text: ByteText, s: number, e: number, row: number): string {
  if (e - s > MAX_TEXT_LENGTH) throw new LineTooLong(row);
  const decoder = new TextDecoder(text.encoding === 'utf8' ? 'utf-8' : 'windows-1252', { ignoreBOM: true });
  const line = decoder.decode(text.bytes.subarray(s, e));
  if (line.length > MAX_LINE_LENGTH) throw new LineTooLong(row);
  return line;
}

const isSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);

/**
 * Reads the lines from byte `from` (the first after the header) into `sink`. As for decoded text,
 * a final line end closes the last line rather than opening an empty one.
 */
export function readByteRows(text: ByteText, from: number, sink: PlainRowSink, decimalComma: boolean): void {
  const { bytes } = text;
  const crlf = text.lineEnd === '\r\n' ? 1 : 0;
  const readers = sink.columns.map((c) => byteCellReader(c.spec, c.reader, decimalComma));
  const line = new ByteLine(text, sink, readers);
  while (from < bytes.length) {
    const lf = bytes.indexOf(LF, from);
    const end = lf < 0 ? bytes.length : lf;
    line.read(from, lf < 0 ? end : end - crlf);
    from = end + 1;
  }
}

/** The reading of one line; `cuts` (reused) holds where each cell starts, and one past its end. */
class ByteLine {
  private readonly cuts: Int32Array;
  private readonly delimiter: number;

  constructor(
    private readonly text: ByteText,
    private readonly sink: PlainRowSink,
    private readonly readers: readonly ByteCellReader[],
  ) {
    this.cuts = new Int32Array(sink.width + 1);
    this.delimiter = sink.delimiter.charCodeAt(0);
  }

  read(from: number, end: number): void {
    const { bytes } = this.text;
    const { sink, cuts, delimiter } = this;
    const { width } = sink;
    let high = 0;
    let count = 1;
    let blank = true;
    cuts[0] = from;
    for (let i = from; i < end; i++) {
      const b = bytes[i]!;
      if (b === delimiter) {
        if (count < width) cuts[count] = i + 1;
        count++;
      } else {
        high |= b;
        if (blank && !isSpace(b)) blank = false;
      }
    }
    if ((high & 0x80) !== 0) {
      sink.line(decodeLine(this.text, from, end, sink.row + 1));
      return;
    }
    // As long as a string can be (ASCII: one character a byte), as the text path requires.
    if (end - from > MAX_LINE_LENGTH) throw new LineTooLong(sink.row + 1);
    if (blank) {
      sink.blankLine();
      return;
    }
    sink.row++;
    if (!sink.patient(count)) return;
    cuts[width] = end + 1;
    this.cells();
    sink.m++;
  }

  /** The current patient's cells (a line of `width` values, cut in `cuts`) and id. */
  private cells(): void {
    const { bytes } = this.text;
    const { sink, cuts, readers } = this;
    const { columns, targets, m } = sink;
    for (let k = 0; k < columns.length; k++) {
      const j = columns[k]!.j;
      const s0 = cuts[j]!;
      const e0 = cuts[j + 1]! - 1;
      let s = s0;
      let e = e0;
      while (s < e && isSpace(bytes[s]!)) s++;
      while (e > s && isSpace(bytes[e - 1]!)) e--;
      const x = readers[k]!.read(bytes, s, e);
      if (x === UNSURE) {
        sink.cell(k, asciiString(bytes, s0, e0));
      } else {
        targets[k]![m] = x;
        if (Number.isNaN(x) || x === -1) sink.missingCell(k, x, asciiString(bytes, s0, e0));
      }
    }
    const id = sink.idColumn;
    if (id !== null) {
      let s = cuts[id.j]!;
      let e = cuts[id.j + 1]! - 1;
      while (s < e && isSpace(bytes[s]!)) s++;
      while (e > s && isSpace(bytes[e - 1]!)) e--;
      sink.id(asciiString(bytes, s, e), true);
    }
  }
}
