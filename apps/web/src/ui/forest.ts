import type { ForestArm, ForestLevel, ForestResult } from '@survkit/report/browser';
import { formatHazardRatio, formatP, hazardRatioTicks } from '@survkit/report/browser';
import { h, s } from './dom.ts';

const ROW = 20;
const W = 680;
const LABEL_W = 230;
const PLOT_W = 250;

interface Row {
  readonly label: string;
  /** 0: the whole cohort or a subgroup variable; 1: its levels; 2: the arms of a level (k arms). */
  readonly depth: number;
  /** The row shows an HR cell (the arm's estimate, or "–" when there is none). */
  readonly estimate: boolean;
  readonly arm: ForestArm | null;
  readonly p: number | null;
}

/** A level's rows: its HR on its own line with two arms; with k arms, the level then one line per arm vs the reference. */
function levelRows(label: string, depth: number, level: ForestLevel): Row[] {
  if (level.arms.length <= 1) return [{ label, depth, estimate: true, arm: level.arms[0] ?? null, p: null }];
  return [
    { label, depth, estimate: false, arm: null, p: null },
    ...level.arms.map((arm) => ({ label: arm.label, depth: depth + 1, estimate: true, arm, p: null })),
  ];
}

/** The plot's lines: all patients, then each subgroup variable with its levels (and their arms). */
function forestRows(forest: ForestResult): Row[] {
  const rows: Row[] = levelRows('All patients', 0, forest.overall);
  for (const v of forest.variables) {
    rows.push({ label: v.label, depth: 0, estimate: false, arm: null, p: v.interactionP });
    for (const l of v.levels) rows.push(...levelRows(l.label, 1, l));
  }
  return rows;
}

/** The PDF's axis: round log-scale ticks (0.2, 0.5, 1, 2, 5, …) covering the intervals, clipped at 0.05 and 20. */
function axisTicks(rows: readonly Row[]): number[] {
  const limits = rows
    .flatMap((r) => (r.arm === null ? [] : [r.arm.lower, r.arm.upper]))
    .filter((x): x is number => x !== null && Number.isFinite(x) && x > 0);
  return hazardRatioTicks(Math.max(0.05, Math.min(0.5, ...limits)), Math.min(20, Math.max(2, ...limits)));
}

/** A forest plot: the HR of each arm vs the reference per subgroup level on a log axis, interaction p per variable. */
export function forestFigure(forest: ForestResult): HTMLElement {
  const rows = forestRows(forest);
  const ticks = axisTicks(rows);
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const x = (hr: number) =>
    LABEL_W + ((Math.log(hr) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * PLOT_W;
  const height = ROW * (rows.length + 2) + 10;
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${height}`,
    role: 'img',
    class: 'forest',
    'aria-label': `Forest plot of ${forest.label}: ${forest.contrast}`,
  });
  svg.append(
    s('text', { x: 4, y: 14, class: 'bold' }, 'Subgroup'),
    s('text', { x: LABEL_W + PLOT_W + 12, y: 14, class: 'bold' }, 'HR (95% CI)'),
    s('text', { x: W - 4, y: 14, class: 'bold', 'text-anchor': 'end' }, 'p (interaction)'),
  );
  const top = ROW * 1.5;
  svg.append(s('line', { x1: x(1), x2: x(1), y1: top - 6, y2: top + ROW * rows.length, class: 'axis' }));
  rows.forEach((r, i) => {
    const y = top + ROW * i + 10;
    const bold = r.depth === 0 && !r.estimate;
    svg.append(s('text', { x: 4 + 14 * r.depth, y: y + 4, class: bold ? 'bold' : '' }, r.label));
    const arm = r.arm;
    if (arm && arm.hazardRatio !== null && arm.lower !== null && arm.upper !== null) {
      svg.append(
        s('line', {
          x1: x(Math.max(arm.lower, lo)),
          x2: x(Math.min(arm.upper, hi)),
          y1: y,
          y2: y,
          class: 'ci',
        }),
      );
      if (arm.hazardRatio >= lo && arm.hazardRatio <= hi)
        svg.append(s('rect', { x: x(arm.hazardRatio) - 4, y: y - 4, width: 8, height: 8, class: 'point' }));
    }
    if (r.estimate)
      svg.append(
        s(
          'text',
          { x: LABEL_W + PLOT_W + 12, y: y + 4 },
          arm
            ? arm.hazardRatio === null
              ? (arm.note ?? '–')
              : formatHazardRatio(arm.hazardRatio, arm.lower ?? Number.NaN, arm.upper ?? Number.NaN)
            : '–',
        ),
      );
    if (r.p !== null) svg.append(s('text', { x: W - 4, y: y + 4, 'text-anchor': 'end' }, formatP(r.p)));
  });
  const axisY = top + ROW * rows.length;
  svg.append(s('line', { x1: x(lo), x2: x(hi), y1: axisY, y2: axisY, class: 'axis' }));
  for (const t of ticks) {
    svg.append(
      s('line', { x1: x(t), x2: x(t), y1: axisY, y2: axisY + 4, class: 'axis' }),
      s('text', { x: x(t), y: axisY + 16, 'text-anchor': 'middle' }, String(t)),
    );
  }
  return h(
    'figure',
    { class: 'forest-figure' },
    svg as unknown as Node,
    h(
      'figcaption',
      {},
      `Hazard ratios of ${forest.label.toLowerCase()} (${forest.contrast}) within subgroups.`,
    ),
  );
}
