import type { KmComparison, KmCurve } from '@survkit/report/browser';
import {
  censorMarksFormBar,
  formatAxisTime,
  formatP,
  omittedMarksSentence,
  TIME_UNIT_ABBREVIATION,
} from '@survkit/report/browser';
import { h, s } from './dom.ts';

// Okabe–Ito, as the PDF's palette: distinguishable with colour-vision deficiency.
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];
const W = 680;
// The left margin leaves room for the group names of the number-at-risk rows.
const PLOT = { left: 100, right: 16, top: 16, height: 260 };

/**
 * Patients at risk just before each step time, recovered from the step function: the drop at a step
 * is d/r (Kaplan–Meier), so d = r(1 − S_i/S_{i−1}); censored counts are given. Integer by construction.
 */
export function atRiskAtSteps(curve: KmCurve): number[] {
  const out: number[] = [];
  let r = curve.n;
  let prev = 1;
  for (let i = 0; i < curve.time.length; i++) {
    out.push(r);
    const si = curve.survival[i] ?? prev;
    const d = prev > 0 ? Math.round(r * (1 - si / prev)) : 0;
    r -= d + (curve.nCensor[i] ?? 0);
    prev = si;
  }
  return out;
}

/** The step index in force at time t (last step at or before t), −1 before the first. */
function stepAt(curve: KmCurve, t: number): number {
  let lo = 0;
  let hi = curve.time.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((curve.time[mid] ?? 0) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const pct = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? 'NA' : `${(100 * x).toFixed(1)}%`;

/** Where a time and a survival probability are drawn, and the plot's width and risk table's top. */
interface Frame {
  readonly x: (t: number) => number;
  readonly y: (p: number) => number;
  readonly plotW: number;
  readonly riskTop: number;
}

/** The grid, the survival and time axes with their ticks and titles, and the risk table's heading. */
function drawAxes(svg: SVGElement, km: KmComparison, { x, y, plotW, riskTop }: Frame): void {
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(s('line', { x1: PLOT.left, x2: W - PLOT.right, y1: y(p), y2: y(p), class: 'grid' }));
    svg.append(s('text', { x: PLOT.left - 6, y: y(p) + 4, 'text-anchor': 'end' }, `${p * 100}%`));
  }
  for (const t of km.xTicks) {
    svg.append(s('line', { x1: x(t), x2: x(t), y1: y(0), y2: y(0) + 5, class: 'axis' }));
    svg.append(s('text', { x: x(t), y: y(0) + 18, 'text-anchor': 'middle' }, formatAxisTime(t)));
  }
  svg.append(
    s('text', { x: PLOT.left + plotW / 2, y: y(0) + 36, 'text-anchor': 'middle' }, `Time (${km.timeUnit})`),
  );
  svg.append(s('text', { x: 4, y: riskTop - 6, class: 'bold' }, 'Number at risk'));
}

/** One group: its step curve, censoring ticks, number-at-risk row and legend entry. */
function drawCurve(svg: SVGElement, km: KmComparison, curve: KmCurve, g: number, frame: Frame): void {
  const { x, y, riskTop } = frame;
  const colour = COLOURS[g % COLOURS.length] ?? '#000';
  let d = `M${x(0)},${y(1)}`;
  let prev = 1;
  curve.time.forEach((t, i) => {
    const sv = curve.survival[i] ?? prev;
    d += `H${x(t)}V${y(sv)}`;
    prev = sv;
  });
  d += `H${x(Math.min(km.xMax, curve.time.at(-1) ?? 0))}`;
  svg.append(s('path', { d, stroke: colour, class: 'curve' }));
  // As in the PDF: marks dense enough to print as a bar are left out, and the caption says so.
  const marks = !censorMarksFormBar(curve, km.xMax);
  curve.time.forEach((t, i) => {
    if (marks && (curve.nCensor[i] ?? 0) > 0)
      svg.append(
        s('line', {
          x1: x(t),
          x2: x(t),
          y1: y(curve.survival[i] ?? 0) - 4,
          y2: y(curve.survival[i] ?? 0) + 4,
          stroke: colour,
          class: 'censor',
        }),
      );
  });
  const rowY = riskTop + 14 + 18 * g;
  svg.append(s('text', { x: 4, y: rowY, fill: colour }, curve.label));
  km.xTicks.forEach((t, k) => {
    svg.append(s('text', { x: x(t), y: rowY, 'text-anchor': 'middle' }, String(curve.atRisk[k] ?? '')));
  });
  svg.append(
    s('rect', { x: W - PLOT.right - 190, y: PLOT.top + 8 + 16 * g, width: 12, height: 3, fill: colour }),
  );
  svg.append(
    s('text', { x: W - PLOT.right - 172, y: PLOT.top + 13 + 16 * g }, `${curve.label} (n = ${curve.n})`),
  );
}

/** Each group's reading at time t: S(t) with its confidence interval and the number at risk. */
function readingAt(km: KmComparison, risk: readonly number[][], t: number): HTMLElement[] {
  return km.curves.map((c, g) => {
    const i = stepAt(c, t);
    // R's n.risk at t (summary.survfit): patients whose time is ≥ t.
    const next = i >= 0 && c.time[i] === t ? i : i + 1;
    const after = next < c.time.length ? (risk[g]![next] ?? 0) : 0;
    const sv = i < 0 ? 1 : c.survival[i];
    const ci = i < 0 ? '' : ` (${pct(c.lower[i])}–${pct(c.upper[i])})`;
    return h(
      'div',
      {},
      h('span', { class: 'swatch', style: `background:${COLOURS[g % COLOURS.length]}` }),
      `${c.label}: S = ${pct(sv)}${ci}, at risk ${after}`,
    );
  });
}

/** "Log-rank p = 0.012" ("p < 0.001"), or why there is no test. */
function logRankText(km: KmComparison): string {
  if (km.logRank === null) return km.logRankNote ?? 'no log-rank test';
  return `Log-rank p ${formatP(km.logRank.pValue)
    .replace(/^([<>])/, '$1 ')
    .replace(/^(\d)/, '= $1')}`;
}

/** A Kaplan–Meier figure: curves, censoring ticks, number at risk, log-rank p; hover or arrow keys read values. */
export function kmFigure(km: KmComparison, index: number): HTMLElement {
  const riskTop = PLOT.top + PLOT.height + 46;
  const height = riskTop + 18 * km.curves.length + 8;
  const plotW = W - PLOT.left - PLOT.right;
  const x = (t: number) => PLOT.left + (t / km.xMax) * plotW;
  const y = (p: number) => PLOT.top + (1 - p) * PLOT.height;
  const frame: Frame = { x, y, plotW, riskTop };
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${height}`,
    role: 'img',
    class: 'km',
    'aria-labelledby': `km-title-${index}`,
  });
  const title = `Kaplan–Meier estimate of ${km.label.toLowerCase()} by group`;
  svg.append(s('title', { id: `km-title-${index}` }, title));
  drawAxes(svg, km, frame);
  km.curves.forEach((curve, g) => {
    drawCurve(svg, km, curve, g, frame);
  });
  const logRank = logRankText(km);
  svg.append(
    s(
      'text',
      { x: PLOT.left + 8, y: y(0) - 10, class: 'bold', 'data-testid': `logrank-${km.abbreviation}` },
      logRank,
    ),
  );
  const { tooltip, show } = readingCursor(svg, km, frame);
  // Keyboard: the figure is focusable and the arrow keys move the reading cursor.
  let kt = 0;
  const figure = h('figure', { class: 'km-figure', 'data-testid': `km-${km.abbreviation}` });
  const holder = h(
    'div',
    {
      class: 'km-holder',
      tabindex: 0,
      'aria-label': `${title}. Use the left and right arrow keys to read survival at a time.`,
    },
    svg as unknown as Node,
    tooltip,
  );
  holder.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    kt = Math.max(0, Math.min(km.xMax, kt + (e.key === 'ArrowRight' ? 1 : -1) * (km.xMax / 50)));
    show(kt);
  });
  figure.append(
    holder,
    h('figcaption', {}, `${title}. ${logRank}.${omittedMarksSentence(km.curves, km.xMax)}`),
  );
  return figure;
}

/**
 * The reading cursor: a vertical line and a line of text under the figure giving each group's
 * S(t), CI and number at risk where the pointer is; `show(t)` moves it (the arrow keys use it).
 */
function readingCursor(
  svg: SVGElement,
  km: KmComparison,
  frame: Frame,
): { tooltip: HTMLElement; show: (t: number) => void } {
  const { x, y, plotW } = frame;
  const unit = TIME_UNIT_ABBREVIATION[km.timeUnit];
  const cursor = s('line', { y1: y(1), y2: y(0), class: 'cursor', visibility: 'hidden' });
  svg.append(cursor);
  const risk = km.curves.map(atRiskAtSteps);
  // Under the figure, not over it: it never hides the legend or the curves.
  const hint =
    'Point at the curves, or focus the figure and use the left and right arrow keys, to read survival at a time.';
  const tooltip = h('div', { class: 'tooltip', role: 'status', 'aria-live': 'polite' }, hint);
  const show = (t: number) => {
    cursor.setAttribute('x1', String(x(t)));
    cursor.setAttribute('x2', String(x(t)));
    cursor.setAttribute('visibility', 'visible');
    tooltip.replaceChildren(h('strong', {}, `t = ${t.toFixed(1)} ${unit}`), ...readingAt(km, risk, t));
  };
  const overlay = s('rect', {
    x: PLOT.left,
    y: PLOT.top,
    width: plotW,
    height: PLOT.height,
    fill: 'transparent',
  });
  overlay.addEventListener('pointermove', (e) => {
    const box = svg.getBoundingClientRect();
    const px = ((e as PointerEvent).clientX - box.left) * (W / box.width);
    show(Math.max(0, Math.min(km.xMax, ((px - PLOT.left) / plotW) * km.xMax)));
  });
  overlay.addEventListener('pointerleave', () => {
    cursor.setAttribute('visibility', 'hidden');
    tooltip.replaceChildren(hint);
  });
  svg.append(overlay);
  return { tooltip, show };
}
