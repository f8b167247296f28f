/**
 * The drawing operations the figures use (Kaplan–Meier plots, forest plots), so that one drawing
 * routine writes the report's PDF page, a one-figure PDF and an SVG file. The semantics are pdfkit's
 * (PDF's): coordinates in points with y growing downwards; `save`/`restore` keep the graphics state
 * (colours, opacity, line width and dash, transform) but not the font, which is set per text; a
 * path is built with moveTo/lineTo/rect/circle/polygon and painted by `stroke` or `fill`; text is
 * placed by the top of its line box and measured with the DejaVu metrics of the report
 * (fonts.ts), whichever surface draws it.
 */
import type { DevicePoints } from './deviceCells.js';

export type FontName = 'sans' | 'sans-bold';

export interface SurfaceTextOptions {
  /** The box the text is aligned in; with `lineBreak` not false, the width it wraps at. */
  readonly width?: number;
  readonly align?: 'left' | 'center' | 'right';
  /** false: one line, never wrapped (the default wraps at `width`). */
  readonly lineBreak?: boolean;
}

export interface DrawingSurface {
  /** Sets the font, and the size when given, for the following text and measurements. */
  font(name: FontName, size?: number): this;
  fontSize(size: number): this;
  widthOfString(text: string): number;
  /** Height of `text` wrapped at `width` (pdfkit's line breaking). */
  heightOfString(text: string, width: number): number;
  /** Height of one line of the current font, with its line gap (pdfkit's currentLineHeight(true)). */
  lineHeight(): number;
  text(text: string, x: number, y: number, options?: SurfaceTextOptions): this;

  fillColor(colour: string): this;
  fillOpacity(opacity: number): this;
  strokeColor(colour: string): this;
  lineWidth(width: number): this;
  lineJoin(join: 'miter' | 'round' | 'bevel'): this;
  /** A dash array (on, off, … in points), or null for a solid line. */
  dash(pattern: readonly number[] | null): this;

  moveTo(x: number, y: number): this;
  lineTo(x: number, y: number): this;
  rect(x: number, y: number, w: number, h: number): this;
  circle(x: number, y: number, r: number): this;
  /**
   * Strokes an open circle of radius `r` at each of `points`, in the current stroke colour and line
   * width, as one mark repeated (a scatter of many points); the current path is left alone.
   */
  circles(points: DevicePoints, r: number): this;
  polygon(...points: readonly (readonly [number, number])[]): this;
  /** Strokes the current path and starts a new one. */
  stroke(): this;
  /** Fills the current path (in `colour`, which then stays the fill colour) and starts a new one. */
  fill(colour?: string): this;

  save(): this;
  restore(): this;
  /** Rotates the following drawing by `angle` degrees (negative: anticlockwise on the page) about `origin`. */
  rotate(angle: number, origin: readonly [number, number]): this;
}

/** Where a figure is drawn on its surface: its left edge, top and the width it may use. */
export interface FigureFrame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
}
