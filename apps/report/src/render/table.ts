import type { ReportDocument } from './document.js';
import { STYLE } from './document.js';
import { type MarkedNote, resolveNotes } from './footnotes.js';

export type Align = 'left' | 'center' | 'right';

/**
 * A cell's text, optionally referring to marked notes by key (the test behind a p-value); the marks are
 * set as superscripts, lettered by first appearance (see footnotes.ts).
 */
export type Cell = string | { readonly text: string; readonly notes?: readonly string[] };

export interface HeaderCell {
  readonly text: string;
  readonly span?: number;
  readonly align?: Align;
}

export interface TableRow {
  readonly cells: readonly Cell[];
  /** A variable's name row: bold, and kept on the same page as the row below it. */
  readonly heading?: boolean;
  /** Indentation level of the first cell (levels under their variable). */
  readonly indent?: number;
}

export interface TableSpec {
  /** "TABLE 1" */
  readonly label: string;
  readonly caption: string;
  /** Relative column widths. */
  readonly widths: readonly number[];
  readonly align: readonly Align[];
  readonly header: readonly (readonly HeaderCell[])[];
  readonly rows: readonly TableRow[];
  /** Notes without a mark (abbreviations, definitions), printed first. */
  readonly footnotes: readonly string[];
  /** Notes that cells refer to by key; printed after `footnotes` in the order of their marks. */
  readonly notes?: readonly MarkedNote[];
}

const PAD_Y = 2.2;
const PAD_X = 4;
const INDENT = 9;
const THICK = 0.9;
const THIN = 0.45;

function cellNotes(cell: Cell | undefined): readonly string[] {
  return cell === undefined || typeof cell === 'string' ? [] : (cell.notes ?? []);
}

/**
 * Draws a journal table: a thick rule above the header, a thin one below it, a thick one at the end;
 * no vertical rules. Rows that do not fit continue on the next page under a "TABLE n Continued"
 * caption and the repeated header, with "(Continued)" under the interrupted part, as in the paper.
 */
export function drawTable(report: ReportDocument, spec: TableSpec): void {
  const table = new TableLayout(report, spec);
  const captionHeight = report.measure(`${spec.label}  ${spec.caption}`, 'sans', STYLE.captionSize) + 4;
  const continuedH = table.lineH + 4;
  const notesH = table.notesHeight();
  // Start on a new page unless a meaningful part of the table fits here: the whole table, or at
  // least a quarter of a page of rows (a caption, header and two rows at a page foot read badly).
  const allRows = spec.rows.reduce((a, r) => a + table.rowHeight(r), 0);
  const minRows = Math.min(allRows, (report.bottom - report.top) / 4);
  report.ensureSpace(captionHeight + table.headerHeight() + minRows + 4);
  // A figure waiting for a page goes before the table or after it, never into it.
  report.holdFigures(() => {
    report.space(4);
    report.caption(spec.label, spec.caption);
    table.drawHeader();
    for (let i = 0; i < spec.rows.length; i++) {
      const row = spec.rows[i];
      if (row === undefined) continue;
      let need = table.rowHeight(row);
      if (row.heading === true) need += table.keepWithHeading(i);
      const isLast = i === spec.rows.length - 1;
      // The last row takes the notes along (when they are not long), so that they never open a page alone.
      if (isLast && notesH < (report.bottom - report.top) / 3) need += 3 + notesH;
      if (report.y + need + (isLast ? 0 : continuedH) > report.bottom) table.continueOnNextPage();
      table.drawRow(row);
    }
    table.rule(report.y, THICK);
    report.y += 3;
    table.drawNotes();
    report.space(10);
  });
}

/** Height of a table's notes (footnotes, then the resolved cell notes) as `drawTable` draws them. */
export function tableNotesHeight(report: ReportDocument, spec: TableSpec): number {
  return new TableLayout(report, spec).notesHeight();
}

/** One table's column geometry and note marks, and the drawing of its parts at `report.y`. */
class TableLayout {
  private readonly doc: ReportDocument['doc'];
  private readonly resolved: ReturnType<typeof resolveNotes>;
  private readonly widths: number[];
  private readonly xs: number[] = [];
  private readonly size = STYLE.tableSize;
  readonly lineH: number;

  constructor(
    private readonly report: ReportDocument,
    private readonly spec: TableSpec,
  ) {
    this.doc = report.doc;
    this.resolved = resolveNotes(
      spec.rows.flatMap((r) => r.cells.map(cellNotes)),
      spec.notes ?? [],
    );
    const total = spec.widths.reduce((a, b) => a + b, 0);
    this.widths = spec.widths.map((w) => (w / total) * report.width);
    let acc = report.left;
    for (const w of this.widths) {
      this.xs.push(acc);
      acc += w;
    }
    this.font(false);
    this.lineH = this.doc.currentLineHeight(true);
  }

  private cellText(cell: Cell | undefined): { text: string; mark: string } {
    if (cell === undefined) return { text: '', mark: '' };
    if (typeof cell === 'string') return { text: cell, mark: '' };
    const mark = (cell.notes ?? []).map((k) => this.resolved.marks.get(k)).join(',');
    return { text: cell.text, mark };
  }

  private font(bold: boolean) {
    return this.doc.font(bold ? 'sans-bold' : 'sans').fontSize(this.size);
  }

  // A header cell whose longest word is wider than its column is set smaller rather than broken
  // inside the word ("Adenocarcino / ma"); it may still wrap between words.
  private headerFont(text: string, width: number): void {
    this.font(true);
    const longest = Math.max(0, ...text.split(/\s+/).map((word) => this.doc.widthOfString(word)));
    if (longest > width) this.doc.fontSize(Math.max(this.size * 0.7, (this.size * width) / longest));
  }

  rowHeight(row: TableRow): number {
    let h = this.lineH;
    row.cells.forEach((cell, i) => {
      const { text } = this.cellText(cell);
      const indent = i === 0 ? (row.indent ?? 0) * INDENT : 0;
      this.font(row.heading === true && i === 0);
      const w = (this.widths[i] ?? 0) - 2 * PAD_X - indent;
      h = Math.max(h, this.doc.heightOfString(text === '' ? ' ' : text, { width: w }));
    });
    return h + 2 * PAD_Y;
  }

  headerHeight(): number {
    let h = 0;
    for (const hr of this.spec.header) {
      let rowH = this.lineH;
      let col = 0;
      for (const cell of hr) {
        const span = cell.span ?? 1;
        const w = this.widths.slice(col, col + span).reduce((a, b) => a + b, 0) - 2 * PAD_X;
        this.headerFont(cell.text, w);
        rowH = Math.max(rowH, this.doc.heightOfString(cell.text || ' ', { width: w }));
        col += span;
      }
      h += rowH + 2 * PAD_Y;
    }
    return h;
  }

  rule(y: number, weight: number, x0 = this.report.left, x1 = this.report.left + this.report.width): void {
    this.doc.save().lineWidth(weight).strokeColor(STYLE.rule).moveTo(x0, y).lineTo(x1, y).stroke().restore();
  }

  drawHeader(): void {
    const { report, spec, doc } = this;
    this.rule(report.y, THICK);
    report.y += THICK;
    spec.header.forEach((hr, r) => {
      let col = 0;
      let rowH = this.lineH;
      const spans: [number, number][] = [];
      for (const cell of hr) {
        const span = cell.span ?? 1;
        const x = this.xs[col] ?? report.left;
        const w = this.widths.slice(col, col + span).reduce((a, b) => a + b, 0);
        this.headerFont(cell.text, w - 2 * PAD_X);
        doc.fillColor(STYLE.ink).text(cell.text, x + PAD_X, report.y + PAD_Y, {
          width: w - 2 * PAD_X,
          align: cell.align ?? (col === 0 ? 'left' : (spec.align[col] ?? 'left')),
        });
        rowH = Math.max(rowH, doc.heightOfString(cell.text || ' ', { width: w - 2 * PAD_X }));
        if (span > 1 && cell.text !== '') spans.push([x + PAD_X, x + w - PAD_X]);
        col += span;
      }
      report.y += rowH + 2 * PAD_Y;
      // A spanning heading gets a short thin rule under it, over the columns it spans.
      if (r < spec.header.length - 1) for (const [a, b] of spans) this.rule(report.y - 1, THIN, a, b);
    });
    this.rule(report.y, THIN);
    report.y += THIN + 1;
  }

  /**
   * Rows that must stay on the page with the heading at `i`: a variable's name with its levels (the
   * whole block when it fits in half a page), but a heading that only groups sub-headings ("Metastatic
   * site" → Bone, Lung, …) keeps just its first sub-group, so a long group does not leave a half-empty page.
   */
  keepWithHeading(i: number): number {
    const rows = this.spec.rows;
    const depth = rows[i]?.indent ?? 0;
    const next = rows[i + 1];
    if (next === undefined || (next.indent ?? 0) <= depth) return 0;
    if (next.heading === true) return this.rowHeight(next) + this.keepWithHeading(i + 1);
    let block = 0;
    for (let j = i + 1; j < rows.length; j++) {
      const r = rows[j]!;
      if ((r.indent ?? 0) <= depth) break;
      block += this.rowHeight(r);
    }
    return block <= (this.report.bottom - this.report.top) / 2 ? block : this.rowHeight(next);
  }

  /** Closes the part on this page with "(Continued)" and opens the next page with the caption and header. */
  continueOnNextPage(): void {
    const { report, spec } = this;
    this.rule(report.y, THICK);
    this.font(false);
    this.doc
      .fillColor(STYLE.ink)
      .text('(Continued)', report.left, report.y + 3, { width: report.width, align: 'right' });
    report.newPage();
    report.caption(spec.label, 'Continued');
    this.drawHeader();
  }

  drawRow(row: TableRow): void {
    const { report, doc, size } = this;
    const h = this.rowHeight(row);
    row.cells.forEach((cell, c) => {
      const { text, mark } = this.cellText(cell);
      const indent = c === 0 ? (row.indent ?? 0) * INDENT : 0;
      const x = (this.xs[c] ?? report.left) + PAD_X + indent;
      const w = (this.widths[c] ?? 0) - 2 * PAD_X - indent;
      const align = this.spec.align[c] ?? 'left';
      this.font(row.heading === true && c === 0);
      doc.fillColor(STYLE.ink);
      if (mark === '') {
        doc.text(text, x, report.y + PAD_Y, { width: w, align });
        return;
      }
      // Text plus a raised, smaller mark, aligned as one unit.
      const tw = doc.widthOfString(text);
      doc.fontSize(size * 0.7);
      const mw = doc.widthOfString(mark);
      const start = align === 'right' ? x + w - tw - mw : align === 'center' ? x + (w - tw - mw) / 2 : x;
      this.font(false);
      doc.text(text, start, report.y + PAD_Y, { lineBreak: false });
      doc.fontSize(size * 0.7).text(mark, start + tw + 0.5, report.y + PAD_Y - 1.2, { lineBreak: false });
      this.font(false);
    });
    report.y += h;
  }

  /** The unmarked footnotes, then the marked notes in the order of their marks. */
  /** Height of the notes under the table, as `drawNotes` advances. */
  notesHeight(): number {
    return [...this.spec.footnotes, ...this.resolved.lines].reduce(
      (h, note) => h + this.report.measure(note, 'sans', STYLE.smallSize) + 1.5,
      0,
    );
  }

  drawNotes(): void {
    const { report, doc } = this;
    for (const note of [...this.spec.footnotes, ...this.resolved.lines]) {
      const h = report.measure(note, 'sans', STYLE.smallSize);
      report.ensureSpace(h + 2);
      doc
        .font('sans')
        .fontSize(STYLE.smallSize)
        .fillColor(STYLE.ink)
        .text(note, report.left, report.y, { width: report.width });
      report.y += h + 1.5;
    }
  }
}
