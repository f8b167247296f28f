import { describe, expect, it } from 'vitest';
import type { KmCurve } from '../src/analysis/survivalTypes.js';
import { censorMarksFormBar, omittedMarksSentence } from '../src/render/censorMarks.js';

/** A curve with one censoring at each of `times` (and no events: the rule reads the censorings only). */
function curve(label: string, times: readonly number[]): KmCurve {
  return {
    label,
    n: times.length,
    events: 0,
    time: times,
    survival: times.map(() => 1),
    lower: times.map(() => 1),
    upper: times.map(() => 1),
    nCensor: times.map(() => 1),
    median: { estimate: null, lower: null, upper: null },
    landmarks: [],
    atRisk: [],
  };
}

const evenly = (count: number, from: number, to: number) =>
  Array.from({ length: count }, (_, k) => from + ((to - from) * (k + 0.5)) / count);

describe('censoring marks too dense to read', () => {
  it('a censoring in every slot of the axis is a bar; the same data on any time scale decides alike', () => {
    const times = evenly(5000, 0, 100);
    expect(censorMarksFormBar(curve('A', times), 100)).toBe(true);
    // Invariant: rescaling time and axis by the same factor (days vs years) changes nothing.
    expect(
      censorMarksFormBar(
        curve(
          'A',
          times.map((t) => t * 365.25),
        ),
        100 * 365.25,
      ),
    ).toBe(true);
    expect(
      censorMarksFormBar(
        curve(
          'A',
          times.map((t) => t / 12),
        ),
        100 / 12,
      ),
    ).toBe(true);
  });

  it('a study-sized curve keeps its marks: 30 censorings, or marks in under 80% of the slots they span', () => {
    expect(censorMarksFormBar(curve('A', evenly(30, 0, 100)), 100)).toBe(false);
    // 100 censorings over the whole axis occupy half of its 200 slots.
    expect(censorMarksFormBar(curve('A', evenly(100, 0, 100)), 100)).toBe(false);
  });

  it('a dense stretch counts against the stretch it covers, not the whole axis', () => {
    // 400 censorings packed into the first quarter: every slot there holds one.
    expect(censorMarksFormBar(curve('A', evenly(400, 0, 25)), 100)).toBe(true);
  });

  it('the caption names the groups only when some of them keep their marks', () => {
    const dense = curve('Surgery', evenly(5000, 0, 100));
    const sparse = curve('No surgery', evenly(20, 0, 100));
    expect(omittedMarksSentence([sparse], 100)).toBe('');
    expect(omittedMarksSentence([dense, sparse], 100)).toContain('on the Surgery curve (5000 censored');
    expect(omittedMarksSentence([dense, dense], 100)).toContain('on the curves (5000 and 5000 censored');
  });

  it('no axis (xMax 0, every time 0) means no bar', () => {
    expect(censorMarksFormBar(curve('A', [0, 0, 0]), 0)).toBe(false);
  });
});
