import { type ImportIssue, makeIssue } from '../../errors.js';
import { lineAtByte, rowOfByte, textDecoder } from './byteText.js';
import type { CsvEncoding, Decided } from './formatTypes.js';

/** The allowed range of the byte after `lead`: RFC 3629 forbids overlong forms (after E0, F0),
 * surrogates (after ED) and code points above U+10FFFF (after F4). */
function secondByteRange(lead: number): readonly [number, number] {
  switch (lead) {
    case 0xe0:
      return [0xa0, 0xbf];
    case 0xed:
      return [0x80, 0x9f];
    case 0xf0:
      return [0x90, 0xbf];
    case 0xf4:
      return [0x80, 0x8f];
    default:
      return [0x80, 0xbf];
  }
}

/**
 * Scans the bytes as UTF-8 (RFC 3629, as strict as `TextDecoder` with `fatal`): the offset of the
 * first byte that does not start a valid sequence, and of the first valid multi-byte sequence
 * (anywhere in the file), each -1 when there is none.
 */
export function scanUtf8(bytes: Uint8Array): { invalid: number; multiByte: number } {
  let invalid = -1;
  let multiByte = -1;
  // ASCII is skipped four bytes at a time where the bytes are 4-aligned (a 10⁷-row file is 1.8 GB).
  const start = (4 - (bytes.byteOffset & 3)) & 3;
  const words =
    bytes.length >= start + 4
      ? new Uint32Array(bytes.buffer, bytes.byteOffset + start, (bytes.length - start) >> 2)
      : new Uint32Array(0);
  for (let i = 0; i < bytes.length && (invalid < 0 || multiByte < 0); ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      if (i >= start && ((i - start) & 3) === 0) {
        let w = (i - start) >> 2;
        while (w < words.length && (words[w]! & 0x80808080) === 0) w++;
        i = start + (w << 2);
      }
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const [lo, hi] = secondByteRange(b);
    let valid = len > 0 && i + len <= bytes.length && bytes[i + 1]! >= lo && bytes[i + 1]! <= hi;
    for (let k = 2; valid && k < len; k++) valid = (bytes[i + k]! & 0xc0) === 0x80;
    if (valid) {
      if (multiByte < 0) multiByte = i;
      i += len;
    } else {
      if (invalid < 0) invalid = i;
      i++;
    }
  }
  return { invalid, multiByte };
}

/**
 * The longest string V8 (Node, Chrome, Edge) can make: 2^29 − 24 characters. Decoding more bytes
 * than that into one string fails — for Windows-1252 by aborting the whole Node process — so a
 * file that must be read as one text (csv-parse's, see `readCsvInput`) is refused before decoding
 * when it is larger (a text has at most as many characters as bytes).
 */
export const MAX_TEXT_LENGTH = 0x1fffffe8;

/** Sizes in messages. */
export const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;

/** The whole bytes as one string (see `MAX_TEXT_LENGTH`); a UTF-8 BOM is dropped. */
export function decodeWhole(bytes: Uint8Array, encoding: CsvEncoding): string {
  return textDecoder(encoding).decode(bytes);
}

/**
 * Decodes the file's bytes as one text (the dictionary draft reads every file so). Larger files
 * than one string can hold are refused here; the import reads plain files of any size in chunks.
 */
export function decodeCsvBytes(
  bytes: Uint8Array,
  forced: CsvEncoding | undefined,
  file: string,
  warnings: ImportIssue[],
): Decided<{ text: string; encoding: CsvEncoding }> {
  if (bytes.length > MAX_TEXT_LENGTH) {
    return {
      ok: false,
      issue: makeIssue({
        problem: `${file} is too large to read (${mib(bytes.length)}; it is read as one text, and the longest text a JavaScript engine such as Node's can hold is ${mib(MAX_TEXT_LENGTH)})`,
        expected: `a CSV file of at most ${mib(MAX_TEXT_LENGTH)} (split the cohort, or leave out the columns the dictionary does not define)`,
      }),
    };
  }
  const encoding = chooseEncoding(bytes, forced, file, warnings);
  if (!encoding.ok) return encoding;
  return { ok: true, value: { text: decodeWhole(bytes, encoding.value), encoding: encoding.value } };
}

/**
 * The file's encoding. Without a forced encoding, valid UTF-8 is read as UTF-8; otherwise the file
 * is read as Windows-1252 (Latin-1), with a warning naming the first row that is not UTF-8, unless
 * it cannot be Latin-1 text either (`notLatin1`). Decodes nothing but the lines it quotes.
 */
export function chooseEncoding(
  bytes: Uint8Array,
  forced: CsvEncoding | undefined,
  file: string,
  warnings: ImportIssue[],
): Decided<CsvEncoding> {
  const { invalid, multiByte } = scanUtf8(bytes);
  const force = 'give the encoding (report: --encoding utf8 or --encoding latin1)';
  if (forced === 'utf8' && invalid >= 0) {
    return {
      ok: false,
      issue: makeIssue({
        row: rowOfByte(bytes, invalid),
        problem: `${file} is not UTF-8 text (byte 0x${bytes[invalid]!.toString(16)} at offset ${invalid})`,
        expected: 'a CSV file saved as UTF-8 (or the encoding latin1: --encoding latin1)',
      }),
    };
  }
  if (forced === 'utf8' || (forced === undefined && invalid < 0)) return { ok: true, value: 'utf8' };
  if (forced === 'latin1') {
    // Forced, but the file reads as UTF-8 with accents: they will show as "Ã©"; say where.
    if (invalid < 0 && multiByte >= 0) {
      const shown = decodeWhole(bytes.subarray(multiByte, multiByte + 2), 'latin1');
      warnings.push(
        makeIssue({
          row: rowOfByte(bytes, multiByte),
          problem: `${file} was read as Latin-1 as asked, but it is valid UTF-8 with accented letters (they read as "${shown}")`,
          expected: 'Latin-1 text (or leave the encoding to be detected)',
        }),
      );
    }
    return { ok: true, value: 'latin1' };
  }
  const row = rowOfByte(bytes, invalid);
  const why = notLatin1(bytes, row, multiByte);
  if (why !== null) {
    return {
      ok: false,
      issue: makeIssue({
        row,
        problem: `the encoding of ${file} cannot be decided: ${why}`,
        expected: `one encoding for the whole file: save it as "CSV UTF-8", or ${force}`,
      }),
    };
  }
  const line = lineAtByte(bytes, invalid, 'latin1');
  const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
  warnings.push(
    makeIssue({
      row,
      value: shown,
      problem: `${file} is not UTF-8, so it was read as Latin-1 (Windows-1252); row ${row} reads: ${shown}`,
      expected: `UTF-8 text; if the accents above look wrong, ${force}`,
    }),
  );
  return { ok: true, value: 'latin1' };
}

/**
 * Why a file that is not UTF-8 cannot be read as Latin-1 either, or `null` when it can: it has
 * valid multi-byte UTF-8 too (pasted together from two encodings), a UTF-8 byte-order mark, or a
 * byte Windows-1252 leaves undefined (so it is some other code page).
 */
function notLatin1(bytes: Uint8Array, row: number, multiByte: number): string | null {
  if (multiByte >= 0) {
    const utf8Row = rowOfByte(bytes, multiByte);
    return utf8Row === row
      ? `row ${row} has both UTF-8 and other bytes`
      : `row ${utf8Row} is UTF-8 but row ${row} is not`;
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return `it starts with a UTF-8 byte-order mark but row ${row} is not UTF-8`;
  const undefinedByte = bytes.findIndex(
    (b) => b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d,
  );
  if (undefinedByte >= 0)
    return `row ${row} is not UTF-8, and row ${rowOfByte(bytes, undefinedByte)} has byte 0x${bytes[undefinedByte]!.toString(16)}, which Latin-1 (Windows-1252) text never has`;
  return null;
}
