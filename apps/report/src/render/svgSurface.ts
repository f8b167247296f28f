import PDFDocument from 'pdfkit';
import type { DevicePoints } from './deviceCells.js';
import { resolveFonts } from './fonts.js';
import type { DrawingSurface, FontName, SurfaceTextOptions } from './surface.js';

/**
 * The font the SVG declares. The report measures text with DejaVu Sans Condensed (fonts.ts), so the
 * SVG asks for that face first; 'DejaVu Sans' with font-stretch condensed is how font databases that
 * group faces by typographic family (fontconfig, resvg's fontdb) name the same file.
 */
export const SVG_FONT_FAMILY = "'DejaVu Sans Condensed', 'DejaVu Sans', sans-serif";

/** The part of the graphics state that save/restore keep, as in PDF. */
interface GraphicsState {
  fill: string;
  fillOpacity: number;
  stroke: string;
  lineWidth: number;
  lineJoin: 'miter' | 'round' | 'bevel';
  dash: readonly number[] | null;
  transform: string;
}

/** pdfkit's private hook that places one line of text; captured to learn where pdfkit would put it. */
type Fragment = (
  text: string,
  x: number,
  y: number,
  options: { align?: string; width?: number; lineWidth?: number },
) => void;

/**
 * The drawing surface that writes SVG. Text is measured, wrapped and placed by a pdfkit document that
 * is never written out (the same fonts and line breaking as the report's pages), and each line it
 * would draw becomes a <text> element: right- and centre-aligned text is anchored at its box's edge or
 * middle, so it stays aligned even where a viewer substitutes a font. Paths are emitted as <path>
 * elements with PDF's defaults made explicit (miter limit 10, butt caps).
 */
export class SvgSurface implements DrawingSurface {
  private readonly measurer: PDFKit.PDFDocument;
  private readonly elements: string[] = [];
  private readonly stack: GraphicsState[] = [];
  private state: GraphicsState = {
    fill: '#000000',
    fillOpacity: 1,
    stroke: '#000000',
    lineWidth: 1,
    lineJoin: 'miter',
    dash: null,
    transform: '',
  };
  private path = '';
  private fontName: FontName = 'sans';
  private size = 12;

  constructor() {
    this.measurer = sharedMeasurer();
    this.measurer.font('sans').fontSize(this.size);
  }

  font(name: FontName, size?: number): this {
    this.fontName = name;
    this.measurer.font(name);
    if (size !== undefined) this.fontSize(size);
    return this;
  }
  fontSize(size: number): this {
    this.size = size;
    this.measurer.fontSize(size);
    return this;
  }
  widthOfString(text: string): number {
    return this.measure().widthOfString(text);
  }
  heightOfString(text: string, width: number): number {
    return this.measure().heightOfString(text, { width });
  }
  lineHeight(): number {
    return this.measure().currentLineHeight(true);
  }

  text(text: string, x: number, y: number, options: SurfaceTextOptions = {}): this {
    const doc = this.measure() as unknown as { _fragment: Fragment; _font: { ascender: number } };
    const ascent = (doc._font.ascender / 1000) * this.size;
    const lines: { text: string; x: number; y: number; align: string; lineWidth: number }[] = [];
    const own = doc._fragment;
    doc._fragment = (t, fx, fy, o) => {
      lines.push({ text: t, x: fx, y: fy, align: o.align ?? 'left', lineWidth: o.lineWidth ?? 0 });
    };
    try {
      this.measurer.text(text, x, y, { ...options });
    } finally {
      doc._fragment = own;
    }
    for (const line of lines) {
      const t = line.text.replace(/\n/g, '');
      if (t.trim().length === 0) continue;
      // pdfkit aligns only within a given width; the anchor does the same in the viewer's font.
      const aligned = options.width !== undefined;
      const anchor =
        aligned && line.align === 'right' ? 'end' : aligned && line.align === 'center' ? 'middle' : null;
      const ax =
        anchor === 'end'
          ? line.x + line.lineWidth
          : anchor === 'middle'
            ? line.x + line.lineWidth / 2
            : line.x;
      // Trailing spaces (a wrapped line keeps the one it broke at) are invisible; drop them.
      const shown = t.replace(/\s+$/, '');
      const attrs = [
        `x="${num(ax)}"`,
        `y="${num(line.y + ascent)}"`,
        `font-size="${num(this.size)}"`,
        this.fontName === 'sans-bold' ? 'font-weight="bold"' : '',
        anchor === null ? '' : `text-anchor="${anchor}"`,
        `fill="${this.state.fill}"`,
        this.state.fillOpacity === 1 ? '' : `fill-opacity="${num(this.state.fillOpacity)}"`,
        this.transformAttr(),
      ].filter((a) => a !== '');
      this.elements.push(`<text ${attrs.join(' ')}>${escapeXml(shown)}</text>`);
    }
    return this;
  }

  fillColor(colour: string): this {
    this.state.fill = colour;
    return this;
  }
  fillOpacity(opacity: number): this {
    this.state.fillOpacity = opacity;
    return this;
  }
  strokeColor(colour: string): this {
    this.state.stroke = colour;
    return this;
  }
  lineWidth(width: number): this {
    this.state.lineWidth = width;
    return this;
  }
  lineJoin(join: 'miter' | 'round' | 'bevel'): this {
    this.state.lineJoin = join;
    return this;
  }
  dash(pattern: readonly number[] | null): this {
    this.state.dash = pattern === null ? null : [...pattern];
    return this;
  }

  moveTo(x: number, y: number): this {
    this.path += `M${num(x)} ${num(y)}`;
    return this;
  }
  lineTo(x: number, y: number): this {
    this.path += `L${num(x)} ${num(y)}`;
    return this;
  }
  rect(x: number, y: number, w: number, h: number): this {
    this.path += `M${num(x)} ${num(y)}h${num(w)}v${num(h)}h${num(-w)}Z`;
    return this;
  }
  circle(x: number, y: number, r: number): this {
    this.path += circlePath(x, y, r);
    return this;
  }
  circles(points: DevicePoints, r: number): this {
    // One <path> of many circles: the same strokes as one element per circle, in a fraction of the file.
    const pending = this.path;
    const parts: string[] = [];
    for (let k = 0; k < points.x.length; k++) {
      parts.push(circlePath(points.x[k]!, points.y[k]!, r));
    }
    this.path = parts.join('');
    this.stroke();
    this.path = pending;
    return this;
  }
  polygon(...points: readonly (readonly [number, number])[]): this {
    points.forEach(([x, y], i) => {
      this.path += `${i === 0 ? 'M' : 'L'}${num(x)} ${num(y)}`;
    });
    if (points.length > 0) this.path += 'Z';
    return this;
  }
  stroke(): this {
    if (this.path !== '') {
      const s = this.state;
      const attrs = [
        `d="${this.path}"`,
        'fill="none"',
        `stroke="${s.stroke}"`,
        `stroke-width="${num(s.lineWidth)}"`,
        s.lineJoin === 'miter' ? 'stroke-miterlimit="10"' : `stroke-linejoin="${s.lineJoin}"`,
        s.dash === null ? '' : `stroke-dasharray="${s.dash.map(num).join(' ')}"`,
        this.transformAttr(),
      ].filter((a) => a !== '');
      this.elements.push(`<path ${attrs.join(' ')}/>`);
    }
    this.path = '';
    return this;
  }
  fill(colour?: string): this {
    if (colour !== undefined) this.state.fill = colour;
    if (this.path !== '') {
      const s = this.state;
      const attrs = [
        `d="${this.path}"`,
        `fill="${s.fill}"`,
        s.fillOpacity === 1 ? '' : `fill-opacity="${num(s.fillOpacity)}"`,
        this.transformAttr(),
      ].filter((a) => a !== '');
      this.elements.push(`<path ${attrs.join(' ')}/>`);
    }
    this.path = '';
    return this;
  }

  save(): this {
    this.stack.push({ ...this.state });
    return this;
  }
  restore(): this {
    const previous = this.stack.pop();
    if (previous !== undefined) this.state = previous;
    return this;
  }
  rotate(angle: number, origin: readonly [number, number]): this {
    this.state.transform =
      `${this.state.transform} rotate(${num(angle)} ${num(origin[0])} ${num(origin[1])})`.trim();
    return this;
  }

  /**
   * The SVG document of everything drawn, `width` × `height` points, sized in millimetres so its
   * physical size is the journal column's; `title` becomes its accessible name.
   */
  toSvg(width: number, height: number, title: string): string {
    const mm = (pt: number) => num((pt / 72) * 25.4);
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<svg xmlns="http://www.w3.org/2000/svg" width="${mm(width)}mm" height="${mm(height)}mm" viewBox="0 0 ${num(width)} ${num(height)}">`,
      `<title>${escapeXml(title)}</title>`,
      `<rect width="${num(width)}" height="${num(height)}" fill="#ffffff"/>`,
      `<g font-family="${SVG_FONT_FAMILY.replace(/'/g, '&apos;')}" font-stretch="condensed">`,
      ...this.elements,
      '</g>',
      '</svg>',
      '',
    ].join('\n');
  }

  /**
   * The shared measurer, set to this surface's font (another surface may have changed it) and with
   * its cursor at the origin: pdfkit measures a height as the difference of two cursor positions, so
   * a cursor left far down by earlier texts would change the last bits of every height.
   */
  private measure(): PDFKit.PDFDocument {
    this.measurer.x = 0;
    this.measurer.y = 0;
    return this.measurer.font(this.fontName).fontSize(this.size);
  }

  private transformAttr(): string {
    return this.state.transform === '' ? '' : `transform="${this.state.transform}"`;
  }
}

let measurer: PDFKit.PDFDocument | null = null;

/**
 * The pdfkit document every SVG surface measures and places text with. One for the process: loading
 * the two DejaVu faces takes longer than drawing a figure, and the document keeps no state between
 * texts that a figure relies on (each surface sets the font and size before it measures or draws).
 * A page far larger than any figure, so that pdfkit never breaks a page while placing text.
 */
function sharedMeasurer(): PDFKit.PDFDocument {
  if (measurer === null) {
    const fonts = resolveFonts();
    measurer = new PDFDocument({ size: [10000, 100000], margin: 0, autoFirstPage: true });
    measurer.registerFont('sans', fonts.sans);
    measurer.registerFont('sans-bold', fonts.sansBold);
  }
  return measurer;
}

/** Coordinates to 1/1000 pt: far below any output resolution, and files stay small. */
/** A circle as two SVG arcs, closed. */
function circlePath(x: number, y: number, r: number): string {
  return `M${num(x - r)} ${num(y)}a${num(r)} ${num(r)} 0 1 0 ${num(2 * r)} 0a${num(r)} ${num(r)} 0 1 0 ${num(-2 * r)} 0Z`;
}

function num(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
