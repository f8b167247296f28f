// One Kaplan–Meier curve on the plot of a figure (kmPlot.ts): its confidence band, the step curve,
// the censoring marks and the median's drop line, in the group's colour and dash.
import type { KmComparison } from '../analysis/types.js';
import { censorMarksFormBar } from './censorMarks.js';
import { groupColour, groupDash } from './palette.js';
import type { DrawingSurface } from './surface.js';

/** The plot's scales: survival 0–1 upwards from `bottom`, time 0–xMax rightwards. */
export interface Plot {
  readonly top: number;
  readonly bottom: number;
  readonly sx: (t: number) => number;
  readonly sy: (v: number) => number;
}

type Curve = KmComparison['curves'][number];

/** Steps closer than this (points) to the last one drawn are merged: invisible at any print resolution. */
const MERGE_STEPS = 0.2;

/** Draws group `i`'s curve; `axisLeft` and `xMax` place the median's drop line. */
export function drawCurve(
  s: DrawingSurface,
  g: Curve,
  i: number,
  confidenceBands: boolean,
  p: Plot,
  axisLeft: number,
  xMax: number,
): void {
  const colour = groupColour(i);
  if (confidenceBands && g.time.length > 0) drawBand(s, g, colour, p);
  s.save().lineWidth(1.3).strokeColor(colour).lineJoin('miter');
  drawSteps(s, g, i, p);
  if (!censorMarksFormBar(g, xMax)) drawCensorMarks(s, g, p);
  drawMedianLine(s, g, p, axisLeft, xMax);
  s.restore();
}

/**
 * The confidence band as a step polygon under the curve, up to the last finite limit. Steps closer
 * than MERGE_STEPS to the last one drawn are merged into the next, as in the step curve: a
 * 100,000-event band would otherwise be a polygon of 400,000 vertices.
 */
function drawBand(s: DrawingSurface, g: Curve, colour: string, { sx, sy }: Plot): void {
  const n = g.time.length;
  const up: [number, number][] = [[sx(0), sy(1)]];
  const lo: [number, number][] = [[sx(0), sy(1)]];
  let prevU = 1;
  let prevL = 1;
  let lastX = sx(0);
  // A merged step still to draw: its x and limits (drawn at the next step kept, or at the end).
  let pending: { x: number; u: number; l: number } | null = null;
  const step = (x: number, u: number, l: number) => {
    up.push([x, sy(prevU)], [x, sy(u)]);
    lo.push([x, sy(prevL)], [x, sy(l)]);
    prevU = u;
    prevL = l;
    lastX = x;
    pending = null;
  };
  for (let k = 0; k < n; k++) {
    const u = g.upper[k]!;
    const l = g.lower[k]!;
    if (!Number.isFinite(u) || !Number.isFinite(l)) break;
    const x = sx(g.time[k]!);
    if (x - lastX < MERGE_STEPS) pending = { x, u, l };
    else step(x, u, l);
  }
  const last: { x: number; u: number; l: number } | null = pending;
  if (last !== null) step(last.x, last.u, last.l);
  const end = sx(g.time[n - 1] ?? 0);
  up.push([end, sy(prevU)]);
  lo.push([end, sy(prevL)]);
  s.save().fillColor(colour).fillOpacity(0.13);
  s.polygon(...up, ...lo.reverse()).fill();
  s.restore();
}

/**
 * The step curve. Steps closer than a fifth of a point are merged: invisible at any print
 * resolution, and they keep a 100,000-patient curve from producing megabytes of path.
 */
function drawSteps(s: DrawingSurface, g: Curve, i: number, { sx, sy }: Plot): void {
  const n = g.time.length;
  s.dash(groupDash(i)).moveTo(sx(0), sy(1));
  let prev = 1;
  let lastX = sx(0);
  for (let k = 0; k < n; k++) {
    const x = sx(g.time[k]!);
    const v = g.survival[k]!;
    if (x - lastX < MERGE_STEPS && k < n - 1) continue;
    s.lineTo(x, sy(prev));
    s.lineTo(x, sy(v));
    prev = v;
    lastX = x;
  }
  prev = n > 0 ? g.survival[n - 1]! : 1;
  if (n > 0) s.lineTo(sx(g.time[n - 1]!), sy(prev));
  s.stroke();
}

/**
 * Censoring marks: a small "+" at the curve's height; marks that would overprint an earlier one
 * at the same height (within 1.5 pt) are drawn once.
 */
function drawCensorMarks(s: DrawingSurface, g: Curve, { sx, sy }: Plot): void {
  s.dash(null).lineWidth(0.8);
  let markX = Number.NEGATIVE_INFINITY;
  let markY = Number.NaN;
  for (let k = 0; k < g.time.length; k++) {
    if ((g.nCensor[k] ?? 0) === 0) continue;
    const cx = sx(g.time[k]!);
    const cy = sy(g.survival[k]!);
    if (cx - markX < 1.5 && Math.abs(cy - markY) < 0.5) continue;
    markX = cx;
    markY = cy;
    s.moveTo(cx - 2.2, cy)
      .lineTo(cx + 2.2, cy)
      .moveTo(cx, cy - 2.2)
      .lineTo(cx, cy + 2.2);
  }
  s.stroke();
}

/**
 * Median: a thin (0.5 pt, the thinnest line journals print reliably), solid, light grey drop line
 * from the 0.5 line to the axis — no dash pattern, so it is not read as one of the dashed or
 * dotted curves.
 */
function drawMedianLine(
  s: DrawingSurface,
  g: Curve,
  { bottom, sx, sy }: Plot,
  axisLeft: number,
  xMax: number,
): void {
  const m = g.median.estimate;
  if (m !== null && Number.isFinite(m) && m <= xMax) {
    s.lineWidth(0.5).strokeColor('#999999').dash(null);
    s.moveTo(axisLeft, sy(0.5)).lineTo(sx(m), sy(0.5)).lineTo(sx(m), bottom).stroke();
  }
}
