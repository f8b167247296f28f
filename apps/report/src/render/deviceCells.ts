/**
 * Thinning a figure's marks to what a reader can see. A scatter of a million residuals draws most of
 * its points on top of others; two marks whose centres fall in the same cell of a fine grid on the
 * page (a quarter of a point, about one pixel at 300 dpi) print as one, so one of them is drawn.
 * The figure looks the same and its PDF, SVG and PNG stay small.
 */

/** The side of a device cell in points: a quarter point, finer than a 300-dpi pixel (0.24 pt). */
export const DEVICE_CELL = 0.25;

/** The most cells the bitmap may have (16 MB): a whole A4 page at a quarter point is 8 million. */
const MAX_CELLS = 16_000_000;

/** Marks in device coordinates (points on the page or in the figure file). */
export interface DevicePoints {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * The first of the points (x[k], y[k]) in each cell of `cell` points, at its own position, in the
 * order given. Non-finite points are left out (they cannot be drawn). A bitmap over the points'
 * bounding box marks the cells taken: a figure's box (under 600 × 800 pt) needs at most a few
 * million bytes, whatever the number of points.
 */
export function distinctCells(x: Float64Array, y: Float64Array, cell: number = DEVICE_CELL): DevicePoints {
  const n = Math.min(x.length, y.length);
  let xLo = Number.POSITIVE_INFINITY;
  let yLo = Number.POSITIVE_INFINITY;
  let xHi = Number.NEGATIVE_INFINITY;
  let yHi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const px = x[k]!;
    const py = y[k]!;
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    if (px < xLo) xLo = px;
    if (px > xHi) xHi = px;
    if (py < yLo) yLo = py;
    if (py > yHi) yHi = py;
  }
  if (xLo > xHi) return { x: new Float64Array(0), y: new Float64Array(0) };
  // Marks spread far beyond a page (no figure does this) get coarser cells, not a huge bitmap.
  const side = Math.max(cell, Math.sqrt(((xHi - xLo) * (yHi - yLo)) / MAX_CELLS));
  const cols = Math.floor((xHi - xLo) / side) + 1;
  const rows = Math.floor((yHi - yLo) / side) + 1;
  const taken = new Uint8Array(cols * rows);
  const keep = new Int32Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const px = x[k]!;
    const py = y[k]!;
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    const at = Math.floor((px - xLo) / side) * rows + Math.floor((py - yLo) / side);
    if (taken[at] === 1) continue;
    taken[at] = 1;
    keep[m++] = k;
  }
  const outX = new Float64Array(m);
  const outY = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    outX[i] = x[keep[i]!]!;
    outY[i] = y[keep[i]!]!;
  }
  return { x: outX, y: outY };
}
