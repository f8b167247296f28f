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
  const doc = report.doc;
  const resolved = resolveNotes(
    spec.rows.flatMap((r) => r.cells.map(cellNotes)),
    spec.notes ?? [],
  );
  const cellText = (cell: Cell | undefined): { text: string; mark: string } => {
    if (cell === undefined) return { text: '', mark: '' };
    if (typeof cell === 'string') return { text: cell, mark: '' };
    const mark = (cell.notes ?? []).map((k) => resolved.marks.get(k)).join(',');
    return { text: cell.text, mark };
  };
  const total = spec.widths.reduce((a, b) => a + b, 0);
  const widths = spec.widths.map((w) => (w / total) * report.width);
  const xs: number[] = [];
  let acc = report.left;
  for (const w of widths) {
    xs.push(acc);
    acc += w;
  }
  const size = STYLE.tableSize;
  const font = (bold: boolean) => doc.font(bold ? 'sans-bold' : 'sans').fontSize(size);
  // A header cell whose longest word is wider than its column is set smaller rather than broken
  // inside the word ("Adenocarcino / ma"); it may still wrap between words.
  const headerFont = (text: string, width: number) => {
    font(true);
    const longest = Math.max(0, ...text.split(/\s+/).map((word) => doc.widthOfString(word)));
    if (longest > width) doc.fontSize(Math.max(size * 0.7, (size * width) / longest));
  };
  font(false);
  const lineH = doc.currentLineHeight(true);

  const rowHeight = (row: TableRow): number => {
    let h = lineH;
    row.cells.forEach((cell, i) => {
      const { text } = cellText(cell);
      const indent = i === 0 ? (row.indent ?? 0) * INDENT : 0;
      font(row.heading === true && i === 0);
      const w = (widths[i] ?? 0) - 2 * PAD_X - indent;
      h = Math.max(h, doc.heightOfString(text === '' ? ' ' : text, { width: w }));
    });
    return h + 2 * PAD_Y;
  };

  const headerHeight = (): number => {
    let h = 0;
    for (const hr of spec.header) {
      let rowH = lineH;
      let col = 0;
      for (const cell of hr) {
        const span = cell.span ?? 1;
        const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0) - 2 * PAD_X;
        headerFont(cell.text, w);
        rowH = Math.max(rowH, doc.heightOfString(cell.text || ' ', { width: w }));
        col += span;
      }
      h += rowH + 2 * PAD_Y;
    }
    return h;
  };

  const rule = (y: number, weight: number, x0 = report.left, x1 = report.left + report.width) => {
    doc.save().lineWidth(weight).strokeColor(STYLE.rule).moveTo(x0, y).lineTo(x1, y).stroke().restore();
  };

  const drawHeader = () => {
    rule(report.y, THICK);
    report.y += THICK;
    spec.header.forEach((hr, r) => {
      let col = 0;
      let rowH = lineH;
      const spans: [number, number][] = [];
      for (const cell of hr) {
        const span = cell.span ?? 1;
        const x = xs[col] ?? report.left;
        const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
        headerFont(cell.text, w - 2 * PAD_X);
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
      if (r < spec.header.length - 1) for (const [a, b] of spans) rule(report.y - 1, THIN, a, b);
    });
    rule(report.y, THIN);
    report.y += THIN + 1;
  };

  const captionHeight = report.measure(`${spec.label}  ${spec.caption}`, 'sans', STYLE.captionSize) + 4;
  const continuedH = lineH + 4;
  // Start on a new page unless a meaningful part of the table fits here: the whole table, or at
  // least a quarter of a page of rows (a caption, header and two rows at a page foot read badly).
  const allRows = spec.rows.reduce((a, r) => a + rowHeight(r), 0);
  const minRows = Math.min(allRows, (report.bottom - report.top) / 4);
  report.ensureSpace(captionHeight + headerHeight() + minRows + 4);
  report.space(4);
  report.caption(spec.label, spec.caption);
  drawHeader();

  // Rows that must stay on the page with the heading at `i`: a variable's name with its levels (the
  // whole block when it fits in half a page), but a heading that only groups sub-headings ("Metastatic
  // site" → Bone, Lung, …) keeps just its first sub-group, so a long group does not leave a half-empty page.
  const keepWithHeading = (i: number): number => {
    const depth = spec.rows[i]?.indent ?? 0;
    const next = spec.rows[i + 1];
    if (next === undefined || (next.indent ?? 0) <= depth) return 0;
    if (next.heading === true) return rowHeight(next) + keepWithHeading(i + 1);
    let block = 0;
    for (let j = i + 1; j < spec.rows.length; j++) {
      const r = spec.rows[j]!;
      if ((r.indent ?? 0) <= depth) break;
      block += rowHeight(r);
    }
    return block <= (report.bottom - report.top) / 2 ? block : rowHeight(next);
  };

  for (let i = 0; i < spec.rows.length; i++) {
    const row = spec.rows[i];
    if (row === undefined) continue;
    let need = rowHeight(row);
    if (row.heading === true) need += keepWithHeading(i);
    const isLast = i === spec.rows.length - 1;
    if (report.y + need + (isLast ? 0 : continuedH) > report.bottom) {
      rule(report.y, THICK);
      font(false);
      doc
        .fillColor(STYLE.ink)
        .text('(Continued)', report.left, report.y + 3, { width: report.width, align: 'right' });
      report.newPage();
      report.caption(spec.label, 'Continued');
      drawHeader();
    }
    const h = rowHeight(row);
    row.cells.forEach((cell, c) => {
      const { text, mark } = cellText(cell);
      const indent = c === 0 ? (row.indent ?? 0) * INDENT : 0;
      const x = (xs[c] ?? report.left) + PAD_X + indent;
      const w = (widths[c] ?? 0) - 2 * PAD_X - indent;
      const align = spec.align[c] ?? 'left';
      font(row.heading === true && c === 0);
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
      font(false);
      doc.text(text, start, report.y + PAD_Y, { lineBreak: false });
      doc.fontSize(size * 0.7).text(mark, start + tw + 0.5, report.y + PAD_Y - 1.2, { lineBreak: false });
      font(false);
    });
    report.y += h;
  }
  rule(report.y, THICK);
  report.y += 3;
  for (const note of [...spec.footnotes, ...resolved.lines]) {
    const h = report.measure(note, 'sans', STYLE.smallSize);
    report.ensureSpace(h + 2);
    doc
      .font('sans')
      .fontSize(STYLE.smallSize)
      .fillColor(STYLE.ink)
      .text(note, report.left, report.y, { width: report.width });
    report.y += h + 1.5;
  }
  report.space(10);
}
