import {
  AlignmentType,
  BorderStyle,
  type IBorderOptions,
  LineRuleType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { resolveNotes } from '../render/footnotes.js';
import type { Align, Cell, TableRow as SpecRow, TableSpec } from '../render/table.js';
import { fittingSize } from './measure.js';
import { WORD_STYLE } from './wordStyle.js';

/**
 * One report table as Word content: the caption paragraph, a real (editable) Word table in the
 * journal's three-rule layout, and the footnotes under it. It only lays out the TableSpec the PDF
 * renderer draws (render/table.ts): the same caption, header, cell text, bold rows, indents and note
 * marks (lettered by first appearance through the same resolveNotes), so no number is formatted here.
 */
export function wordTable(spec: TableSpec, widthTwips: number): (Paragraph | Table)[] {
  const resolved = resolveNotes(
    spec.rows.flatMap((r) => r.cells.map(cellNotes)),
    spec.notes ?? [],
  );
  const total = spec.widths.reduce((a, b) => a + b, 0);
  // Whole twips that add up to the text width exactly, so the right rule ends at the margin.
  const columns = spec.widths.map((w) => Math.floor((w / total) * widthTwips));
  columns[0]! += widthTwips - columns.reduce((a, b) => a + b, 0);
  const markOf = (cell: Cell | undefined) =>
    cellNotes(cell)
      .map((key) => resolved.marks.get(key))
      .join(',');

  const header = spec.header.map(
    (cells, r) =>
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: headerCells(spec, cells, columns, r === spec.header.length - 1),
      }),
  );
  // A variable's heading row lists only its label: the row is completed with empty cells, so every
  // row has the table's columns (as Word expects when the table is edited) and the label wraps in
  // its column as in the PDF.
  const body = spec.rows.map(
    (row, r) =>
      new TableRow({
        cantSplit: true,
        children: columns.map(
          (width, c) =>
            new TableCell({
              width: { size: width, type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.TOP,
              children: [
                bodyParagraph(spec, row, row.cells[c], c, markOf(row.cells[c]), keepWithNext(spec.rows, r)),
              ],
            }),
        ),
      }),
  );
  const rule = (size: number): IBorderOptions => ({ style: BorderStyle.SINGLE, size, color: '000000' });
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const table = new Table({
    rows: [...header, ...body],
    width: { size: widthTwips, type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders: {
      top: rule(WORD_STYLE.thickRule),
      bottom: rule(WORD_STYLE.thickRule),
      left: none,
      right: none,
      insideHorizontal: none,
      insideVertical: none,
    },
    margins: {
      top: WORD_STYLE.cellPadY,
      bottom: WORD_STYLE.cellPadY,
      left: WORD_STYLE.cellPadX,
      right: WORD_STYLE.cellPadX,
    },
  });
  const noteLines = [...resolved.marks].map(([key, mark]) => {
    const text = spec.notes?.find((n) => n.key === key)?.text ?? '';
    return footnote([{ text: mark, superScript: true }, { text: ` ${text}` }]);
  });
  return [
    caption(spec.label, spec.caption),
    table,
    ...spec.footnotes.map((note) => footnote([{ text: note }])),
    ...noteLines,
  ];
}

function cellNotes(cell: Cell | undefined): readonly string[] {
  return cell === undefined || typeof cell === 'string' ? [] : (cell.notes ?? []);
}

function cellText(cell: Cell | undefined): string {
  return cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text;
}

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
} as const satisfies Record<Align, unknown>;

/**
 * A header row. The last one carries the thin rule under the header, across the table; in an earlier
 * row a spanning heading ("Univariable" over HR and p) gets a thin rule under the columns it spans,
 * drawn as a paragraph border so it stops at the cell padding and two spans read as two rules, as in
 * the PDF. A word wider than its column is set smaller rather than broken.
 */
function headerCells(
  spec: TableSpec,
  cells: TableSpec['header'][number],
  columns: readonly number[],
  last: boolean,
): TableCell[] {
  let col = 0;
  return cells.map((cell) => {
    const span = cell.span ?? 1;
    const width = columns.slice(col, col + span).reduce((a, b) => a + b, 0);
    const align = cell.align ?? (col === 0 ? 'left' : (spec.align[col] ?? 'left'));
    col += span;
    const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: WORD_STYLE.thinRule, color: '000000' };
    const spanRule = !last && span > 1 && cell.text !== '';
    const size = fittingSize(cell.text, true, WORD_STYLE.tableSize, (width - 2 * WORD_STYLE.cellPadX) / 20);
    return new TableCell({
      width: { size: width, type: WidthType.DXA },
      columnSpan: span > 1 ? span : undefined,
      verticalAlign: VerticalAlignTable.BOTTOM,
      borders: last ? { bottom: thin } : undefined,
      children: [
        new Paragraph({
          alignment: ALIGN[align],
          keepNext: true,
          border: spanRule ? { bottom: { ...thin, space: 1 } } : undefined,
          children: [new TextRun({ text: cell.text, bold: true, size })],
        }),
      ],
    });
  });
}

/** A body cell: bold in a heading row's first column, the first column indented by level. */
function bodyParagraph(
  spec: TableSpec,
  row: SpecRow,
  cell: Cell | undefined,
  column: number,
  mark: string,
  keepNext: boolean,
): Paragraph {
  const runs = [
    new TextRun({
      text: cellText(cell),
      bold: row.heading === true && column === 0,
      size: WORD_STYLE.tableSize,
    }),
  ];
  if (mark !== '') runs.push(new TextRun({ text: mark, superScript: true, size: WORD_STYLE.tableSize }));
  return new Paragraph({
    alignment: ALIGN[spec.align[column] ?? 'left'],
    // Exact leading: a superscript mark or a Greek letter from a fallback font would otherwise make
    // its row taller than the others.
    spacing: { line: WORD_STYLE.tableLeading, lineRule: LineRuleType.EXACT },
    indent: column === 0 ? { left: (row.indent ?? 0) * WORD_STYLE.indent } : undefined,
    keepNext,
    children: runs,
  });
}

/**
 * Word keeps a row on the page of the next one when its paragraphs are "keep with next": a variable's
 * heading row stays with its first level (as the PDF keeps a heading with its block), and the last
 * rows stay together so the bottom rule never stands alone on a page.
 */
function keepWithNext(rows: readonly SpecRow[], r: number): boolean {
  const next = rows[r + 1];
  if (next === undefined) return false;
  return (rows[r]!.heading === true && (next.indent ?? 0) > (rows[r]!.indent ?? 0)) || r >= rows.length - 2;
}

/** "TABLE 1  Characteristics …": the bold label and the caption, kept with the table. */
export function caption(label: string, text: string): Paragraph {
  return new Paragraph({
    keepNext: true,
    spacing: { before: WORD_STYLE.captionBefore, after: WORD_STYLE.captionAfter },
    children: [
      new TextRun({ text: `${label}  `, bold: true, size: WORD_STYLE.captionSize }),
      new TextRun({ text, size: WORD_STYLE.captionSize }),
    ],
  });
}

/** A line under the table in small type; a note's mark is a superscript letter, as in the cells. */
function footnote(parts: readonly { text: string; superScript?: boolean }[]): Paragraph {
  return new Paragraph({
    spacing: { before: WORD_STYLE.footnoteGap, after: 0 },
    children: parts.map(
      (p) => new TextRun({ text: p.text, superScript: p.superScript, size: WORD_STYLE.footnoteSize }),
    ),
  });
}
