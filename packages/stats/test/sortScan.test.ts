import { describe, expect, it } from 'vitest';
import { DistinctTimes, isNearTie } from '../src/internal/timefix.js';
import { sortByMagnitude } from '../src/survival/internal/radixSort.js';
import { scanTimes, sortIntoSegments } from '../src/survival/internal/segments.js';
import { lehmer } from './seededRandom.js';

// Oracle: the built-in comparator sort, and the time fix's first walk restated over its output —
// the distinct magnitudes in ascending order, their smallest neighbouring gap and their mean.

/** Signed values of mixed shapes: continuous (runs of one or two high words), ties, ±0, a cluster. */
function mixed(n: number, seed: number, shape: 'continuous' | 'tied' | 'cluster'): Float64Array {
  const rand = lehmer(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rand();
    let t = -Math.log(rand()) * 20;
    if (shape === 'tied') t = Math.round(t * 4) / 4;
    // Times at 1.7·10⁹ within a few thousand units share high words in runs of hundreds.
    if (shape === 'cluster') t = 1.7e9 + t * 50;
    if (u < 0.01) t = 0;
    out[i] = rand() < 0.3 ? -t : t;
  }
  return out;
}

function walk(sorted: Float64Array): { distinct: number; minGap: number; meanAbs: number } {
  const times = [...new Set(Array.from(sorted, Math.abs))];
  let minGap = Number.POSITIVE_INFINITY;
  for (let k = 1; k < times.length; k++) minGap = Math.min(minGap, times[k]! - times[k - 1]!);
  const meanAbs = times.reduce((s, t) => s + t, 0) / times.length;
  return { distinct: times.length, minGap, meanAbs };
}

describe("sortByMagnitude's insertion scan is the time fix's first walk", () => {
  for (const shape of ['continuous', 'tied', 'cluster'] as const) {
    it(`sorts by |x| and reports the distinct count, smallest gap and mean |x| of its output (${shape}, n = 40 000)`, () => {
      const n = 40_000;
      const v = mixed(n, 2024 + shape.length, shape);
      const sorted = Float64Array.from(v);
      const distinct = new DistinctTimes();
      const minGap = sortByMagnitude(sorted, new Float64Array(n), distinct);
      expect(Array.from(sorted, Math.abs)).toEqual(Array.from(v, Math.abs).sort((a, b) => a - b));
      const key = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
      expect(Array.from(sorted, key).sort()).toEqual(Array.from(v, key).sort());
      if (shape === 'cluster') {
        // Runs of hundreds of one high word: the insertion scan gives up and reports nothing.
        expect(minGap).toBeNaN();
        return;
      }
      const expected = walk(sorted);
      expect(minGap).toBe(expected.minGap);
      expect(distinct.size).toBe(expected.distinct);
      // The sum runs in scan order, which differs from the sorted order only where a run was
      // reordered: the same mean to a few ulps.
      expect(Math.abs(distinct.meanAbs() - expected.meanAbs)).toBeLessThanOrEqual(
        8 * Number.EPSILON * expected.meanAbs,
      );
    });
  }

  it('one unweighted segment carries the scan; scanTimes returns the same answer as its own walk', () => {
    const n = 30_000;
    const v = mixed(n, 77, 'continuous');
    const time = Float64Array.from(v, Math.abs);
    const event = Uint8Array.from(v, (x) => (x < 0 || Object.is(x, -0) ? 0 : 1));
    const seg = sortIntoSegments(time, event, undefined, 1, undefined);
    expect(seg.scan).toBeDefined();
    const own = scanTimes({ ...seg, scan: undefined });
    expect(seg.scan!.distinct).toBe(own.distinct);
    expect(seg.scan!.nearTies).toBe(own.nearTies);
    expect(Math.abs(seg.scan!.meanAbs - own.meanAbs)).toBeLessThanOrEqual(8 * Number.EPSILON * own.meanAbs);
    expect(isNearTie(walk(seg.times).minGap, own.meanAbs)).toBe(own.nearTies);
  });
});
