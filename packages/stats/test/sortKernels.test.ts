import { describe, expect, it } from 'vitest';
import { argsortFloat64 } from '../src/internal/sort.js';
import { sortByMagnitude } from '../src/survival/internal/radixSort.js';

// Oracle: the built-in stable Array sort (ES2019) with a numeric comparator. Sizes above the
// radix thresholds (4096 for the Cox argsort, 2^14 for the survival sort) take the radix paths.
function sample(n: number, seed: number): Float64Array {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rand();
    // heavy ties, negatives, ±0, tiny and huge magnitudes
    out[i] =
      u < 0.2
        ? Math.round(rand() * 20)
        : u < 0.3
          ? rand() < 0.5
            ? -0
            : 0
          : u < 0.4
            ? -rand() * 1e300
            : (rand() - 0.3) * 1e3;
  }
  return out;
}

describe('radix sorts agree with a stable comparator sort', () => {
  for (const n of [100, 20_000]) {
    for (const descending of [false, true]) {
      it(`argsortFloat64 is the stable ${descending ? 'descending' : 'ascending'} order (n = ${n}), sortedOut the sorted values`, () => {
        const v = sample(n, 7 + n);
        const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
          descending ? v[b]! - v[a]! : v[a]! - v[b]!,
        );
        for (const scratch of [null, new Float64Array(3 * n)]) {
          const sorted = new Float64Array(n);
          const perm = argsortFloat64(v, descending, scratch, sorted);
          expect(Array.from(perm)).toEqual(expected);
          expect(Array.from(sorted)).toEqual(expected.map((i) => v[i]! + 0));
        }
      });
    }
  }

  it('sortByMagnitude orders by |x| and keeps every signed value (n = 20 000)', () => {
    const n = 20_000;
    const v = sample(n, 99).map((x) => Math.min(Math.abs(x), 1e300) * (x < 0 || Object.is(x, -0) ? -1 : 1));
    const sorted = Float64Array.from(v);
    sortByMagnitude(sorted, new Float64Array(n));
    for (let k = 1; k < n; k++) expect(Math.abs(sorted[k]!)).toBeGreaterThanOrEqual(Math.abs(sorted[k - 1]!));
    const key = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
    expect(Array.from(sorted, key).sort()).toEqual(Array.from(v, key).sort());
  });
});
