import PDFDocument from 'pdfkit';
import type { FontSet } from './fonts.js';

export type PaperSize = 'a4' | 'letter';

/** Typographic constants of the journal style, in PDF points. */
export const STYLE = {
  margin: 62,
  bodySize: 9.5,
  bodyLeading: 2.6,
  tableSize: 8.2,
  captionSize: 8.6,
  smallSize: 7.4,
  headingSize: 11.5,
  titleSize: 17,
  ink: '#111111',
  muted: '#555555',
  rule: '#000000',
} as const;

export interface DocumentInfo {
  readonly title: string;
  readonly subject: string;
  readonly creator: string;
}

/**
 * A thin layout layer over pdfkit: a vertical cursor with page breaks, body text, headings and
 * captions in the journal style, and page numbers stamped at the end (pages are buffered).
 * Tables and figures draw through {@link ReportDocument.doc} and reserve their height with
 * {@link ReportDocument.ensureSpace} first, so nothing is split by an automatic page break.
 * Figures float, as journals typeset them ({@link ReportDocument.placeFigure}).
 */
export class ReportDocument {
  readonly doc: PDFKit.PDFDocument;
  readonly fonts: FontSet;
  readonly left: number;
  readonly width: number;
  readonly top: number;
  readonly bottom: number;
  y: number;
  /** Figures that did not fit on their page, in order, drawn at the top of the next one. */
  private readonly waiting: { readonly height: number; readonly draw: () => void }[] = [];
  private placingWaiting = false;
  /** Blocks being drawn that a figure must not interrupt (a table continued on the next page). */
  private holding = 0;

  /** `fonts` are given by the caller (paths in Node, bytes in a browser), so this layer reads no files. */
  constructor(paper: PaperSize, info: DocumentInfo, fonts: FontSet) {
    this.fonts = fonts;
    this.doc = new PDFDocument({
      size: paper === 'a4' ? 'A4' : 'LETTER',
      margins: { top: STYLE.margin, bottom: STYLE.margin, left: STYLE.margin, right: STYLE.margin },
      bufferPages: true,
      autoFirstPage: true,
      info: { Title: info.title, Subject: info.subject, Creator: info.creator, Producer: info.creator },
    });
    this.doc.registerFont('serif', this.fonts.regular);
    this.doc.registerFont('sans', this.fonts.sans);
    this.doc.registerFont('sans-bold', this.fonts.sansBold);
    this.doc.font('serif').fontSize(STYLE.bodySize).fillColor(STYLE.ink);
    this.left = STYLE.margin;
    this.width = this.doc.page.width - 2 * STYLE.margin;
    this.top = STYLE.margin;
    // Leave room below the text block for the page number.
    this.bottom = this.doc.page.height - STYLE.margin;
    this.y = this.top;
  }

  /** Space left on the current page. */
  remaining(): number {
    return this.bottom - this.y;
  }

  /** Starts a new page when fewer than `height` points remain; returns true when it did. */
  ensureSpace(height: number): boolean {
    if (this.y + height > this.bottom && this.y > this.top + 1) {
      this.newPage();
      return true;
    }
    return false;
  }

  /** A new page, with the figures waiting for it at its top. */
  newPage(): void {
    this.doc.addPage();
    this.y = this.top;
    this.placeWaiting();
  }

  /**
   * A figure `height` points tall (caption included), placed as journals place floats: here when it
   * fits and no earlier figure is waiting, else at the top of the next page, the text and tables that
   * follow filling the rest of this one — a figure too tall for what is left no longer leaves the
   * bottom of its page blank. Figures keep their order; `draw` draws at `y` and advances it.
   */
  placeFigure(height: number, draw: () => void): void {
    if (this.waiting.length === 0 && (this.y + height <= this.bottom || this.y <= this.top + 1)) draw();
    else this.waiting.push({ height, draw });
  }

  /** Places the waiting figures before what must follow them: a section heading, an appendix, the end. */
  placeWaitingFigures(): void {
    if (this.holding > 0) return;
    while (this.waiting.length > 0) this.newPage();
  }

  /**
   * Draws a block that waiting figures must not interrupt: its own page breaks place none of them
   * (a table continued on the next page keeps its caption, header, rows and notes together; the
   * figures go to the top of the page after it, or before the next heading).
   */
  holdFigures(draw: () => void): void {
    this.holding++;
    try {
      draw();
    } finally {
      this.holding--;
    }
  }

  private placeWaiting(): void {
    if (this.placingWaiting || this.holding > 0) return;
    this.placingWaiting = true;
    try {
      // As many as fit; the rest wait for the next page while text fills this one.
      while (this.waiting.length > 0) {
        const next = this.waiting[0]!;
        if (this.y + next.height > this.bottom && this.y > this.top + 1) break;
        this.waiting.shift();
        next.draw();
      }
    } finally {
      this.placingWaiting = false;
    }
  }

  space(points: number): void {
    this.y = Math.min(this.y + points, this.bottom);
  }

  /** Height of a text block at the given font/size/width, for keeping blocks together. */
  measure(text: string, font: string, size: number, width = this.width, lineGap = 0): number {
    this.doc.font(font).fontSize(size);
    return this.doc.heightOfString(text, { width, lineGap });
  }

  /** A section heading, kept on the same page as the first `keep` points of its section. */
  heading(text: string, keep = 60): void {
    this.placeWaitingFigures();
    const h = this.measure(text, 'sans-bold', STYLE.headingSize);
    this.ensureSpace(h + keep);
    this.space(this.y === this.top ? 0 : 8);
    this.doc.font('sans-bold').fontSize(STYLE.headingSize).fillColor(STYLE.ink);
    this.doc.text(text, this.left, this.y, { width: this.width });
    this.y += h + 5;
  }

  /**
   * A paragraph of body text; splits across pages line by line, keeping at least two lines on each
   * side of a break (no widows or orphans).
   */
  paragraph(
    text: string,
    options: { font?: string; size?: number; color?: string; gapAfter?: number; justify?: boolean } = {},
  ): void {
    const font = options.font ?? 'serif';
    const size = options.size ?? STYLE.bodySize;
    const lineGap = STYLE.bodyLeading;
    const doc = this.doc;
    doc
      .font(font)
      .fontSize(size)
      .fillColor(options.color ?? STYLE.ink);
    const lineHeight = doc.currentLineHeight(true) + lineGap;
    const lines = this.wrapLines(text, font, size, this.width);
    let i = 0;
    while (i < lines.length) {
      let fit = Math.floor((this.remaining() + lineGap) / lineHeight);
      const left = lines.length - i;
      if (fit < left) {
        // Keep two lines together at both ends of a break.
        if (fit < 2 || left - fit < 2) fit = Math.max(0, Math.min(fit, left - 2));
        if (fit < 2) {
          this.newPage();
          continue;
        }
      }
      const take = Math.min(fit, left);
      const chunk = lines.slice(i, i + take);
      for (let k = 0; k < chunk.length; k++) {
        const line = chunk[k] ?? '';
        const last = i + k === lines.length - 1;
        doc
          .font(font)
          .fontSize(size)
          .fillColor(options.color ?? STYLE.ink);
        // Justify by word spacing: pdfkit's own 'justify' needs its line wrapper, which we replace.
        const gaps = line.split(' ').length - 1;
        const slack = this.width - doc.widthOfString(line);
        const wordSpacing =
          options.justify === false || last || gaps === 0 || slack > this.width * 0.25 ? 0 : slack / gaps;
        doc.text(line, this.left, this.y, { lineBreak: false, wordSpacing });
        this.y += lineHeight;
      }
      i += take;
      if (i < lines.length) this.newPage();
    }
    this.y += options.gapAfter ?? 6;
    doc.fillColor(STYLE.ink);
  }

  /**
   * Greedy word wrap with pdfkit's metrics (pdfkit's own wrapper cannot report its line breaks).
   * Each word is measured once: shaping whole candidate lines would be quadratic in line length.
   */
  wrapLines(text: string, font: string, size: number, width: number): string[] {
    const doc = this.doc;
    doc.font(font).fontSize(size);
    const space = doc.widthOfString(' ');
    const out: string[] = [];
    for (const para of text.split('\n')) {
      const words = glueRelations(para.split(/\s+/).filter((w) => w.length > 0));
      let line = '';
      let lineWidth = 0;
      for (const word of words) {
        const w = doc.widthOfString(word);
        if (line === '' || lineWidth + space + w <= width) {
          line = line === '' ? word : `${line} ${word}`;
          lineWidth = line === word ? w : lineWidth + space + w;
        } else {
          out.push(line);
          line = word;
          lineWidth = w;
        }
      }
      out.push(line);
    }
    return out;
  }

  /** A figure or table caption: bold label ("TABLE 1") followed by the text. */
  caption(label: string, text: string): void {
    const doc = this.doc;
    const full = `${label}  ${text}`;
    const h = this.measure(full, 'sans', STYLE.captionSize);
    doc.font('sans-bold').fontSize(STYLE.captionSize).fillColor(STYLE.ink);
    doc.text(`${label}  `, this.left, this.y, { width: this.width, continued: true });
    doc.font('sans').text(text);
    this.y += h + 4;
  }

  /** Stamps "page / total" in the footer of every page. */
  finishPages(footer: string): void {
    this.placeWaitingFigures();
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = this.doc.page.height - STYLE.margin + 18;
      this.doc.font('sans').fontSize(STYLE.smallSize).fillColor(STYLE.muted);
      // pdfkit would add a page for text below the bottom margin; lift the margin while stamping.
      const saved = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc.text(footer, this.left, y, { width: this.width, align: 'left', lineBreak: false });
      this.doc.text(`${i + 1} / ${range.count}`, this.left, y, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      this.doc.page.margins.bottom = saved;
    }
    this.doc.fillColor(STYLE.ink);
  }

  /** Ends the document and resolves with the complete PDF bytes. */
  toBuffer(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    return new Promise((resolve, reject) => {
      this.doc.on('data', (c: Uint8Array) => chunks.push(c));
      this.doc.on('end', () => resolve(concatBytes(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}

/** Joins pdfkit's chunks without Node's Buffer, which a browser does not have. */
function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Relation signs that must not end or start a line ("p =" / "0.05"). */
const RELATIONS = new Set(['=', '<', '>', '≤', '≥', '≈']);

/** Joins "p", "=", "0.030" into one unbreakable unit, so a line never breaks inside "p = 0.030". */
function glueRelations(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (RELATIONS.has(w) && out.length > 0 && i + 1 < words.length) {
      out[out.length - 1] = `${out[out.length - 1]} ${w} ${words[i + 1]}`;
      i++;
    } else out.push(w);
  }
  return out;
}
