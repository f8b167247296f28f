import { describe, expect, it } from 'vitest';
import { ReportDocument } from '../src/render/document.js';
import { resolveFonts } from '../src/render/fonts.js';
import { drawTable, type TableSpec } from '../src/render/table.js';

// Figures float (ReportDocument.placeFigure): one too tall for the rest of its page waits for the
// next page while what follows fills this one. Invariants: a waiting figure never lands inside a
// table continued over pages (it broke the 10⁶-patient report: two waiting KM figures took the top
// of the continuation page and pdfkit spread the header cells over four pages), figures keep their
// order, and a heading comes after every waiting figure.

const page = () => new ReportDocument('a4', { title: 't', subject: 's', creator: 'c' }, resolveFonts());
const pages = (r: ReportDocument) => r.doc.bufferedPageRange().count;

function longTable(rows: number): TableSpec {
  return {
    label: 'TABLE 1',
    caption: 'A table longer than a page.',
    widths: [2, 1],
    align: ['left', 'center'],
    header: [[{ text: 'Characteristic' }, { text: 'Value' }]],
    rows: Array.from({ length: rows }, (_, i) => ({ cells: [`Row ${i + 1}`, String(i)] })),
    footnotes: ['A footnote that stays with its table.'],
  };
}

describe('figures float past the text, never into a table', () => {
  it('a figure that fits is drawn where it is placed', () => {
    const r = page();
    const drawn: number[] = [];
    r.placeFigure(100, () => drawn.push(pages(r)));
    expect(drawn).toEqual([1]);
  });

  it('a waiting figure goes before a table that starts on a new page', () => {
    const r = page();
    r.y = r.bottom - 60;
    const drawn: { page: number; y: number }[] = [];
    r.placeFigure(400, () => {
      drawn.push({ page: pages(r), y: r.y });
      r.y += 400;
    });
    drawTable(r, longTable(120)); // 60 pt cannot hold its start: a new page, the figure at its top
    expect(drawn).toEqual([{ page: 2, y: r.top }]);
  });

  it('a waiting figure is drawn after a table that spans pages, not on its continuation page', () => {
    const r = page();
    r.y = r.bottom - 300;
    const drawn: { page: number; y: number }[] = [];
    r.placeFigure(400, () => {
      drawn.push({ page: pages(r), y: r.y });
      r.y += 400;
    });
    expect(drawn).toHaveLength(0); // 300 pt left: it waits
    drawTable(r, longTable(120)); // starts in those 300 pt, continues over the next pages
    const tableEnd = pages(r);
    expect(tableEnd).toBeGreaterThanOrEqual(3);
    expect(drawn).toHaveLength(0); // the table's own page breaks placed nothing
    r.heading('Next section');
    expect(drawn).toEqual([{ page: tableEnd + 1, y: r.top }]);
  });

  it('waiting figures keep their order and fill pages one after another; text fills the gap', () => {
    const r = page();
    r.y = r.bottom - 100;
    const order: string[] = [];
    r.placeFigure(500, () => {
      order.push(`A@${pages(r)}`);
      r.y += 500;
    });
    r.placeFigure(500, () => {
      order.push(`B@${pages(r)}`);
      r.y += 500;
    });
    r.paragraph('Text that follows the figures and fills the rest of their page. '.repeat(3));
    expect(order).toEqual([]); // the paragraph fitted on the first page
    r.placeWaitingFigures();
    expect(order).toEqual(['A@2', 'B@3']);
  });
});

describe('a table’s notes never open a page alone', () => {
  /** The page each text was drawn on (pdfkit's `text`, wrapped). */
  function recordText(r: ReportDocument): { text: string; page: number }[] {
    const drawn: { text: string; page: number }[] = [];
    const text = r.doc.text.bind(r.doc);
    r.doc.text = ((s: string, ...rest: unknown[]) => {
      drawn.push({ text: String(s), page: pages(r) });
      return (text as (...a: unknown[]) => unknown)(s, ...rest);
    }) as typeof r.doc.text;
    return drawn;
  }

  it('wherever the table starts, its last row is on the page of its footnote', () => {
    // From every start height down the page: some leave room for the rows but not the note
    for (let left = 80; left <= 700; left += 11) {
      const r = page();
      r.y = Math.max(r.top, r.bottom - left);
      const drawn = recordText(r);
      drawTable(r, longTable(30));
      const note = drawn.find((d) => d.text === 'A footnote that stays with its table.');
      const last = [...drawn].reverse().find((d) => d.text === 'Row 30');
      expect(note, `start ${left} pt above the foot`).toBeDefined();
      expect(last?.page, `start ${left} pt above the foot`).toBe(note?.page);
    }
  });
});
