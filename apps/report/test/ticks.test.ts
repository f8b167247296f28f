import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  axisEnd,
  implausibleFollowUp,
  MAX_TIME_INTERVALS,
  niceTicks,
  type TimeUnit,
  timeTicks,
} from '../src/analysis/ticks.js';

const UNITS: readonly TimeUnit[] = ['days', 'weeks', 'months', 'years'];
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });

/** True when x is 1, 2 or 5 times a power of ten (up to float rounding of the power). */
function is125(x: number): boolean {
  const m = x / 10 ** Math.floor(Math.log10(x) + 1e-12);
  return [1, 2, 5, 10].some((k) => Math.abs(m - k) < 1e-9 * k);
}

describe('timeTicks: a bounded, nice time axis for any range', () => {
  it('the tick count is bounded for any finite range, in every unit', () => {
    fc.assert(
      fc.property(anyFinite, fc.constantFrom(...UNITS), (maxTime, unit) => {
        const ticks = timeTicks(maxTime, unit);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(MAX_TIME_INTERVALS + 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('the tick count is bounded for any finite range [lo, hi], and the ticks cover it (1-2-5×10^k steps)', () => {
    fc.assert(
      fc.property(anyFinite, anyFinite, (lo, hi) => {
        const ticks = niceTicks(lo, hi);
        expect(ticks.length).toBeGreaterThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(MAX_TIME_INTERVALS + 1);
        for (const t of ticks) expect(Number.isFinite(t)).toBe(true);
        const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
        // Covered unless the next multiple overflows (bounds within a step of ±Number.MAX_VALUE).
        // (Within 1e-9 of a step: float noise such as 36.000000001 months does not add a tick.)
        if (Math.abs(a) < 1e307 && Math.abs(b) < 1e307 && ticks.length > 1) {
          const step = ticks[1]! - ticks[0]!;
          expect(ticks[0]!).toBeLessThanOrEqual(a + 1e-9 * step);
          expect(ticks[ticks.length - 1]!).toBeGreaterThanOrEqual(b - 1e-9 * step);
          if (b - a > 1e-290) expect(is125(step), `step ${step}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(niceTicks(-3.2, 7.9)).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    // Ranges the property found: subnormal bounds, and multiples beyond 2^53 (where i + 1 === i).
    for (const [lo, hi] of [
      [5e-324, 1e-309],
      [1, 1 + 2e-16],
      [1e20, 1e20 + 16384],
    ] as const)
      expect(niceTicks(lo, hi).length, `[${lo}, ${hi}]`).toBeLessThanOrEqual(MAX_TIME_INTERVALS + 1);
    expect(niceTicks(-Number.MAX_VALUE, Number.MAX_VALUE).length).toBeLessThanOrEqual(MAX_TIME_INTERVALS + 1);
  });

  it('ticks start at 0, are equally spaced, finite, and the axis covers the longest time', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-300, max: Number.MAX_VALUE, noNaN: true }),
        fc.constantFrom(...UNITS),
        (maxTime, unit) => {
          const ticks = timeTicks(maxTime, unit);
          expect(ticks[0]).toBe(0);
          const step = ticks[1]!;
          ticks.forEach((t, i) => {
            expect(Number.isFinite(t)).toBe(true);
            expect(t).toBe(i * step);
          });
          expect(axisEnd(ticks, maxTime)).toBeGreaterThanOrEqual(maxTime);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the step is the unit’s clinical step, or whole years in a 1-2-5×10^k pattern', () => {
    const family: Record<TimeUnit, number[]> = {
      days: [1, 2, 7, 14, 30, 60, 90, 180, 365, 730, 1825, 3650],
      weeks: [1, 2, 4, 8, 13, 26, 52, 104, 260, 520],
      months: [1, 2, 3, 6, 12, 24, 36, 48, 60, 120, 240, 600, 1200],
      years: [1, 2, 5, 10, 20, 50, 100],
    };
    const perYear: Record<TimeUnit, number> = { days: 365, weeks: 52, months: 12, years: 1 };
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e300, noNaN: true }),
        fc.constantFrom(...UNITS),
        (maxTime, unit) => {
          const step = timeTicks(maxTime, unit)[1]!;
          expect(family[unit].includes(step) || is125(step / perYear[unit]), `${unit} step ${step}`).toBe(
            true,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('months step in quarters, half years and years; days in months, quarters and years', () => {
    // The clinical conventions the step families encode (the built-in cohort's axis is 0–60 by 6).
    expect(timeTicks(56.3, 'months')).toEqual([0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60]);
    expect(timeTicks(100, 'months')).toEqual([0, 12, 24, 36, 48, 60, 72, 84, 96, 108]);
    expect(timeTicks(25, 'months')).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(timeTicks(800, 'days')).toEqual([0, 90, 180, 270, 360, 450, 540, 630, 720, 810]);
    expect(timeTicks(3000, 'days')).toEqual([0, 365, 730, 1095, 1460, 1825, 2190, 2555, 2920, 3285]);
    expect(timeTicks(12, 'years')).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it('extreme times (1e9, 1e12, 1e300, Number.MAX_VALUE) give a short axis at once', () => {
    for (const t of [1e9, 1e12, 1e300, 1.5e308, Number.MAX_VALUE]) {
      const start = performance.now();
      const ticks = timeTicks(t, 'days');
      // A regression bound for the old behaviour (minutes, then out of memory), loose enough for a
      // loaded machine: the generator itself takes microseconds.
      expect(performance.now() - start).toBeLessThan(2000);
      expect(ticks.length).toBeLessThanOrEqual(MAX_TIME_INTERVALS + 1);
      expect(axisEnd(ticks, t)).toBeGreaterThanOrEqual(t);
    }
  });

  it('no data, zero or non-finite times give the unit axis [0, 1]', () => {
    for (const t of [0, -5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(timeTicks(t, 'months')).toEqual([0, 1]);
  });
});

describe('implausibleFollowUp: follow-up longer than 150 years is flagged in its unit', () => {
  it('flags 151 years in every unit and passes 149 years', () => {
    const perYear: Record<TimeUnit, number> = { days: 365.25, weeks: 365.25 / 7, months: 12, years: 1 };
    for (const unit of UNITS) {
      expect(implausibleFollowUp(149 * perYear[unit], unit, 'x')).toBeNull();
      expect(implausibleFollowUp(151 * perYear[unit], unit, 'endpoints[0] (OS)')).toMatch(
        new RegExp(
          `^endpoints\\[0\\] \\(OS\\): the longest follow-up is .* ${unit} \\(about 151 years\\), more than 150 years`,
        ),
      );
    }
  });
});
