import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync, inflateRawSync } from 'node:zlib';

/**
 * Test helpers for the Word output: the files inside a .docx (a zip), a hand-made PNG, LibreOffice
 * headless conversions and a rendered page's pixels.
 */

/** The entries of a zip archive by name (stored or deflated, as docx writers produce). */
export function unzip(bytes: Uint8Array): Map<string, Buffer> {
  const buf = Buffer.from(bytes);
  // The end-of-central-directory record: the last "PK\5\6" (a docx has no archive comment).
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    files.set(name, method === 0 ? raw : inflateRawSync(raw));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

/** An 8-bit RGB PNG of `width` × `height` pixels coloured by `rgb(x, y)` (PNG spec, filter 0 rows). */
export function makePng(width: number, height: number, rgb: (x: number, y: number) => number[]): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + 3 * width));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rows.set(rgb(x, y), y * (1 + 3 * width) + 1 + 3 * x);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Why a tool cannot be used here ("LibreOffice (soffice) is not installed"), or null when it runs. */
export function toolMissing(command: 'soffice' | 'pdftoppm'): string | null {
  const r = spawnSync(command, [command === 'soffice' ? '--version' : '-v'], { encoding: 'utf8' });
  const name = command === 'soffice' ? 'LibreOffice (soffice)' : 'pdftoppm (poppler-utils)';
  return r.status === 0 ? null : `${name} is not installed`;
}

let profile: string | null = null;

/**
 * Converts documents with LibreOffice headless (`format` e.g. "txt:Text", "pdf") into `outDir`, in
 * one start of soffice with a profile of this test process, so a parallel test file or a user's open
 * LibreOffice cannot take the conversion over.
 */
export function sofficeConvert(files: readonly string[], format: string, outDir: string): void {
  profile ??= mkdtempSync(join(tmpdir(), 'survkit-lo-profile-'));
  const r = spawnSync(
    'soffice',
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--convert-to',
      format,
      '--outdir',
      outDir,
      ...files,
    ],
    { encoding: 'utf8', timeout: 240_000 },
  );
  if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
}

/** One page of a PDF as RGB pixels (pdftoppm, PPM). */
export function renderPage(
  pdf: string,
  page: number,
  dpi: number,
): { width: number; height: number; rgb: (x: number, y: number) => [number, number, number] } {
  const r = spawnSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), pdf], {
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
  const ppm = r.stdout;
  const [magic, width, height, max] = ppm.toString('latin1', 0, 40).split(/\s+/);
  if (magic !== 'P6' || max !== '255') throw new Error('unexpected pdftoppm output');
  let offset = 0;
  for (let fields = 0; fields < 4; offset++) if (/\s/.test(String.fromCharCode(ppm[offset]!))) fields++;
  const w = Number(width);
  return {
    width: w,
    height: Number(height),
    rgb: (x, y) => {
      const i = offset + 3 * (y * w + x);
      return [ppm[i]!, ppm[i + 1]!, ppm[i + 2]!];
    },
  };
}

/** The text LibreOffice exports, without its byte-order mark. */
export function readText(path: string): string {
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}
