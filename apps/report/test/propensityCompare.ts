import { expect } from 'vitest';
import type { PropensityEffect, PropensityResult } from '../src/analysis/propensityTypes.js';
import type { KmComparison } from '../src/analysis/survivalTypes.js';
import { near } from './helpers.js';

// Comparisons of the report's propensity-score analysis with the R scripts that recompute it
// (test/r/propensity-gbsg.R, test/r/builtin-sensitivity.R: glm, MatchIt, survival's coxph and
// survfit with weights). Tolerance: relative 1e-6 (`near`); SMDs near 0 absolutely at 1e-12.

export interface REffect {
  n: number;
  events: number;
  hazardRatio: number;
  lower: number;
  upper: number;
  pValue: number;
}
export interface RBalanceRow {
  variable: string;
  key: string;
  smdBefore: number;
  smdWeighted: number;
  smdMatched: number;
  varianceRatioBefore?: number | null;
  varianceRatioWeighted?: number | null;
  varianceRatioMatched?: number | null;
}
export interface RKmAt {
  time: number[];
  survival: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  nRisk: number[];
}
export interface RWeightedKm {
  landmarks: Record<'treated' | 'control', RKmAt>;
  ticks: Record<'treated' | 'control', RKmAt>;
  events: { treated: number; control: number };
}

export function sameEffect(ours: PropensityEffect | null, r: REffect, what: string): void {
  expect(ours, what).not.toBeNull();
  expect(ours!.n, `${what} n`).toBe(r.n);
  expect(ours!.events, `${what} events`).toBe(r.events);
  near(ours!.hazardRatio, r.hazardRatio, `${what} HR`);
  near(ours!.lower, r.lower, `${what} lower`);
  near(ours!.upper, r.upper, `${what} upper`);
  near(ours!.pValue, r.pValue, `${what} p`);
}

/** An SMD R computes as (numerically) 0 is compared absolutely; any other relatively. */
export const small = (a: number | null, e: number, what: string): void =>
  Math.abs(e) < 1e-3
    ? expect(Math.abs(a! - e), `${what}: ours ${a}, R ${e}`).toBeLessThan(1e-12)
    : near(a, e, what);

/** Every balance row: SMD and variance ratio before, after weighting and after matching (R writes no ratio for binary rows). */
export function compareBalance(p: PropensityResult, rows: readonly RBalanceRow[]): void {
  expect(p.balance.length).toBe(rows.length);
  rows.forEach((r, k) => {
    const row = p.balance[k]!;
    expect(row.variable).toBe(r.variable);
    small(row.smdBefore, r.smdBefore, `${r.key} SMD before`);
    small(row.smdWeighted, r.smdWeighted, `${r.key} SMD weighted`);
    small(row.smdMatched, r.smdMatched, `${r.key} SMD matched`);
    near(row.varianceRatioBefore, r.varianceRatioBefore ?? null, `${r.key} VR before`);
    near(row.varianceRatioWeighted, r.varianceRatioWeighted ?? null, `${r.key} VR weighted`);
    near(row.varianceRatioMatched, r.varianceRatioMatched ?? null, `${r.key} VR matched`);
  });
}

/** The IPTW-weighted Kaplan–Meier curves: survfit(weights = w) at the landmarks and at the axis ticks. */
export function compareWeightedKm(km: KmComparison, r: RWeightedKm, p: PropensityResult): void {
  expect(km.curves.map((c) => c.label)).toEqual([p.treated.label, p.control.label]);
  (['treated', 'control'] as const).forEach((arm, j) => {
    const curve = km.curves[j]!;
    near(curve.events, r.events[arm], `${arm} weighted events`);
    const lm = r.landmarks[arm];
    expect(curve.landmarks.map((l) => l.time)).toEqual(lm.time);
    curve.landmarks.forEach((l, k) => {
      near(l.survival, lm.survival[k]!, `${arm} S(${l.time})`);
      near(l.lower, lm.lower[k]!, `${arm} lower(${l.time})`);
      near(l.upper, lm.upper[k]!, `${arm} upper(${l.time})`);
    });
    const ticks = r.ticks[arm];
    ticks.time.forEach((t, k) => {
      const at = km.xTicks.indexOf(t);
      expect(at, `tick ${t}`).toBeGreaterThanOrEqual(0);
      near(curve.atRisk[at], ticks.nRisk[k]!, `${arm} weighted number at risk at ${t}`);
      // The step function just after its last jump at or before t (past the last follow-up R extends it).
      let i = -1;
      while (i + 1 < curve.time.length && curve.time[i + 1]! <= t) i++;
      const last = curve.time.length === 0 ? 0 : curve.time[curve.time.length - 1]!;
      if (ticks.survival[k] !== null || t <= last)
        near(i < 0 ? 1 : curve.survival[i], ticks.survival[k]!, `${arm} S(${t}) from the drawn steps`);
    });
  });
}
