import { expect } from 'vitest';
import type { LandmarkAnalysis, TreatmentHazardRatio } from '../src/analysis/immortalTimeTypes.js';
import type { SchoenfeldPlotData } from '../src/analysis/schoenfeldTypes.js';
import { near } from './helpers.js';

// Comparisons of the report's immortal-time analyses and Schoenfeld plots with the R scripts that
// recompute them (test/r/heart-immortal-time.R, test/r/builtin-sensitivity.R): relative 1e-6
// (`near`) for every real number, counts exact.

export type RHr = TreatmentHazardRatio;
type Nullable = number | null;

/** One landmark analysis as the R scripts write it (survfit table, survdiff, coxph). */
export interface RLandmark {
  landmark: number;
  n: number;
  excludedEvent: number;
  excludedCensored: number;
  treatedBy: number;
  treatedAfter: number;
  curves: { n: number; events: number; median: Nullable; lower: Nullable; upper?: Nullable }[];
  logRank: { statistic: number; pValue: number };
  unadjusted: RHr;
  adjusted: RHr;
}

/** plot.cox.zph's curve for one column (its code, returning instead of drawing). */
export interface RSchoenfeld {
  coef: number;
  x: number[];
  time: number[];
  y: number[];
  smooth: { x: number[]; fit: number[]; lower: number[]; upper: number[] };
  ticks: { time: number[]; x: number[] };
}

export function compareHr(ours: TreatmentHazardRatio | null, r: RHr, w: string): void {
  expect(ours, w).not.toBeNull();
  near(ours!.hazardRatio, r.hazardRatio, `${w} HR`);
  near(ours!.lower, r.lower, `${w} lower`);
  near(ours!.upper, r.upper, `${w} upper`);
  near(ours!.pValue, r.pValue, `${w} p`);
  expect([ours!.n, ours!.events], `${w} n, events`).toEqual([r.n, r.events]);
}

/** The landmark sample, its exclusions, each curve's median and CI, the log-rank test and both Cox fits. */
export function compareLandmark(l: LandmarkAnalysis, r: RLandmark, w: string): void {
  expect(l.landmark).toBe(r.landmark);
  expect([l.n, l.excludedEvent, l.excludedCensored, l.treatedBy, l.treatedAfter], w).toEqual([
    r.n,
    r.excludedEvent,
    r.excludedCensored,
    r.treatedBy,
    r.treatedAfter,
  ]);
  expect(l.km.curves.length, `${w} curves`).toBe(r.curves.length);
  r.curves.forEach((rc, j) => {
    const c = l.km.curves[j]!;
    expect([c.n, c.events], `${w} curve ${j}`).toEqual([rc.n, rc.events]);
    near(c.median.estimate, rc.median, `${w} curve ${j} median`);
    near(c.median.lower, rc.lower, `${w} curve ${j} median lower`);
    near(c.median.upper, rc.upper ?? null, `${w} curve ${j} median upper`);
  });
  near(l.km.logRank!.statistic, r.logRank.statistic, `${w} log-rank χ²`);
  near(l.km.logRank!.pValue, r.logRank.pValue, `${w} log-rank p`);
  compareHr(l.unadjusted, r.unadjusted, `${w} Cox`);
  compareHr(l.adjusted, r.adjusted, `${w} adjusted Cox`);
}

/** The scaled Schoenfeld residuals of one column, plot.cox.zph's smooth with its ±2 SE band and the axis labels. */
export function compareSchoenfeld(z: SchoenfeldPlotData, r: RSchoenfeld, w: string): void {
  near(z.coef, r.coef, `${w} β̂`);
  const all = (ours: ArrayLike<number>, ref: readonly number[], what: string) => {
    expect(ours.length, `${w} ${what} length`).toBe(ref.length);
    ref.forEach((v, i) => {
      near(ours[i], v, `${w} ${what}[${i}]`);
    });
  };
  all(z.x, r.x, 'x (1 − KM)');
  all(z.time, r.time, 'event times');
  all(z.y, r.y, 'scaled residuals');
  all(z.smooth.x, r.smooth.x, 'smooth x');
  all(z.smooth.fit, r.smooth.fit, 'smooth');
  all(z.smooth.lower, r.smooth.lower, 'smooth − 2 SE');
  all(z.smooth.upper, r.smooth.upper, 'smooth + 2 SE');
  expect(z.ticks.map((t) => t.time)).toEqual(r.ticks.time);
  all(
    z.ticks.map((t) => t.x),
    r.ticks.x,
    'tick positions',
  );
}
