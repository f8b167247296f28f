import { coxPH, coxZphResiduals, coxZphSmooth } from '@survkit/stats';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../src/fixtures.js';

// Oracle: packages/validation/r/cox-zph-plot-patterns.R (R 4.2.2, survival 3.5-3), cox-zph-plot.R's
// components on all-categorical models with times in quarters of a year or months: the rows have few
// covariate patterns, so coxZphResiduals sums the information by pattern
// (coxZphResidualsPatterns.ts) rather than by row as on cox-zph-plot.json. Relative 1e-9, as there.
const TOL = 1e-9;

interface PlotCase {
  name: string;
  ties: 'efron' | 'breslow';
  transform: 'km' | 'rank' | 'identity';
  data: { time: number[]; event: number[]; covariates: Record<string, number[]> };
  x: number[];
  time: number[];
  y: Record<string, number[]>;
  var: number[][];
  smooth: Record<string, { x: number[]; fit: number[]; lower: number[]; upper: number[] }>;
}
const fx = readFixture<{ cases: PlotCase[] }>('cox-zph-plot-patterns.json');

function close(ours: ArrayLike<number>, r: readonly number[], what: string): void {
  expect(ours.length, `${what}: length`).toBe(r.length);
  for (const [i, v] of r.entries())
    expect(Math.abs(ours[i]! - v), `${what}[${i}]: ours ${ours[i]}, R ${v}`).toBeLessThanOrEqual(
      TOL * Math.max(Math.abs(v), 1e-3),
    );
}

describe('coxZphResiduals and coxZphSmooth on categorical covariates and tied times against R (cox-zph-plot-patterns.R, 1e-9)', () => {
  it('has its four cases', () => expect(fx.cases.length).toBe(4));
  it.each(fx.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const fit = coxPH(c.data, { ties: c.ties });
    const z = coxZphResiduals(c.data, fit, { transform: c.transform });
    expect(z.columns).toEqual(Object.keys(c.y));
    close(z.time, c.time, 'time');
    close(z.x, c.x, 'x');
    for (const [j, col] of z.columns.entries()) {
      close(z.y[col]!, c.y[col]!, `y ${col}`);
      close(z.variance[j]!, c.var[j]!, `var row ${col}`);
      const s = coxZphSmooth(z.x, z.y[col]!, z.variance[j]![j]!);
      const r = c.smooth[col]!;
      close(s.x, r.x, `smooth x ${col}`);
      close(s.fit, r.fit, `smooth ${col}`);
      close(s.lower, r.lower, `smooth lower ${col}`);
      close(s.upper, r.upper, `smooth upper ${col}`);
    }
  });
});
