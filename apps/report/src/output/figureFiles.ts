import { crc32 } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import type { AnalysisResult } from '../analysis/types.js';
import type { AnalysisPlan } from '../plan/schema.js';
import {
  type ColumnWidth,
  drawFigureFile,
  FIGURE_DPI,
  type FigureSize,
  type ReportFigure,
  reportFigures,
} from '../render/figures.js';
import { resolveFonts } from '../render/fonts.js';
import { PdfSurface } from '../render/pdfSurface.js';
import { SvgSurface } from '../render/svgSurface.js';

/** One figure rendered for a journal: its number and caption as in the PDF, its size and its files. */
export interface RenderedFigure {
  /** As in the PDF; null for the patient-flow diagram, which the PDF does not number. */
  readonly number: number | null;
  /** "Figure 2" (or "Patient flow"), for a manuscript's figure legend. */
  readonly title: string;
  /** The PDF's caption text (without the label). */
  readonly caption: string;
  /** "figure-2-forest-overall-survival": the file name of each format without its extension. */
  readonly fileStem: string;
  readonly column: ColumnWidth;
  readonly columnReason: string;
  readonly size: FigureSize;
  readonly svg: string;
  /** PNG at 300 dpi (the pHYs chunk says so), white background. */
  readonly png: Uint8Array;
}

/**
 * Every figure of the report as SVG and 300-dpi PNG, with its title and caption: what `--figures`
 * writes, and what a Word document embeds (`png`, at `size.widthPt` × `size.heightPt` points).
 */
export function renderFigureImages(result: AnalysisResult, plan: AnalysisPlan): RenderedFigure[] {
  return reportFigures(result, plan).map((figure) => renderFigure(figure));
}

function renderFigure(figure: ReportFigure): RenderedFigure {
  const surface = new SvgSurface();
  const size = drawFigureFile(figure, surface);
  const title = figure.number === null ? figure.label : `Figure ${figure.number}`;
  const svg = surface.toSvg(size.widthPt, size.heightPt, `${title}. ${figure.caption}`);
  return {
    number: figure.number,
    title,
    caption: figure.caption,
    fileStem: figure.fileStem,
    column: figure.column,
    columnReason: figure.columnReason,
    size,
    svg,
    png: rasterise(svg, size),
  };
}

/**
 * The SVG at 300 dpi with resvg, given the report's DejaVu files and no system fonts, so the text is
 * the face the layout was measured with on any machine.
 */
function rasterise(svg: string, size: FigureSize): Uint8Array {
  const fonts = resolveFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: size.widthPx },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: [fonts.sans, fonts.sansBold],
      defaultFontFamily: 'DejaVu Sans Condensed',
      sansSerifFamily: 'DejaVu Sans Condensed',
    },
  });
  return withPhysicalSize(resvg.render().asPng(), FIGURE_DPI);
}

/**
 * Adds a pHYs chunk (pixels per metre) after IHDR, so that word processors and journal systems
 * read the PNG as 300 dpi instead of their default 72 or 96. resvg writes none.
 */
export function withPhysicalSize(png: Uint8Array, dpi: number): Uint8Array {
  const ihdrEnd = 8 + 8 + 13 + 4;
  const perMetre = Math.round(dpi / 0.0254);
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  chunk.writeUInt32BE(perMetre, 8);
  chunk.writeUInt32BE(perMetre, 12);
  chunk.writeUInt8(1, 16); // unit: metre
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

/** A one-page PDF of `figure` at its file size, drawn by the same code as the report's page. */
export function figurePdf(figure: ReportFigure, size: FigureSize, creator: string): Promise<Buffer> {
  const fonts = resolveFonts();
  const doc = new PDFDocument({
    size: [size.widthPt, size.heightPt],
    margin: 0,
    info: {
      Title: `${figure.number === null ? figure.label : `Figure ${figure.number}`}. ${figure.caption}`,
      Creator: creator,
      Producer: creator,
    },
  });
  doc.registerFont('sans', fonts.sans);
  doc.registerFont('sans-bold', fonts.sansBold);
  drawFigureFile(figure, new PdfSurface(doc));
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** The files `--figures DIR` writes: for each figure (and the flow diagram) its .svg, .pdf and .png. */
export async function figureFiles(
  result: AnalysisResult,
  plan: AnalysisPlan,
): Promise<{ name: string; bytes: Uint8Array | string }[]> {
  const figures = reportFigures(result, plan);
  const files: { name: string; bytes: Uint8Array | string }[] = [];
  for (const figure of figures) {
    const rendered = renderFigure(figure);
    files.push(
      { name: `${figure.fileStem}.svg`, bytes: rendered.svg },
      { name: `${figure.fileStem}.pdf`, bytes: await figurePdf(figure, rendered.size, creator(result)) },
      { name: `${figure.fileStem}.png`, bytes: rendered.png },
    );
  }
  return files;
}

function creator(result: AnalysisResult): string {
  return `survkit ${result.software.survkit}`;
}
