import { coxPH, coxZphResiduals, coxZphSmooth, StatsInputError } from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../src/fixtures.js';

// Oracle: packages/validation/r/cox-zph-plot.R (R 4.2.2, survival 3.5-3): cox.zph(fit, terms = FALSE)
// $x, $time, $y, $var and the curve of survival's plot.cox.zph (ns(df = 4, intercept = TRUE),
// qr.coef, ±2 SE) at its 40 points. Tolerance: relative 1e-9 (Cox suites: 1e-7..1e-9).
const TOL = 1e-9;

interface Curve {
  x: number[];
  fit: number[];
  lower: number[];
  upper: number[];
}
interface PlotCase {
  name: string;
  ties: 'efron' | 'breslow';
  transform: 'km' | 'rank' | 'identity';
  data: { time: number[]; event: number[]; covariates: Record<string, number[]> };
  x: number[];
  time: number[];
  y: Record<string, number[]>;
  var: number[][];
  smooth: Record<string, Curve>;
}
const fx = readFixture<{ cases: PlotCase[] }>('cox-zph-plot.json');
// packages/validation/r/cox-zph-plot-patterns.R: the same components on all-categorical models with
// times in quarters of a year or months, where the rows have few covariate patterns and
// coxZphResiduals sums the information by pattern (coxZphResidualsPatterns.ts).
const byPatterns = readFixture<{ cases: PlotCase[] }>('cox-zph-plot-patterns.json');

function close(ours: ArrayLike<number>, r: readonly number[], what: string): void {
  expect(ours.length, `${what}: length`).toBe(r.length);
  r.forEach((v, i) => {
    const err = Math.abs(ours[i]! - v);
    expect(err, `${what}[${i}]: ours ${ours[i]}, R ${v}`).toBeLessThanOrEqual(
      TOL * Math.max(Math.abs(v), 1e-3),
    );
  });
}

/** Every component of one case against R: residuals, times, variance and each term's smooth. */
function checkCase(c: PlotCase): void {
  const fit = coxPH(c.data, { ties: c.ties });
  const z = coxZphResiduals(c.data, fit, { transform: c.transform });
  expect(z.columns).toEqual(Object.keys(c.y));
  close(z.time, c.time, 'time');
  close(z.x, c.x, 'x');
  z.columns.forEach((col, j) => {
    close(z.y[col]!, c.y[col]!, `y ${col}`);
    close(z.variance[j]!, c.var[j]!, `var row ${col}`);
    const s = coxZphSmooth(z.x, z.y[col]!, z.variance[j]![j]!);
    const r = c.smooth[col]!;
    close(s.x, r.x, `smooth x ${col}`);
    close(s.fit, r.fit, `smooth ${col}`);
    close(s.lower, r.lower, `smooth lower ${col}`);
    close(s.upper, r.upper, `smooth upper ${col}`);
  });
}

describe("coxZphResiduals and coxZphSmooth against R's cox.zph / plot.cox.zph (cox-zph-plot.R, 1e-9)", () => {
  it.each(fx.cases.map((c) => [c.name, c] as const))('%s', (_, c) => checkCase(c));

  it('rejects a fit of other covariates, and a smooth of mismatched lengths, with typed errors', () => {
    const c = fx.cases[0]!;
    const fit = coxPH(c.data);
    const { age: _, ...rest } = c.data.covariates;
    expect(() => coxZphResiduals({ ...c.data, covariates: rest }, fit)).toThrow(StatsInputError);
    expect(() => coxZphSmooth([1, 2, 3, 4, 5], [1, 2, 3], 1)).toThrow(/y has 3 entries/);
    expect(() => coxZphSmooth([1, 1, 1, 1, 1], [1, 2, 3, 4, 5], 1)).toThrow(StatsInputError);
  });
});

describe('coxZphResiduals: invariants (fast-check)', () => {
  const c = fx.cases[0]!;
  const fit = coxPH(c.data);
  const ref = coxZphResiduals(c.data, fit);
  const n = c.data.time.length;

  it('the mean of a column’s scaled residuals is its coefficient (Σ Schoenfeld residuals = 0 at β̂)', () => {
    ref.columns.forEach((col, j) => {
      const y = ref.y[col]!;
      const mean = y.reduce((a, v) => a + v, 0) / y.length;
      expect(Math.abs(mean - fit.terms[j]!.coef!)).toBeLessThan(
        1e-6 * Math.max(1, Math.abs(fit.terms[j]!.coef!)),
      );
    });
  });

  it('row order changes no residual (ties are matched as a set)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
        (keys) => {
          const perm = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
          const pick = (a: ArrayLike<number>) => perm.map((i) => a[i]!);
          const data = {
            time: pick(c.data.time),
            event: pick(c.data.event),
            covariates: Object.fromEntries(Object.entries(c.data.covariates).map(([k, v]) => [k, pick(v)])),
          };
          const z = coxZphResiduals(data, coxPH(data));
          const sorted = (a: ArrayLike<number>) => Array.from(a).sort((u, v) => u - v);
          for (const col of ref.columns) {
            const a = sorted(z.y[col]!);
            const b = sorted(ref.y[col]!);
            a.forEach((v, i) => {
              expect(v).toBeCloseTo(b[i]!, 8);
            });
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('coxZphResiduals and coxZphSmooth on categorical covariates and tied times against R (cox-zph-plot-patterns.R, 1e-9)', () => {
  it('has its four cases', () => expect(byPatterns.cases.length).toBe(4));
  it.each(byPatterns.cases.map((c) => [c.name, c] as const))('%s', (_, c) => checkCase(c));
});
