import type { ForestLevel, ForestResult } from '@survkit/report/browser';
import { formatHazardRatio, formatP } from '@survkit/report/browser';
import { h, s } from './dom.ts';

const ROW = 20;
const W = 680;
const LABEL_W = 230;
const PLOT_W = 250;

interface Row {
  readonly label: string;
  readonly indent: boolean;
  readonly level: ForestLevel | null;
  readonly p: number | null;
}

/** A forest plot: one HR (first non-reference arm) per subgroup level on a log axis, interaction p per variable. */
export function forestFigure(forest: ForestResult): HTMLElement {
  const rows: Row[] = [{ label: 'All patients', indent: false, level: forest.overall, p: null }];
  for (const v of forest.variables) {
    rows.push({ label: v.label, indent: false, level: null, p: v.interactionP });
    for (const l of v.levels) rows.push({ label: l.label, indent: true, level: l, p: null });
  }
  const estimates = rows
    .flatMap((r) => r.level?.arms.flatMap((a) => [a.lower, a.upper]) ?? [])
    .filter((x): x is number => x !== null && Number.isFinite(x) && x > 0);
  const lo = Math.min(0.25, ...estimates.map((x) => Math.max(x, 0.01)));
  const hi = Math.max(4, ...estimates.map((x) => Math.min(x, 100)));
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
    svg.append(s('text', { x: r.indent ? 18 : 4, y: y + 4, class: r.level === null ? 'bold' : '' }, r.label));
    const arm = r.level?.arms[0];
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
      svg.append(s('rect', { x: x(arm.hazardRatio) - 4, y: y - 4, width: 8, height: 8, class: 'point' }));
    }
    if (r.level !== null)
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
  for (const t of [lo, 0.5, 1, 2, hi].filter((t, k, a) => a.indexOf(t) === k && t >= lo && t <= hi)) {
    const y = top + ROW * rows.length + 14;
    svg.append(
      s(
        'text',
        { x: x(t), y, 'text-anchor': 'middle' },
        t < 1 ? t.toFixed(2) : String(Math.round(t * 10) / 10),
      ),
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
