import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { DEVICE_CELL, distinctCells } from '../src/render/deviceCells.js';
import { PdfSurface } from '../src/render/pdfSurface.js';
import { SvgSurface } from '../src/render/svgSurface.js';

// Thinning a scatter to what a reader sees (deviceCells.ts). The oracles are invariants: every
// point left out lies in the cell of one that is kept, no two kept points share a cell, and the
// surfaces draw the kept marks as the circles `circle` draws.

/** A seeded scatter: many points on a few curves (as scaled Schoenfeld residuals of a binary column). */
function scatter(n: number): { x: Float64Array; y: Float64Array } {
  let s = 12345;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    x[k] = 50 + 400 * rand();
    y[k] = 100 + 20 * Math.floor(rand() * 5) + x[k]! / 40 + (rand() < 0.01 ? 50 * rand() : 0);
  }
  return { x, y };
}

const cellOf = (v: number, lo: number) => Math.floor((v - lo) / DEVICE_CELL);

describe('distinctCells', () => {
  it('keeps one point per quarter-point cell, and every point left out shares a kept point’s cell', () => {
    const { x, y } = scatter(100_000);
    const kept = distinctCells(x, y);
    expect(kept.x.length).toBeLessThan(x.length / 4);
    // The grid starts at the scatter's smallest x and y, as distinctCells lays it.
    const xLo = x.reduce((a, b) => Math.min(a, b));
    const yLo = y.reduce((a, b) => Math.min(a, b));
    const cells = new Set<string>();
    for (let k = 0; k < kept.x.length; k++) {
      const key = `${cellOf(kept.x[k]!, xLo)},${cellOf(kept.y[k]!, yLo)}`;
      expect(cells.has(key)).toBe(false);
      cells.add(key);
    }
    for (let k = 0; k < x.length; k++)
      expect(cells.has(`${cellOf(x[k]!, xLo)},${cellOf(y[k]!, yLo)}`)).toBe(true);
  });

  it('keeps every point of a scatter whose points are a cell or more apart, in order', () => {
    const x = Float64Array.from([10, 10.3, 10.6, 10, 20]);
    const y = Float64Array.from([5, 5, 5, 5.3, Number.NaN]);
    const kept = distinctCells(x, y);
    expect([...kept.x]).toEqual([10, 10.3, 10.6, 10]);
    expect([...kept.y]).toEqual([5, 5, 5, 5.3]);
  });
});

describe('circles', () => {
  it('an SVG scatter is the arcs `circle` draws, in one path', () => {
    const many = new SvgSurface();
    many
      .strokeColor('#555555')
      .lineWidth(0.5)
      .circles({ x: Float64Array.of(10, 20), y: Float64Array.of(30, 40) }, 1.3);
    const one = new SvgSurface();
    one.strokeColor('#555555').lineWidth(0.5).circle(10, 30, 1.3).circle(20, 40, 1.3).stroke();
    expect(many.toSvg(100, 100, 'scatter')).toBe(one.toSvg(100, 100, 'scatter'));
  });

  it('a PDF scatter invokes one circle form per point, defined once per document and named on each page', () => {
    const doc = new PDFDocument({ compress: false, autoFirstPage: true });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const surface = new PdfSurface(doc);
    surface.circles({ x: Float64Array.of(10, 20, 30), y: Float64Array.of(40, 50, 60) }, 1.3);
    doc.addPage();
    surface.circles({ x: Float64Array.of(15), y: Float64Array.of(25) }, 1.3);
    doc.end();
    return new Promise<void>((done) => {
      doc.on('end', () => {
        const pdf = Buffer.concat(chunks).toString('latin1');
        expect(pdf.match(/\/Subtype \/Form/g)).toHaveLength(1);
        expect(pdf.match(/q 1 0 0 1 \S+ \S+ cm \/Circle1 Do Q/g)).toHaveLength(4);
        expect(pdf).toContain('q 1 0 0 1 20 50 cm /Circle1 Do Q');
        expect(pdf.match(/\/XObject <<\s*\/Circle1 \d+ 0 R/g)).toHaveLength(2);
        done();
      });
    });
  });
});
